import * as z from 'zod';

/** `PUT /v1/tenant/profile` (200): the settings as saved; a cleared field is an empty string. */
export const SavedSettingsSchema = z.strictObject({
  name: z.string(),
  tone: z.string(),
  hours: z.string(),
  language: z.string(),
});
export type SavedSettings = z.infer<typeof SavedSettingsSchema>;

/** `GET /v1/tenant/profile`: the settings and the business code customers name it by. */
export const BusinessSettingsSchema = SavedSettingsSchema.extend({ code: z.string() });
export type BusinessSettings = z.infer<typeof BusinessSettingsSchema>;

/** `PATCH /v1/tenant/profile`: the fields changed, and the new alert addresses awaiting their code. */
export const ProfileUpdatedSchema = z.strictObject({
  updated: z.array(z.string()),
  pendingConfirmation: z.array(z.string()),
});
export type ProfileUpdated = z.infer<typeof ProfileUpdatedSchema>;

/** `POST /v1/tenant/owner-contacts/confirm` (200). */
export const ContactConfirmedSchema = z.strictObject({ address: z.string(), confirmed: z.literal(true) });
export type ContactConfirmed = z.infer<typeof ContactConfirmedSchema>;
