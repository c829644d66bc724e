import * as z from 'zod';
import { ROLES } from '../roles.js';

/** A person of the business, in `GET /v1/users` and the answers that change one. */
export const PersonSchema = z.strictObject({
  userId: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  mfa: z.boolean(),
  invitedAt: z.string(),
});
export type Person = z.infer<typeof PersonSchema>;

export const PeopleListSchema = z.strictObject({ users: z.array(PersonSchema) });
export type PeopleList = z.infer<typeof PeopleListSchema>;

/** `GET /v1/me`: a signed-in person, or an API key (which acts as the owner, without MFA). */
export const MeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('person'),
    tenantId: z.string(),
    userId: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    mfa: z.boolean(),
    /** This owner must set up an authenticator app before anything else. */
    mfaRequired: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('key'),
    tenantId: z.string(),
    keyId: z.string().optional(),
    role: z.literal('owner'),
    mfa: z.literal(false),
    mfaRequired: z.literal(false),
  }),
]);
export type Me = z.infer<typeof MeSchema>;

/** `POST /v1/me/mfa`. */
export const MfaNotedSchema = z.strictObject({ mfa: z.literal(true) });
export type MfaNoted = z.infer<typeof MfaNotedSchema>;
