import * as z from 'zod';

/** A date (`2026-11-23`, the whole day in UTC) or an instant (`2026-11-23T10:00:00Z`). */
const When = z.union([z.iso.date(), z.iso.datetime()], {
  error: 'must be a date like 2026-11-23 or an ISO time',
});

/**
 * `GET /v1/audit?from=&to=&limit=&cursor=`, as ISO instants: a bare `to` date means the end of
 * that day. Whether `cursor` is one the API gave out is the route's to check.
 */
export const AuditQuerySchema = z
  .object({
    from: When.optional(),
    to: When.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(400).optional(),
  })
  .transform(({ from, to, ...rest }) => ({
    ...rest,
    from: from ? new Date(from).toISOString() : '0000-01-01T00:00:00.000Z',
    to: to
      ? to.length === 10
        ? `${to}T23:59:59.999Z`
        : new Date(to).toISOString()
      : '9999-12-31T23:59:59.999Z',
  }));
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

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
