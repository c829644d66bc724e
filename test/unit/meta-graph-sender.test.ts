import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createMemoryChannelTokens,
  createMetaTokenResolver,
} from '../../functions/channels/meta/channel-tokens.js';
import { createGraphClient, GraphApiError } from '../../functions/channels/meta/graph-client.js';
import { createMetaGraphSender, MessageNotSentError } from '../../functions/channels/meta/sender.js';
import type { OutboundMessage } from '../../functions/contracts/messages.js';
import { ConfigurationError } from '../../functions/platform/errors.js';
import type { SentParts } from '../../functions/store/sent-parts.js';
import { type GraphRequest, graphError, startFakeGraphApi } from '../support/fake-graph-api.js';

/** The shared local Graph API; `graph.answer(...)` decides each answer. */
let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
let graphUrl: string;
let received: GraphRequest[];

beforeAll(async () => {
  graph = await startFakeGraphApi();
  graphUrl = graph.url;
  received = graph.requests;
});
afterAll(() => graph.close());
beforeEach(() => {
  received.length = 0;
  graph.answer(() => ({ status: 200, body: {} }));
});

const sleeps: number[] = [];
/** Addresses a business claimed (`channel/address`); the others are the platform's own. */
const claimed = new Set<string>();
const sender = (
  tokens: Record<string, string> = {},
  platformToken = 'platform-token',
  sentParts?: SentParts,
) =>
  createMetaGraphSender({
    sentParts,
    graph: createGraphClient({
      baseUrl: graphUrl,
      version: 'v25.0',
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    }),
    accessToken: createMetaTokenResolver({
      tokens: createMemoryChannelTokens(tokens),
      secrets: { get: async (name) => (name === 'META_ACCESS_TOKEN' ? platformToken : undefined) },
      claimedBy: async (channel, address) => (claimed.has(`${channel}/${address}`) ? 'tenant-a' : undefined),
    }),
  });

const whatsapp: OutboundMessage = {
  provider: 'meta',
  channel: 'whatsapp',
  from: '106540352242922',
  to: '+16505551234',
  text: 'We are open Tuesday to Sunday.',
  tenantId: 'tenant-a',
};
const whatsappOk = (n: number) => ({
  status: 200,
  body: { messaging_product: 'whatsapp', messages: [{ id: `wamid.${n}` }] },
});

