import * as z from 'zod';
import { PlanSchema } from './requests.js';

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
