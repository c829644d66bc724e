import { issueApiKey } from '../../functions/store/api-keys.js';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import { findTenantByOwner } from '../../functions/store/tenants.js';
import type { LocalStack } from '../../local-stack/stack.js';
import { PLATFORM_KEY } from './admin-client.js';
import { participant } from './local-stack.js';

/** Calls the admin API with a bearer key; returns the status and the parsed JSON. */
export const callAdmin = async (
  stack: LocalStack,
  key: string,
  method: string,
  path: string,
  body?: unknown,
) => {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
};

/**
 * A business registered by chat, as an owner would (`!register`, then `!add` per fact), plus an
 * admin API key for it. `connect` gives it an address as the claim flows end: a Twilio number
 * assigned by the platform key (`POST /v1/tenants/{id}/channels`); a Meta address with its route
 * and token stored directly, since proving a Meta token needs the Graph API
 * (test/integration/channel-claims.test.ts covers that flow against a local Graph API).
 */
export const registerBusinessByChat = async (
  stack: LocalStack,
  input: { ownerPhone: string; name: string; facts: string[] },
) => {
  const owner = participant(stack, input.ownerPhone);
  await owner.ask(`!register ${input.name}`);
  for (const fact of input.facts) await owner.ask(`!add ${fact}`);
  const tenant = await findTenantByOwner(stack.runtime.table, input.ownerPhone);
  if (!tenant) throw new Error(`${input.name} was not registered`);
  const apiKey = await issueApiKey(stack.runtime.table, tenant.tenantId);
  return {
    tenantId: tenant.tenantId,
    apiKey,
    owner,
    admin: (method: string, path: string, body?: unknown) => callAdmin(stack, apiKey, method, path, body),
    async connect(channel: string, address: string) {
      if (channel !== 'twilio') {
        await putChannelRoute(stack.runtime.table, { channel, address, tenantId: tenant.tenantId });
        await stack.runtime.channelTokens.put(channel, address, `test-token-${channel}-${address}`);
        return;
      }
      const path = `/v1/tenants/${tenant.tenantId}/channels`;
      const { status, json } = await callAdmin(stack, PLATFORM_KEY, 'POST', path, { channel, address });
      if (status !== 201) throw new Error(`POST ${path} answered ${status}: ${JSON.stringify(json)}`);
    },
  };
};
