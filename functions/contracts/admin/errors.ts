import * as z from 'zod';

/** Every refused or failed call (4xx, 5xx): a message a person can act on. */
export const ApiErrorSchema = z.strictObject({ error: z.string() });
export type ApiErrorBody = z.infer<typeof ApiErrorSchema>;
