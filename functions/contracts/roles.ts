/**
 * The roles a person holds in one business. An API key acts as `owner`: keys are machine access
 * the owner made, and only an owner can make or revoke them.
 */
export const ROLES = ['owner', 'staff', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who may call one admin route: the platform key alone, or the listed roles of a business. */
export type RouteAccess = 'platform' | readonly Role[];

/** The whole business: people, keys, channels, plan, profile, data rights, the audit trail. */
export const OWNER_ONLY: RouteAccess = ['owner'];
/** Day-to-day work: conversations, test chat, insights, documents. */
export const OWNER_AND_STAFF: RouteAccess = ['owner', 'staff'];
/** Reading: every role of the business. */
export const ANY_ROLE: RouteAccess = ['owner', 'staff', 'viewer'];

export const mayUse = (access: RouteAccess, role: Role): boolean =>
  access !== 'platform' && access.includes(role);
