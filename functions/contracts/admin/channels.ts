import * as z from 'zod';
import { RouteChannelSchema } from './requests.js';

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