describe('the Meta Graph sender', () => {
  it('posts WhatsApp text to /<version>/<phone_number_id>/messages with the tenant’s own token', async () => {
    graph.answer((_r, n) => whatsappOk(n));
    const result = await sender({ 'whatsapp/106540352242922': 'tenant-a-token' }).send(whatsapp);

    expect(result.providerMessageIds).toEqual(['wamid.1']);
    expect(received).toEqual([
      {
        path: '/v25.0/106540352242922/messages',
        authorization: 'Bearer tenant-a-token',
        body: {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: '16505551234',
          type: 'text',
          text: { preview_url: false, body: 'We are open Tuesday to Sunday.' },
        },
      },
    ]);
  });

  it('never sends for a claimed address with the platform token: without its own token it fails', async () => {
    claimed.add('whatsapp/106540352242922');
    try {
      const error = await sender()
        .send(whatsapp)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(received).toEqual([]);
    } finally {
      claimed.clear();
    }
  });

  it('replies to a business-scoped user id through `recipient`, not `to`', async () => {
    graph.answer((_r, n) => whatsappOk(n));
    await sender().send({ ...whatsapp, to: 'US.13491208655302741918' });
    expect(received[0]?.body).toMatchObject({ recipient: 'US.13491208655302741918' });
    expect(received[0]?.body).not.toHaveProperty('to');
  });

  it('falls back to the platform token, and sends Messenger and Instagram in their shapes and limits', async () => {
    graph.answer((_r, n) => ({ status: 200, body: { recipient_id: '1', message_id: `m_${n}` } }));
    const long = 'Ciao! '.repeat(300).trim();
    await sender().send({ ...whatsapp, channel: 'messenger', from: 'PAGE', to: 'PSID', text: 'Hi' });
    const instagram = await sender().send({
      ...whatsapp,
      channel: 'instagram',
      from: 'IGID',
      to: 'IGSID',
      text: long,
    });

    expect(received[0]).toMatchObject({
      path: '/v25.0/PAGE/messages',
      authorization: 'Bearer platform-token',
      body: { recipient: { id: 'PSID' }, messaging_type: 'RESPONSE', message: { text: 'Hi' } },
    });
    // An Instagram account sends as its page: /me/messages with the page token.
    for (const request of received.slice(1)) expect(request.path).toBe('/v25.0/me/messages');
    const parts = received.slice(1).map((r) => (r.body.message as { text: string }).text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(1000);
    expect(instagram.providerMessageIds).toHaveLength(parts.length);
  });

  it('makes one request only for 131047 (window closed) and reports it as not sent', async () => {
    graph.answer(() => graphError(131047));
    const error = await sender()
      .send(whatsapp)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MessageNotSentError);
    expect((error as MessageNotSentError).reason).toBe('outside-24h-window');
    expect(received).toHaveLength(1);
  });

  it('backs off on 130429 a bounded number of times, then gives up to the queue', async () => {
    sleeps.length = 0;
    graph.answer(() => graphError(130429));
    const error = await sender()
      .send(whatsapp)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GraphApiError);
    expect((error as GraphApiError).kind).toBe('throughput');
    expect(received).toHaveLength(3);
    expect(sleeps[0]).toBeGreaterThanOrEqual(1000);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0]!);
  });

  it('waits out the pair rate limit (131056) once, then succeeds', async () => {
    sleeps.length = 0;
    graph.answer((_r, n) => (n === 1 ? graphError(131056) : whatsappOk(n)));
    const result = await sender().send(whatsapp);

    expect(result.providerMessageIds).toEqual(['wamid.2']);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(6000);
  });

  it('sends each part of a long reply once, even when a retry follows a failure half-way', async () => {
    // Prepare: what an earlier attempt delivered, as the table would remember it.
    const delivered = new Map<string, string>();
    const sentParts: SentParts = {
      sentId: async (key) => delivered.get(key),
      record: async (key, id) => {
        delivered.set(key, id);
      },
    };
    const reply = {
      ...whatsapp,
      channel: 'instagram' as const,
      from: 'IGID',
      to: 'IGSID',
      inReplyTo: 'mid.1',
    };
    const long = { ...reply, text: 'Our menu changes daily. '.repeat(60).trim() };
    graph.answer((_request, n) =>
      n > 1 && n <= 4
        ? { status: 500, body: { error: { message: 'down', code: 2 } } }
        : { status: 200, body: { message_id: `m_${n}` } },
    );

    // Act: the first attempt sends part one, then fails on part two; the queue retries.
    const first = await sender({}, 'token', sentParts)
      .send(long)
      .catch((e: unknown) => e);
    const second = await sender({}, 'token', sentParts).send(long);

    // Assess
    expect(first).toBeInstanceOf(GraphApiError);
    const texts = received.map((r) => (r.body.message as { text: string }).text);
    expect(new Set(texts).size).toBe(second.providerMessageIds.length);
    expect(texts.filter((t) => t === texts[0])).toHaveLength(1);
    expect(second.providerMessageIds[0]).toBe('m_1');
  });

  it('retries a 5xx, and never retries an expired token', async () => {
    graph.answer((_r, n) =>
      n === 1 ? { status: 503, body: { error: { message: 'down', code: 2 } } } : whatsappOk(n),
    );
    expect((await sender().send(whatsapp)).providerMessageIds).toEqual(['wamid.2']);

    received.length = 0;
    graph.answer(() => graphError(190, 401));
    const error = await sender()
      .send(whatsapp)
      .catch((e: unknown) => e);
    expect((error as GraphApiError).kind).toBe('auth');
    expect(received).toHaveLength(1);
  });
});
