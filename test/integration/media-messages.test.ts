import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSnippet } from '../../functions/knowledge/knowledge-base.js';
import { putChannelRoute } from '../../functions/store/channel-routes.js';
import {
  messagingPayload,
  metaJson,
  postMetaWebhook,
  whatsAppChange,
  whatsAppPayload,
} from '../../local-stack/meta-client.js';
import { LOCAL_META_APP_SECRET, type LocalStack } from '../../local-stack/stack.js';
import { newMessageSid, postTwilioMessage } from '../../local-stack/twilio-client.js';
import { createTenantClient } from '../support/admin-client.js';
import { type ChatRequest, startFakeChatServer } from '../support/fake-chat-server.js';
import { startFakeGraphApi } from '../support/fake-graph-api.js';
import { startFakeTwilioApi } from '../support/fake-twilio-api.js';
import { startTestStack } from '../support/local-stack.js';
import { oggOpus, tinyJpeg } from '../support/media-fixtures.js';

const PHONE_NUMBER_ID = '106540352242977';
const PAGE_ID = '104857600000077';
const TWILIO_NUMBER = '+14155550199';
const ACCOUNT_SID = `AC${'7'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-test-auth-token';

let stack: LocalStack;
let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
let chat: Awaited<ReturnType<typeof startFakeChatServer>>;
let twilio: Awaited<ReturnType<typeof startFakeTwilioApi>>;
let business: Awaited<ReturnType<typeof createTenantClient>>;

/** What each voice note "says", by its size: the fake transcription server does not listen. */
const SPOKEN: Record<number, string> = {};

const answerWith = (reply: string) => ({
  reply: { reply, known: true, sources: [1], intent: 'hours', sentiment: 'neutral' },
});

const lastUserContent = (request: ChatRequest) => request.messages.at(-1)?.content as unknown;

const whatsAppMedia = (waId: string, type: 'audio' | 'image', media: Record<string, unknown>) =>
  whatsAppPayload([
    whatsAppChange(PHONE_NUMBER_ID, {
      contacts: [{ profile: { name: 'Lucía' }, wa_id: waId }],
      messages: [
        {
          from: waId,
          id: `wamid.${newMessageSid()}`,
          timestamp: String(Math.floor(Date.now() / 1000)),
          type,
          [type]: media,
        },
      ],
    }),
  ]);

beforeAll(async () => {
  graph = await startFakeGraphApi();
  twilio = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  chat = await startFakeChatServer(
    (request) => {
      const content = lastUserContent(request);
      const text = typeof content === 'string' ? content : JSON.stringify(content);
      return answerWith(`Answer to: ${text.slice(0, 200)}`);
    },
    (request) => ({ text: SPOKEN[request.bytes] ?? '' }),
  );
  stack = await startTestStack({
    env: {
      META_ACCESS_TOKEN: 'platform-meta-token',
      META_GRAPH_BASE_URL: graph.url,
      META_GRAPH_VERSION: 'v25.0',
      OPENAI_BASE_URL: chat.baseUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: twilio.url,
      MEDIA_MAX_AUDIO_SECONDS: '120',
    },
  });
  business = await createTenantClient(stack, 'Bella Pizza');
  await addSnippet(
    { table: stack.runtime.table, index: stack.runtime.knowledge },
    business.tenantId,
    'We are open Tuesday to Sunday, from 11am to 10pm.',
  );
  for (const [channel, address] of [
    ['whatsapp', PHONE_NUMBER_ID],
    ['messenger', PAGE_ID],
    ['twilio', TWILIO_NUMBER],
  ] as const) {
    await putChannelRoute(stack.runtime.table, { channel, address, tenantId: business.tenantId });
    if (channel !== 'twilio') await stack.runtime.channelTokens.put(channel, address, `token-${address}`);
  }
});
afterAll(async () => {
  await stack?.close();
  await Promise.all([graph?.close(), chat?.close(), twilio?.close()]);
});

const postMeta = (payload: unknown) => postMetaWebhook(stack.url, LOCAL_META_APP_SECRET, metaJson(payload));

/** The Graph API sends to this customer after `before`. */
const sentTo = (before: number, to: string) =>
  graph.requests
    .slice(before)
    .filter((r) => r.body.to === to || (r.body.recipient as { id?: string })?.id === to);

const turnsOf = async (customer: string) => {
  const list = await business.call('GET', '/v1/conversations');
  const conversation = list.json.conversations.find((c: { customer: string }) => c.customer === customer);
  return (await business.call('GET', `/v1/conversations/${conversation.conversationId}`)).json
    .turns as Array<{
    role: string;
    text: string;
  }>;
};

describe('voice notes with an OpenAI key', () => {
  it('WhatsApp Cloud: fetches the note with the number’s own token, transcribes it, answers what it says and keeps the transcript', async () => {
    const audio = oggOpus(6, 201);
    SPOKEN[audio.byteLength] = '¿Abren los domingos por la noche?';
    graph.holdMedia('7001', audio, 'audio/ogg; codecs=opus');
    const before = graph.requests.length;
    const seenTranscriptions = chat.transcriptions.length;

    await postMeta(
      whatsAppMedia('16505559401', 'audio', { id: '7001', mime_type: 'audio/ogg; codecs=opus', voice: true }),
    );
    await stack.idle();

    const fetched = graph.requests.slice(before).filter((r) => r.method === 'GET');
    expect(fetched.map((r) => r.path)).toEqual(['/v25.0/7001', '/media-files/7001']);
    expect(fetched.every((r) => r.authorization === `Bearer token-${PHONE_NUMBER_ID}`)).toBe(true);
    expect(chat.transcriptions.slice(seenTranscriptions)).toMatchObject([
      { model: 'gpt-4o-mini-transcribe', filename: 'voice-note.ogg', bytes: audio.byteLength },
    ]);
    const reply = sentTo(before, '16505559401');
    expect(reply).toHaveLength(1);
    expect((reply[0]!.body.text as { body: string }).body).toBe(
      'Answer to: ¿Abren los domingos por la noche?',
    );
    expect(await turnsOf('+16505559401')).toContainEqual(
      expect.objectContaining({ role: 'customer', text: '¿Abren los domingos por la noche?' }),
    );
  });

  it('refuses a voice note over the length limit without transcribing it, in the customer’s language', async () => {
    const audio = oggOpus(600, 202);
    graph.holdMedia('7002', audio, 'audio/ogg');
    const before = graph.requests.length;
    const seenTranscriptions = chat.transcriptions.length;

    await postMeta(whatsAppMedia('16505559401', 'audio', { id: '7002', mime_type: 'audio/ogg' }));
    await stack.idle();

    expect(chat.transcriptions.length).toBe(seenTranscriptions);
    const reply = sentTo(before, '16505559401');
    expect((reply[0]!.body.text as { body: string }).body).toMatch(/nota de voz es demasiado larga/);
  });

  it('WhatsApp through Twilio: fetches MediaUrl0 with the account’s basic auth, and answers through Twilio', async () => {
    const audio = oggOpus(4, 203);
    SPOKEN[audio.byteLength] = 'What time do you close on Saturday?';
    const messageSid = newMessageSid();
    const url = twilio.holdMedia(messageSid.replace(/^SM/, 'MM'), `ME${'3'.repeat(32)}`, audio, 'audio/ogg');
    const sent = twilio.messages.length;

    const posted = await postTwilioMessage(
      stack.url,
      AUTH_TOKEN,
      {
        from: 'whatsapp:+15557659001',
        to: `whatsapp:${TWILIO_NUMBER}`,
        body: '',
        messageSid,
        media: [{ url, contentType: 'audio/ogg' }],
      },
      stack.publicBaseUrl,
    );
    await stack.idle();

    expect(posted.status).toBe(200);
    expect(twilio.mediaRequests.at(-1)?.authorization).toBe(
      `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
    );
    expect(twilio.messages.slice(sent)).toMatchObject([
      { To: 'whatsapp:+15557659001', Body: 'Answer to: What time do you close on Saturday?' },
    ]);
  });

  it('Messenger: fetches the audio attachment from Meta’s CDN url and answers it', async () => {
    const audio = oggOpus(3, 204);
    SPOKEN[audio.byteLength] = 'Do you have gluten free pizza?';
    graph.holdMedia('7004', audio, 'audio/mp4');
    const before = graph.requests.length;

    await postMeta(
      messagingPayload('page', PAGE_ID, '7201', {
        attachments: [{ type: 'audio', payload: { url: `${graph.url}/cdn-files/7004` } }],
      }),
    );
    await stack.idle();

    expect(sentTo(before, '7201')).toMatchObject([
      { body: { message: { text: 'Answer to: Do you have gluten free pizza?' } } },
    ]);
  });

  it('never fetches a Twilio media URL off Twilio’s origin (the credentials would leak)', async () => {
    const messageSid = newMessageSid();
    const sent = twilio.messages.length;
    await postTwilioMessage(
      stack.url,
      AUTH_TOKEN,
      {
        from: 'whatsapp:+15557659002',
        to: `whatsapp:${TWILIO_NUMBER}`,
        body: '',
        messageSid,
        media: [{ url: `${graph.url}/cdn-files/7004`, contentType: 'audio/ogg' }],
      },
      stack.publicBaseUrl,
    );
    await stack.idle();
    expect(graph.requests.filter((r) => r.path === '/cdn-files/7004')).toHaveLength(1);
    expect(twilio.messages.slice(sent)[0]?.Body).toMatch(/couldn't make out your voice note/);
  });
});

describe('photos with a vision model in the chain', () => {
  it('makes the photo and its caption the question (image_url part)', async () => {
    graph.holdMedia('7005', tinyJpeg(), 'image/jpeg');
    const seen = chat.received.length;
    await postMeta(
      whatsAppMedia('16505559403', 'image', {
        id: '7005',
        mime_type: 'image/jpeg',
        caption: 'Is this on the menu?',
      }),
    );
    await stack.idle();

    const content = lastUserContent(chat.received[seen]!) as Array<Record<string, unknown>>;
    expect(content).toEqual([
      { type: 'text', text: 'Is this on the menu?' },
      {
        type: 'image_url',
        image_url: {
          url: `data:image/jpeg;base64,${Buffer.from(tinyJpeg()).toString('base64')}`,
          detail: 'low',
        },
      },
    ]);
  });
});
