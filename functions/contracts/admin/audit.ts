import * as z from 'zod';

export const AuditActorSchema = z.strictObject({
  /** `user`: a person signed in; `key`: an API key; `phone`: an owner by chat; `platform`: the operator. */
  kind: z.enum(['user', 'key', 'phone', 'platform']),
  /** The user id, key id or phone number; absent for the platform key. */
  id: z.string().optional(),
  email: z.string().optional(),
  role: z.string().optional(),
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

/** Who changed what, on which object, when, from where, in which request. */
export const AuditEntrySchema = z.strictObject({
  auditId: z.string(),
  at: z.string(),
  tenantId: z.string().optional(),
  actor: AuditActorSchema,
  /** What was done, e.g. `POST /v1/documents/{id}/reindex` or `chat !add`. */
  action: z.string(),
  /** The object acted on, by id (never a customer's number or words). */
  target: z.string().optional(),
  /** Where it came from: `api`, `console` or a chat channel, and the source address. */
  via: z.strictObject({ channel: z.string(), address: z.string().optional() }),
  requestId: z.string().optional(),
  /** The outcome in a few words or numbers; never a customer's words. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** `GET /v1/audit`: a page, newest first; `cursor` (absent on the last page) asks for the next. */
export const AuditPageSchema = z.strictObject({
  entries: z.array(AuditEntrySchema),
  cursor: z.string().optional(),
  /** Entries leave the trail after this many days. */
  retentionDays: z.number(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;
