import { FrontdeskError } from '../platform/errors.js';

/** A receiving address as routes are keyed: the route channel (`twilio`, `whatsapp`...) and address. */
export interface RouteAddress {
  channel: string;
  address: string;
}

/**
 * The receiving addresses' businesses as this process last read them, so that a warm worker
 * need not read an address's route before it knows whose message it is. A hint, never the
 * truth: a message routed from memory carries its route as unconfirmed, and the route is read
 * before the business is used, with the answer's other reads (`store/answer-context.ts`, one
 * batch, strongly consistent) or on its own for any other path (a command, an empty message).
 * If the route moved, the message is routed again from what was read, before anything was
 * written for it (`RouteMovedError`): a route change takes effect on the next message, as it
 * did when every message read the route.
 *
 * Only addresses that name a business are kept: an address with no route (a shared number, a
 * Meta id no business claimed yet) is read each time, so a route added takes effect at once.
 */
export interface RouteHints {
  get(route: RouteAddress): string | undefined;
  remember(route: RouteAddress, tenantId: string | undefined): void;
}

/** The route of a remembered address named another business, or none, when it was read. */
export class RouteMovedError extends FrontdeskError {
  constructor(readonly tenantId: string | undefined) {
    super('The receiving address was routed to another business since this worker last read it');
  }
}

/**
 * An in-process map, least recently used out past `maxEntries`; an entry is used for `ttlMs`
 * after it was read (every use is confirmed, so this only bounds how long a stale hint costs a
 * second read).
 */
export const createRouteHints = (
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): RouteHints => {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { tenantId: string; readAt: number }>();
  const keyOf = (route: RouteAddress) => `${route.channel}|${route.address}`;
  return {
    get(route) {
      const key = keyOf(route);
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (now() - entry.readAt > ttlMs) return undefined;
      entries.set(key, entry);
      return entry.tenantId;
    },
    remember(route, tenantId) {
      const key = keyOf(route);
      entries.delete(key);
      if (!tenantId) return;
      entries.set(key, { tenantId, readAt: now() });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
};
