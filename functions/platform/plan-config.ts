import * as z from 'zod/mini';

/**
 * What a business may use, set by the platform operator per business (`PUT /v1/tenants/{id}/plan`).
 * A business may lower its own model budget, never raise it past the plan.
 */
export interface Plan {
  /** Estimated model spend (answers, test chat and embeddings) per calendar month (UTC), USD. */
  monthlyBudgetUsd: number;
  /** Customer messages answered per calendar month. */
  messagesPerMonth: number;
  /** Knowledge quota: documents (uploaded files and chat facts) and the passages they make. */
  documents: number;
  chunks: number;
  /** Questions in the console's test chat per minute. */
  testChatsPerMinute: number;
  /** Messages visitors may send through the website chat widget per day (UTC), all visitors together. */
  webMessagesPerDay: number;
}

const positiveInt = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

/** The stage's default plan, merged into the one schema `config.ts` parses. */
export const PLAN_ENV = {
  /** 0 means no model budget cap. */
  TENANT_MONTHLY_BUDGET_USD: z._default(z.coerce.number().check(z.minimum(0)), 20),
  PLAN_MESSAGES_PER_MONTH: positiveInt(5_000),
  PLAN_DOCUMENTS: positiveInt(100),
  PLAN_CHUNKS: positiveInt(5_000),
  PLAN_TEST_CHATS_PER_MINUTE: positiveInt(20),
  PLAN_WEB_MESSAGES_PER_DAY: positiveInt(500),
};

type PlanEnv = z.infer<z.ZodMiniObject<typeof PLAN_ENV>>;

export const toDefaultPlan = (env: PlanEnv): Plan => ({
  monthlyBudgetUsd: env.TENANT_MONTHLY_BUDGET_USD,
  messagesPerMonth: env.PLAN_MESSAGES_PER_MONTH,
  documents: env.PLAN_DOCUMENTS,
  chunks: env.PLAN_CHUNKS,
  testChatsPerMinute: env.PLAN_TEST_CHATS_PER_MINUTE,
  webMessagesPerDay: env.PLAN_WEB_MESSAGES_PER_DAY,
});
