import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Plan } from '../platform/plan-config.js';
import { isConditionalCheckFailed, type Table } from './client.js';
import { keys } from './keys.js';

/**
 * A business's plan lives on its profile item as `plan`: only what the platform operator set, the
 * rest follows the stage's default plan. No tenant route writes this attribute (the profile
 * routes' schemas are strict), so a business can never lift its own limits.
 */
export type PlanOverrides = Partial<Plan>;

export const planOf = (defaults: Plan, overrides: PlanOverrides | undefined): Plan => ({
  ...defaults,
  ...Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => typeof v === 'number')),
});

/**
 * The model budget that applies this month: the plan's, or the business's own lower one. A plan
 * budget of 0 means no cap from the platform; the business's own cap still applies.
 */
export const effectiveBudgetUsd = (plan: Plan, ownBudgetUsd: number | undefined): number => {
  if (plan.monthlyBudgetUsd === 0) return ownBudgetUsd ?? 0;
  return Math.min(ownBudgetUsd ?? plan.monthlyBudgetUsd, plan.monthlyBudgetUsd);
};

/** Replaces the operator's overrides; false when the tenant does not exist. */
export const putPlanOverrides = async (
  table: Table,
  tenantId: string,
  overrides: PlanOverrides,
): Promise<boolean> => {
  try {
    await table.client.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.tenantProfile(tenantId),
        UpdateExpression: 'SET #plan = :plan',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#plan': 'plan' },
        ExpressionAttributeValues: { ':plan': overrides },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
};
