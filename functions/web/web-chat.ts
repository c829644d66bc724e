import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { acceptInbound } from '../channels/accept.js';
import { webBusinessAddress, webCustomerAddress } from '../channels/web/addresses.js';
import { normaliseOrigin } from '../contracts/origins.js';
import { HttpError } from '../platform/errors.js';
import { sha256Hex } from '../platform/ids.js';
import type { Plan } from '../platform/plan-config.js';
import type { SecretStore } from '../platform/secrets.js';
import type { WidgetConfig } from '../platform/widget-config.js';
import type { MessageQueue } from '../queue/answer-queue.js';
import type { Table } from '../store/client.js';
import { planOf } from '../store/plans.js';
import { getTenant } from '../store/tenants.js';
import { countWebRequest } from '../store/web-rates.js';
import { appendVisitorMessage, type WebEntry, webEntriesAfter } from '../store/web-transcript.js';
import { getWebVisitor, putWebVisitor, setWebVisitorContact } from '../store/web-visitors.js';
import { getWidgetSettings, type WidgetSettings } from '../store/widget-settings.js';
import { webSessionKey } from './session-key.js';
import { newVisitorId, signWebSession, verifyWebSession, type WebSession } from './session-token.js';

export interface WebChatDeps {
  table: Table;
  secrets: SecretStore;
  answerQueue: MessageQueue;
  widget: WidgetConfig;
  defaultPlan: Plan;
  conversationTtlDays: number;
}

/** Who is asking: the Origin header as sent, and the client's address as API Gateway saw it. */
export interface WebCaller {
  origin: string | undefined;
  sourceIp: string;
  /** Set once the origin is found on the business's list: only then may the browser read answers. */
  allowedOrigin?: string;
}

const BusinessId = z
  .string()
  .check(z.regex(/^[\w-]{1,64}$/, 'business is the id from the snippet (data-business)'));
const SessionToken = z.string().check(z.minLength(10), z.maxLength(1000));

export const CreateSessionBody = z.object({
  business: BusinessId,
  /** The page the widget runs on; only its origin and path are kept. */
  page: z.optional(z.string().check(z.maxLength(2048))),
  /** A session the page kept from an earlier visit (localStorage): resumed when still valid. */
  session: z.optional(SessionToken),
});

export const SendMessageBody = z.object({
  business: BusinessId,
  session: SessionToken,
  // Checked against the stage's limit below, so an oversize message gets 413, not a schema error.
  text: z.string().check(z.maxLength(100_000)),
});

export const ContactBody = z.object({
  business: BusinessId,
  session: SessionToken,
  name: z.optional(z.string().check(z.trim(), z.maxLength(80))),
  email: z.optional(z.union([z.literal(''), z.email().check(z.maxLength(200))])),
});

export const PollBody = z.object({
  business: BusinessId,
  session: SessionToken,
  /** The newest line the page has (`id` of an entry); absent: the whole recent conversation. */
  after: z.optional(z.string().check(z.maxLength(200))),
  /** Wait for a new line up to the stage's poll wait; false answers at once. */
  wait: z.optional(z.boolean()),
});

/** What the widget shows before the first message: title, greeting, colour. */
const lookOf = (settings: WidgetSettings, businessName: string) => ({
  title: settings.title || businessName,
  greeting: settings.greeting,
  accentColor: settings.accentColor,
});

/**
 * The business named by the request, if the page asking is on its list. Checked on every request
 * (CORS alone only stops a browser from reading the answer, not the request from acting).
 */
const allowedBusiness = async (deps: WebChatDeps, business: string, caller: WebCaller) => {
  const [tenant, settings] = await Promise.all([
    getTenant(deps.table, business),
    getWidgetSettings(deps.table, business),
  ]);
  const origin = normaliseOrigin(caller.origin);
  if (!tenant || !origin || !settings.allowedOrigins.includes(origin)) {
    // One answer for "no such business" and "not your site": the id alone reveals nothing.
    throw new HttpError(
      403,
      'This website is not allowed to open a chat with this business: the owner adds its origin under Website in the console',
    );
  }
  caller.allowedOrigin = origin;
  return { tenant, settings };
};

const overLimit = (what: string) =>
  new HttpError(429, `Too many ${what}; wait a minute and try again`, { headers: { 'retry-after': '60' } });

const countAddress = async (deps: WebChatDeps, tenantId: string, caller: WebCaller) => {
  const count = await countWebRequest(deps.table, {
    tenantId,
    scope: 'address',
    // Hashed: the counter needs to tell addresses apart, not to know them.
    subject: sha256Hex(caller.sourceIp).slice(0, 24),
    windowSeconds: 60,
  });
  if (count > deps.widget.addressRequestsPerMinute) throw overLimit('requests from this address');
};

const verifiedSession = async (deps: WebChatDeps, token: string, business: string): Promise<WebSession> => {
  const session = verifyWebSession(await webSessionKey(deps.secrets), token);
  if (!session || session.tenantId !== business) {
    throw new HttpError(
      403,
      'This chat session is not valid for this business (expired or altered): reload the page',
    );
  }
  return session;
};

/** The page's origin and path: the query and fragment may hold a visitor's data, so they go. */
const pageOf = (page: string | undefined, origin: string | undefined): string => {
  try {
    const url = new URL(page ?? '');
    if (url.origin === origin) return `${url.origin}${url.pathname}`.slice(0, 500);
  } catch {
    // A page we cannot read is recorded as the site alone.
  }
  return origin ?? '';
};

/**
 * `POST /widget/sessions`: a new anonymous visitor of the business (or the same one again after
 * a reload), with the conversation so far and how the widget should look.
 */
