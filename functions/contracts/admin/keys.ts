import * as z from 'zod';

/** One of the business's API keys, never the key itself. */
export const KeyViewSchema = z.strictObject({
  keyId: z.string(),
  /** The key's first characters, to tell keys apart; never enough to use one. */
  hint: z.string(),
  label: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** The key this request was made with. */
  current: z.boolean(),
});
export type KeyView = z.infer<typeof KeyViewSchema>;

export const KeyListSchema = z.strictObject({ keys: z.array(KeyViewSchema) });
export type KeyList = z.infer<typeof KeyListSchema>;

/** `POST /v1/keys` (201): the key itself is in this answer only (it is stored as SHA-256). */
export const IssuedKeySchema = KeyViewSchema.extend({ apiKey: z.string() });
export type IssuedKey = z.infer<typeof IssuedKeySchema>;

/** `POST /v1/keys/{id}/rotate` (201): the new key, and the id of the one it replaced (now revoked). */
export const RotatedKeySchema = IssuedKeySchema.extend({ replaced: z.string() });
export type RotatedKey = z.infer<typeof RotatedKeySchema>;
