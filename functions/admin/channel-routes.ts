import { z } from 'zod';
import { BadRequestError, HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import { listChannelRoutes } from '../store/channel-routes.js';
import { AddressTakenError, deleteChannelRoute, putChannelRoute } from '../store/tenants.js';
import { type AdminRoute, tenantOf } from './router.js';

/**
 * The receiving address on each channel that routes customers to a tenant:
 * - `twilio`: a Twilio phone number in E.164 (SMS, WhatsApp via Twilio and voice calls to it);
 * - `whatsapp`: a WhatsApp Cloud API `phone_number_id`;
 * - `messenger`: a Facebook page id;
 * - `instagram`: an Instagram professional account id.
 */
const ADDRESS_PATTERNS = {
  twilio: /^\+[1-9]\d{6,14}$/,
  whatsapp: /^\d{5,25}$/,
  messenger: /^\d{5,25}$/,
  instagram: /^\d{5,25}$/,
} as const;

const RouteChannel = z.enum(['twilio', 'whatsapp', 'messenger', 'instagram']);
type RouteChannel = z.infer<typeof RouteChannel>;

const ADDRESS_HINTS: Record<RouteChannel, string> = {
  twilio: 'a phone number in E.164, e.g. +14155550100',
  whatsapp: 'the WhatsApp Cloud API phone number id (digits), not the phone number',
  messenger: 'the Facebook page id (digits)',
  instagram: 'the Instagram professional account id (digits)',
};

const ClaimRouteBody = z
  .object({ channel: RouteChannel, address: z.string().trim().min(1).max(64) })
  .superRefine((body, ctx) => {
    if (!ADDRESS_PATTERNS[body.channel].test(body.address)) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: `must be ${ADDRESS_HINTS[body.channel]}` });
    }
  });

export const channelRoutes: AdminRoute[] = [
  {
    method: 'POST',
    path: '/v1/channels',
    access: 'tenant',
    body: ClaimRouteBody,
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const { channel, address } = request.body as z.infer<typeof ClaimRouteBody>;
      try {
        await putChannelRoute(runtime.table, { channel, address, tenantId });
      } catch (error) {
        if (error instanceof AddressTakenError)
          throw new HttpError(409, `This ${channel} address is already connected to another business`, {
            cause: error,
          });
        throw error;
      }
      return jsonResponse(201, { channel, address, tenantId });
    },
  },
  {
    method: 'GET',
    path: '/v1/channels',
    access: 'tenant',
    async handle(request, runtime) {
      const routes = await listChannelRoutes(runtime.table, tenantOf(request));
      return jsonResponse(200, {
        channels: routes.map(({ channel, address, createdAt }) => ({ channel, address, createdAt })),
      });
    },
  },
  {
    method: 'DELETE',
    path: '/v1/channels/{channel}/{address}',
    access: 'tenant',
    async handle(request, runtime) {
      const channel = RouteChannel.safeParse(request.params.channel);
      const address = request.params.address ?? '';
      if (!channel.success || !ADDRESS_PATTERNS[channel.data].test(address))
        throw new BadRequestError('Unknown channel or malformed address');
      const deleted = await deleteChannelRoute(runtime.table, {
        channel: channel.data,
        address,
        tenantId: tenantOf(request),
      });
      if (!deleted) throw new HttpError(404, 'This business has no such channel address');
      return { statusCode: 204 };
    },
  },
];
