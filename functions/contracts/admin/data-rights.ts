import * as z from 'zod';

/** `POST /v1/exports` (201): one archive of everything, behind a short-lived link. */
export const ExportReadySchema = z.strictObject({
  exportId: z.string(),
  url: z.string(),
  expiresAt: z.string(),
  bytes: z.number(),
  /** How many of each thing the archive holds. */
  contents: z.record(z.string(), z.number()),
});
export type ExportReady = z.infer<typeof ExportReadySchema>;

/** `POST /v1/customers/erase`: the conversation erased, and how many of each record went. */
export const CustomerErasedSchema = z.strictObject({
  conversationId: z.string(),
  erased: z.strictObject({
    turns: z.number(),
    conversationRecords: z.number(),
    gaps: z.number(),
    sessions: z.number(),
    /** A website visitor's record (a name or e-mail they left), transcript and open connections. */
    webRecords: z.number(),
  }),
});
export type CustomerErased = z.infer<typeof CustomerErasedSchema>;

/** `DELETE /v1/tenants/{id}` (platform key): the business is gone, with everything it owned. */
export const BusinessDeletedSchema = z.strictObject({
  tenantId: z.string(),
  code: z.string(),
  deleted: z.record(z.string(), z.number()),
});
export type BusinessDeleted = z.infer<typeof BusinessDeletedSchema>;
