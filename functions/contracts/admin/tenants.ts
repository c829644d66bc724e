import * as z from 'zod';

/** `POST /v1/tenants` (platform key): a new business. */
export const CreateTenantBodySchema = z.object({ name: z.string().trim().min(1).max(120) });
export type CreateTenantBody = z.infer<typeof CreateTenantBodySchema>;

/** The limits a business works within. */
export const PlanSchema = z.strictObject({
  /** Estimated model spend per calendar month (UTC), USD; 0 means no budget. */
  monthlyBudgetUsd: z.number().min(0).max(100_000),
  messagesPerMonth: z.number().int().positive().max(10_000_000),
  documents: z.number().int().positive().max(10_000),
  chunks: z.number().int().positive().max(1_000_000),
  testChatsPerMinute: z.number().int().positive().max(1_000),
});
export type Plan = z.infer<typeof PlanSchema>;

/** `PUT /v1/tenants/{id}/plan` (platform key): a field left out follows the stage's default plan. */
export const PlanBodySchema = PlanSchema.partial();
export type PlanBody = z.infer<typeof PlanBodySchema>;

/** `POST /v1/tenants` (201): the business and its first API key (shown once). */
export const TenantCreatedSchema = z.strictObject({
  tenantId: z.string(),
  code: z.string(),
  name: z.string(),
  apiKey: z.string(),
});
export type TenantCreated = z.infer<typeof TenantCreatedSchema>;

/** `POST /v1/tenants/{id}/api-keys` (201, platform key): one more key for the business. */
export const TenantKeyIssuedSchema = z.strictObject({
  tenantId: z.string(),
  code: z.string(),
  apiKey: z.string(),
});
export type TenantKeyIssued = z.infer<typeof TenantKeyIssuedSchema>;

/** `GET /v1/tenant`: the calling business. */
export const TenantSchema = z.strictObject({
  tenantId: z.string(),
  name: z.string(),
  code: z.string(),
  createdAt: z.string(),
});
export type Tenant = z.infer<typeof TenantSchema>;

/** `GET /v1/tenant/plan`, `GET|PUT /v1/tenants/{id}/plan`: the plan in force and what was used of it. */
export const PlanReportSchema = z.strictObject({
  tenantId: z.string(),
  plan: PlanSchema,
  budgetInForceUsd: z.number(),
  used: z.strictObject({
    month: z.string(),
    messages: z.number(),
    costUsd: z.number(),
    documents: z.number(),
    chunks: z.number(),
  }),
});
export type PlanReport = z.infer<typeof PlanReportSchema>;
