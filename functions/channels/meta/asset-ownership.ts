import * as z from 'zod';
import { FrontdeskError } from '../../platform/errors.js';

export type MetaClaimChannel = 'whatsapp' | 'messenger' | 'instagram';

/** Meta could not be asked (network, timeout, 5xx): the claim can be tried again later. */
export class MetaUnreachableError extends FrontdeskError {}

const Node = z.object({
  id: z.string(),
  instagram_business_account: z.object({ id: z.string() }).optional(),
});

/**
 * What the Graph API must answer, with the business's token, for each kind of address:
 * - `whatsapp`: the phone number id itself (`GET /<phone-number-id>`), readable only with a token of
 *   the WhatsApp Business Account that holds the number;
 * - `messenger`: `GET /me` with a page token is that page;
 * - `instagram`: `GET /me` with the token of the page the Instagram account is linked to names it
 *   as `instagram_business_account` (replies go out as that page).
 */
const requestFor = (channel: MetaClaimChannel, address: string) =>
  channel === 'whatsapp'
    ? { node: address, fields: 'id', owns: (n: z.infer<typeof Node>) => n.id === address }
    : channel === 'messenger'
      ? { node: 'me', fields: 'id', owns: (n: z.infer<typeof Node>) => n.id === address }
      : {
          node: 'me',
          fields: 'id,instagram_business_account',
          owns: (n: z.infer<typeof Node>) => n.instagram_business_account?.id === address,
        };

/**
 * True when Meta confirms that `token` controls the address; false when Meta refuses or names
 * another asset. Throws `MetaUnreachableError` when Meta could not be asked.
 */
export const tokenControlsAddress = async (
  graph: { baseUrl: string; version: string; timeoutMs?: number },
  channel: MetaClaimChannel,
  address: string,
  token: string,
): Promise<boolean> => {
  const { node, fields, owns } = requestFor(channel, address);
  const url = `${graph.baseUrl}/${graph.version}/${encodeURIComponent(node)}?fields=${fields}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(graph.timeoutMs ?? 8000),
    });
  } catch (error) {
    throw new MetaUnreachableError(`Could not reach the Graph API: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (response.status >= 500) throw new MetaUnreachableError(`The Graph API answered ${response.status}`);
  if (!response.ok) return false;
  const parsed = Node.safeParse(await response.json().catch(() => undefined));
  return parsed.success && owns(parsed.data);
};
