import * as z from 'zod';

/**
 * The receiving address on each channel that routes customers to a business:
 * - `twilio`: a Twilio phone number in E.164 (SMS, WhatsApp via Twilio and voice calls to it);
 * - `whatsapp`: a WhatsApp Cloud API `phone_number_id`;
 * - `messenger`: a Facebook page id;
 * - `instagram`: an Instagram professional account id.
 */
export const RouteChannelSchema = z.enum(['twilio', 'whatsapp', 'messenger', 'instagram']);
export type RouteChannel = z.infer<typeof RouteChannelSchema>;

export const ADDRESS_PATTERNS: Record<RouteChannel, RegExp> = {
  twilio: /^\+[1-9]\d{6,14}$/,
  whatsapp: /^\d{5,25}$/,
  messenger: /^\d{5,25}$/,
  instagram: /^\d{5,25}$/,
};

export const ADDRESS_HINTS: Record<RouteChannel, string> = {
  twilio: 'a phone number in E.164, e.g. +14155550100',
  whatsapp: 'the WhatsApp Cloud API phone number id (digits), not the phone number',
  messenger: 'the Facebook page id (digits)',
  instagram: 'the Instagram professional account id (digits)',
};

const addressIssue = (body: { channel: RouteChannel; address: string }, ctx: z.RefinementCtx) => {
  if (!ADDRESS_PATTERNS[body.channel].test(body.address)) {
    ctx.addIssue({ code: 'custom', path: ['address'], message: `must be ${ADDRESS_HINTS[body.channel]}` });
  }
};

/**
 * `POST /v1/channels`: a business claims a Meta address with an access token that the Graph API
 * confirms controls it (Twilio numbers are assigned by the platform operator).
 */
export const ClaimRouteBodySchema = z
  .object({
    channel: RouteChannelSchema,
    address: z.string().trim().min(1).max(64),
    accessToken: z.string().trim().min(20).max(1024).optional(),
  })
  .strict()
  .superRefine(addressIssue);
export type ClaimRouteBody = z.infer<typeof ClaimRouteBodySchema>;

/** `POST /v1/tenants/{id}/channels` (platform key): a Twilio number of the platform's account. */
export const AssignNumberBodySchema = z
  .object({ channel: z.literal('twilio'), address: z.string().trim().min(1).max(64) })
  .strict()
  .superRefine(addressIssue);
export type AssignNumberBody = z.infer<typeof AssignNumberBodySchema>;

/** One connected address in `GET /v1/channels`. */
export const ChannelRouteViewSchema = z.strictObject({
  channel: RouteChannelSchema,
  address: z.string(),
  createdAt: z.string(),
});
export type ChannelRouteView = z.infer<typeof ChannelRouteViewSchema>;

export const ChannelListSchema = z.strictObject({ channels: z.array(ChannelRouteViewSchema) });
export type ChannelList = z.infer<typeof ChannelListSchema>;

/** `POST /v1/channels`, `POST /v1/tenants/{id}/channels` (201): the address now routes to the business. */
export const ChannelClaimedSchema = z.strictObject({
  channel: RouteChannelSchema,
  address: z.string(),
  tenantId: z.string(),
});
export type ChannelClaimed = z.infer<typeof ChannelClaimedSchema>;
