import { MetaUnreachableError, tokenControlsAddress } from '../channels/meta/asset-ownership.js';
import type { Runtime } from '../composition/runtime.js';
import {
  ADDRESS_PATTERNS,
  type AssignNumberBody,
  AssignNumberBodySchema,
  type ClaimRouteBody,
  ClaimRouteBodySchema,
  type RouteChannel,
  RouteChannelSchema,
} from '../contracts/admin/requests.js';
import type { ChannelClaimed, ChannelList } from '../contracts/admin-api.js';
import { OWNER_ONLY } from '../contracts/roles.js';
import { BadRequestError, ForbiddenError, HttpError } from '../platform/errors.js';
import { jsonResponse } from '../platform/http.js';
import {
  AddressTakenError,
  deleteChannelRoute,
  listChannelRoutes,
  putChannelRoute,
} from '../store/channel-routes.js';
import { getTenant } from '../store/tenants.js';
import { type AdminRoute, tenantOf } from './router.js';

/**
 * Who may claim what: Twilio numbers live in the platform's Twilio account, so only the platform
 * operator assigns them (never a shared number); a Meta address is claimed by a business with an
 * access token that the Graph API confirms controls it, and that token is what replies go out with.
 */
const TOKEN_HINTS: Record<Exclude<RouteChannel, 'twilio'>, string> = {
  whatsapp: 'a system-user token of the WhatsApp Business Account that holds this number',
  messenger: 'the page access token of this page',
  instagram: 'the page access token of the Facebook page this Instagram account is linked to',
};

const claim = async (
  runtime: Runtime,
  route: { channel: RouteChannel; address: string; tenantId: string },
) => {
  try {
    await putChannelRoute(runtime.table, route);
  } catch (error) {
    if (error instanceof AddressTakenError)
      throw new HttpError(409, `This ${route.channel} address is already connected to another business`, {
        cause: error,
      });
    throw error;
  }
};

const refuseSharedNumber = (runtime: Runtime, address: string) => {
  if (runtime.config.sharedNumbers.includes(address))
    throw new HttpError(
      409,
      `${address} is this stage's shared number: it serves every business and can't be assigned`,
    );
};

/** `{channel}/{address}` of a DELETE, checked as strictly as a claim. */
const routeParams = (params: Record<string, string>) => {
  const channel = RouteChannelSchema.safeParse(params.channel);
  const address = params.address ?? '';
  if (!channel.success || !ADDRESS_PATTERNS[channel.data].test(address))
    throw new BadRequestError('Unknown channel or malformed address');
  return { channel: channel.data, address };
};

const release = async (
  runtime: Runtime,
  route: { channel: RouteChannel; address: string; tenantId: string },
) => {
  if (!(await deleteChannelRoute(runtime.table, route)))
    throw new HttpError(404, 'This business has no such channel address');
  if (route.channel !== 'twilio') await runtime.channelTokens.delete(route.channel, route.address);
};

export const channelRoutes: AdminRoute[] = [
  {
    method: 'POST',
    path: '/v1/channels',
    access: OWNER_ONLY,
    body: ClaimRouteBodySchema,
    audit: (request) => {
      const { channel, address } = request.body as ClaimRouteBody;
      return { target: `${channel}/${address}` };
    },
    async handle(request, runtime) {
      const tenantId = tenantOf(request);
      const { channel, address, accessToken } = request.body as ClaimRouteBody;
      if (channel === 'twilio') {
        throw new ForbiddenError(
          "Twilio numbers belong to the platform's Twilio account: ask the platform operator to assign one to your business",
        );
      }
      if (!accessToken) {
        throw new BadRequestError(
          `accessToken: required, ${TOKEN_HINTS[channel]}, so Meta can confirm the ${channel} address is yours`,
        );
      }
      let controls: boolean;
      try {
        controls = await tokenControlsAddress(
          { baseUrl: runtime.config.meta.graphBaseUrl, version: runtime.config.meta.graphVersion },
          channel,
          address,
          accessToken,
        );
      } catch (error) {
        if (error instanceof MetaUnreachableError)
          throw new HttpError(502, 'Meta could not be reached to confirm the token; try again in a minute', {
            cause: error,
          });
        throw error;
      }
      if (!controls) {
        throw new ForbiddenError(
          `Meta did not confirm that this token controls ${channel} ${address}: use ${TOKEN_HINTS[channel]}`,
        );
      }
      // The route first: a token must never replace the one of a business that owns the address.
      await claim(runtime, { channel, address, tenantId });
      await runtime.channelTokens.put(channel, address, accessToken);
      return jsonResponse(201, { channel, address, tenantId } satisfies ChannelClaimed);
    },
  },
  {
    method: 'GET',
    path: '/v1/channels',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      const routes = await listChannelRoutes(runtime.table, tenantOf(request));
      return jsonResponse(200, {
        channels: routes.map(({ channel, address, createdAt }) => ({ channel, address, createdAt })),
      } satisfies ChannelList);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/channels/{channel}/{address}',
    access: OWNER_ONLY,
    async handle(request, runtime) {
      await release(runtime, { ...routeParams(request.params), tenantId: tenantOf(request) });
      return { statusCode: 204 };
    },
  },
  {
    method: 'POST',
    path: '/v1/tenants/{id}/channels',
    access: 'platform',
    body: AssignNumberBodySchema,
    audit: (request) => ({
      target: `twilio/${(request.body as AssignNumberBody).address}`,
    }),
    async handle(request, runtime) {
      const id = request.params.id ?? '';
      const tenant = /^[\w-]{1,64}$/.test(id) ? await getTenant(runtime.table, id) : undefined;
      if (!tenant) throw new HttpError(404, 'Not found');
      const { address } = request.body as AssignNumberBody;
      refuseSharedNumber(runtime, address);
      await claim(runtime, { channel: 'twilio', address, tenantId: tenant.tenantId });
      return jsonResponse(201, {
        channel: 'twilio',
        address,
        tenantId: tenant.tenantId,
      } satisfies ChannelClaimed);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/tenants/{id}/channels/{channel}/{address}',
    access: 'platform',
    async handle(request, runtime) {
      await release(runtime, { ...routeParams(request.params), tenantId: request.params.id ?? '' });
      return { statusCode: 204 };
    },
  },
];