export const createWebSession = async (
  deps: WebChatDeps,
  body: z.infer<typeof CreateSessionBody>,
  caller: WebCaller,
) => {
  const { tenant, settings } = await allowedBusiness(deps, body.business, caller);
  await countAddress(deps, tenant.tenantId, caller);
  const key = await webSessionKey(deps.secrets);
  const kept = body.session ? verifyWebSession(key, body.session) : undefined;
  if (kept && kept.tenantId === tenant.tenantId) {
    const visitor = await getWebVisitor(deps.table, tenant.tenantId, kept.visitorId);
    if (visitor) {
      const entries = await webEntriesAfter(deps.table, {
        tenantId: tenant.tenantId,
        visitorId: kept.visitorId,
      });
      return {
        session: body.session!,
        visitorId: kept.visitorId,
        expiresAt: new Date(kept.expiresAt * 1000).toISOString(),
        resumed: true,
        entries,
        widget: lookOf(settings, tenant.name),
      };
    }
  }
  const visitorId = newVisitorId();
  const expiresAt = Math.floor(Date.now() / 1000) + deps.widget.sessionHours * 3600;
  await putWebVisitor(
    deps.table,
    {
      tenantId: tenant.tenantId,
      visitorId,
      startedOn: pageOf(body.page, caller.origin),
      startedAt: new Date().toISOString(),
    },
    deps.conversationTtlDays,
  );
  return {
    session: signWebSession(key, { tenantId: tenant.tenantId, visitorId, expiresAt }),
    visitorId,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
    resumed: false,
    entries: [] as WebEntry[],
    widget: lookOf(settings, tenant.name),
  };
};

/**
 * `POST /widget/messages`: the visitor's message joins their transcript and the answer queue
 * (channel `web`), where the same engine answers it as any other channel's.
 */
export const sendWebMessage = async (
  deps: WebChatDeps,
  body: z.infer<typeof SendMessageBody>,
  caller: WebCaller,
): Promise<{ entry: WebEntry }> => {
  const { tenant } = await allowedBusiness(deps, body.business, caller);
  const session = await verifiedSession(deps, body.session, tenant.tenantId);
  const text = body.text.trim();
  if (!text) throw new HttpError(400, 'The message is empty');
  if (text.length > deps.widget.maxMessageChars) {
    throw new HttpError(413, `A message may be at most ${deps.widget.maxMessageChars} characters`);
  }
  const { tenantId } = tenant;
  const { visitorId } = session;
  const visitorCount = await countWebRequest(deps.table, {
    tenantId,
    scope: 'visitor',
    subject: visitorId,
    windowSeconds: 60,
  });
  if (visitorCount > deps.widget.visitorMessagesPerMinute) throw overLimit('messages');
  await countAddress(deps, tenantId, caller);
  const plan = planOf(deps.defaultPlan, tenant.plan);
  const today = await countWebRequest(deps.table, {
    tenantId,
    scope: 'day',
    subject: 'all',
    windowSeconds: 86_400,
  });
  if (today > plan.webMessagesPerDay) {
    throw new HttpError(
      429,
      "This business's chat has reached its messages for today; please try again tomorrow or contact the business directly",
      { headers: { 'retry-after': '3600' } },
    );
  }
  const visitor = await getWebVisitor(deps.table, tenantId, visitorId);
  if (!visitor) throw new HttpError(403, 'This chat session has ended: reload the page to start a new one');

  const entry = await appendVisitorMessage(deps.table, {
    tenantId,
    visitorId,
    text,
    ttlDays: deps.conversationTtlDays,
  });
  // The webhooks' accept pipeline: its arrival record is the burst note the worker reads.
  await acceptInbound(deps, {
    provider: 'web',
    channel: 'web',
    providerMessageId: `web-${randomUUID()}`,
    from: webCustomerAddress(visitorId),
    to: webBusinessAddress(tenantId),
    text,
    tenantId,
    receivedAt: entry.at,
    page: visitor.startedOn || undefined,
  });
  return { entry };
};

/**
 * `POST /widget/contact`: the name or e-mail a visitor chose to leave for a follow-up, the only
 * thing that ever identifies them; shown to the business with the conversation.
 */
export const leaveWebContact = async (
  deps: WebChatDeps,
  body: z.infer<typeof ContactBody>,
  caller: WebCaller,
): Promise<{ saved: true }> => {
  const { tenant } = await allowedBusiness(deps, body.business, caller);
  const session = await verifiedSession(deps, body.session, tenant.tenantId);
  await countAddress(deps, tenant.tenantId, caller);
  const saved = await setWebVisitorContact(deps.table, {
    tenantId: tenant.tenantId,
    visitorId: session.visitorId,
    name: body.name,
    email: body.email,
  });
  if (!saved) throw new HttpError(403, 'This chat session has ended: reload the page to start a new one');
  return { saved: true };
};

/**
 * `POST /widget/poll`: the lines after the page's newest, waiting up to the stage's poll wait
 * for one to come (the fallback where a WebSocket cannot connect).
 */
export const pollWebMessages = async (
  deps: WebChatDeps,
  body: z.infer<typeof PollBody>,
  caller: WebCaller,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<{ entries: WebEntry[] }> => {
  const { tenant } = await allowedBusiness(deps, body.business, caller);
  const session = await verifiedSession(deps, body.session, tenant.tenantId);
  const deadline = Date.now() + (body.wait === false ? 0 : deps.widget.pollWaitMs);
  for (;;) {
    const entries = await webEntriesAfter(deps.table, {
      tenantId: tenant.tenantId,
      visitorId: session.visitorId,
      cursor: body.after,
    });
    if (entries.length > 0 || Date.now() >= deadline) return { entries };
    await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
  }
};
