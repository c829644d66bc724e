/** A visitor as a conversation's customer address (`web:v...`). */
export const webCustomerAddress = (visitorId: string): string => `web:${visitorId}`;

/** The business as the address a web visitor wrote to (`web:<business id>`). */
export const webBusinessAddress = (tenantId: string): string => `web:${tenantId}`;

/** The visitor behind a conversation's customer address, or undefined for any other channel's. */
export const visitorIdOf = (address: string): string | undefined =>
  address.startsWith('web:') ? address.slice('web:'.length) : undefined;
