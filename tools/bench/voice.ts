import type { ChatModelStage } from '../../functions/answer/chat-model.js';
import { createExtractiveAnswerer } from '../../functions/answer/extractive.js';
import { createLlmAnswerer } from '../../functions/answer/llm-answerer.js';
import { createCoreRuntime } from '../../functions/composition/core-runtime.js';
import { createKnowledgeIndex } from '../../functions/knowledge/choose-index.js';
import { addSnippet } from '../../functions/knowledge/knowledge-base.js';
import { loadConfig } from '../../functions/platform/config.js';
import type { SocketEvent } from '../../functions/realtime/socket-event.js';
import { startCallLog } from '../../functions/store/call-logs.js';
import { putConnection } from '../../functions/store/socket-connections.js';
import { createTenant } from '../../functions/store/tenants.js';
import { createWebSocketHandler } from '../../functions/websocket/app.js';
import { LOCAL_AWS_CREDENTIALS, startLocalDynamo } from '../../local-stack/dynamo.js';
import { localLambdaContext } from '../../local-stack/lambda-context.js';
import { quantile, round } from './stats.js';

/**
 * Twilio's public list prices for a US local number, per minute (twilio.com/voice/pricing and
 * the ConversationRelay pricing page, as published when this was written; not fetched at run
 * time): inbound voice, and ConversationRelay's speech recognition and synthesis.
 */
export const TWILIO_VOICE_PRICES = {
  inboundPerMinuteUsd: 0.0085,
  conversationRelayPerMinuteUsd: 0.07,
  /** API Gateway WebSocket: per million messages and per million connection-minutes (us-east-1). */
  websocketPerMillionMessagesUsd: 1.0,
  websocketPerMillionConnectionMinutesUsd: 0.25,
  /** gpt-4o-mini list prices per million tokens. */
  llmInputPerMillionUsd: 0.15,
  llmOutputPerMillionUsd: 0.6,
};

export interface VoiceFigures {
  prompts: number;
  firstTokenP50Ms: number;
  firstTokenP95Ms: number;
  lastTokenP50Ms: number;
  lastTokenP95Ms: number;
  tokensPerAnswer: number;
  /** DynamoDB calls made between the prompt frame and the first token (median). */
  tableCallsBeforeFirstToken: number;
  threeMinuteCall: {
    usd: number;
    breakdown: Record<string, number>;
    assumptions: {
      minutes: number;
      questions: number;
      framesPerAnswer: number;
      inputTokens: number;
      outputTokens: number;
    };
    prices: typeof TWILIO_VOICE_PRICES;
  };
}

const REPLY =
  'We are open Monday to Friday from 9am to 5pm, and on Saturday from 10am to 2pm. You can book a cleaning by calling us or asking me here. Is there anything else you would like to know?';

/** A streaming model with no delay at all: the answer JSON in small deltas, written at once. */
const instantStreamingModel = (): ChatModelStage => {
  const json = JSON.stringify({
    reply: REPLY,
    known: true,
    sources: [1],
    intent: 'hours',
    sentiment: 'neutral',
  });
  const usage = { model: 'instant', inputTokens: 1500, outputTokens: 60, costUsd: 0 };
  const reply = JSON.parse(json);
  return {
    name: 'instant-stream@bench',
    complete: async () => ({ reply, usage }),
    completeJson: async () => {
      throw new Error('the voice bench asks no rewrite');
    },
    async stream(_messages, onText) {
      const { ReplyFieldStream } = await import('../../functions/answer/reply-field-stream.js');
      const field = new ReplyFieldStream();
      for (let i = 0; i < json.length; i += 4) {
        const text = field.push(json.slice(i, i + 4));
        if (text) onText(text);
      }
      return { reply, usage };
    },
  };
};

/**
 * A `prompt` frame through the WebSocket function in-process against dynalite, with the real
 * answer engine (retrieval, conversation, usage) and a zero-delay streaming model: how long
 * until the first `text` token is posted to the connection, and the last.
 */
export const measureVoice = async (options: { prompts: number }): Promise<VoiceFigures> => {
  const tableName = 'frontdesk-bench-voice';
  const dynamo = await startLocalDynamo({ stateDir: ':memory:', tableName, region: 'us-east-1' });
  try {
    const config = loadConfig({
      TABLE_NAME: tableName,
      VOICE_RELAY_URL: 'wss://bench.invalid/live',
      BURST_WINDOW_MS: '0',
    });
    const core = createCoreRuntime(config, {
      dynamo: { endpoint: dynamo.endpoint, credentials: LOCAL_AWS_CREDENTIALS },
      answerQueue: { send: async () => undefined },
    });
    const knowledge = createKnowledgeIndex(config, core.table, core.secrets);
    const answerer = createLlmAnswerer({
      stages: [instantStreamingModel()],
      lastResort: createExtractiveAnswerer(),
      relevanceFloor: 0,
      maxSources: 5,
      circuit: { failureThreshold: 3, cooldownMs: 60_000 },
    });
    const tenant = await createTenant(core.table, {
      name: 'Smile Dental',
      codeFor: (n) => `smile_${1000 + n}`,
    });
    await addSnippet({ table: core.table, index: knowledge }, tenant.tenantId, REPLY);

    // Table calls before the first token: the figure load on the machine cannot skew.
    let tableCalls = 0;
    const send = core.table.client.send.bind(core.table.client);
    core.table.client.send = ((command: never) => {
      tableCalls++;
      return send(command);
    }) as typeof core.table.client.send;
    const callsBeforeFirst: number[] = [];
    let posted: Array<{
      frame: { type: string; token?: string; last?: boolean };
      at: number;
      tableCalls: number;
    }> = [];
    const handler = createWebSocketHandler(
      { ...core, knowledge, answerer },
      {
        forEndpoint: () => ({
          post: async (_id, frame) => {
            posted.push({ frame: frame as never, at: performance.now(), tableCalls });
            return true;
          },
        }),
      },
    );
    const firsts: number[] = [];
    const lasts: number[] = [];
    let tokens = 0;
    for (let i = 0; i < options.prompts; i++) {
      // A caller per prompt: the per-caller rate limit is not what is measured.
      const callSid = `CA${i.toString(16).padStart(32, '0')}`;
      const from = `+1555${String(1_000_000 + i).slice(-7)}`;
      const connectionId = `bench-${i}=`;
      await startCallLog(core.table, {
        tenantId: tenant.tenantId,
        callSid,
        from,
        to: '+14155550123',
        mode: 'relay',
        ttlDays: 1,
      });
      await putConnection(core.table, {
        kind: 'voice',
        connectionId,
        tenantId: tenant.tenantId,
        callSid,
        from,
        to: '+14155550123',
        turn: 0,
      });
      const event: SocketEvent = {
        requestContext: {
          routeKey: '$default',
          eventType: 'MESSAGE',
          connectionId,
          domainName: 'bench',
          stage: 'live',
        },
        body: JSON.stringify({
          type: 'prompt',
          voicePrompt: 'When are you open on Saturday?',
          lang: 'en-US',
          last: true,
        }),
      };
      posted = [];
      tableCalls = 0;
      const started = performance.now();
      await handler(event, localLambdaContext('websocket'));
      const first = posted.find((p) => p.frame.type === 'text' && p.frame.token);
      const last = posted.find((p) => p.frame.type === 'text' && p.frame.last);
      if (!first || !last) throw new Error(`no answer streamed for prompt ${i}: ${JSON.stringify(posted)}`);
      firsts.push(first.at - started);
      callsBeforeFirst.push(first.tableCalls);
      lasts.push(last.at - started);
      tokens += posted.length;
    }
    core.table.client.destroy();
    const minutes = 3;
    const questions = 6;
    const framesPerAnswer = tokens / options.prompts;
    const p = TWILIO_VOICE_PRICES;
    const breakdown = {
      twilioInbound: minutes * p.inboundPerMinuteUsd,
      twilioConversationRelay: minutes * p.conversationRelayPerMinuteUsd,
      websocketMessages: ((questions * (framesPerAnswer + 1) + 2) / 1e6) * p.websocketPerMillionMessagesUsd,
      websocketConnectionMinutes: (minutes / 1e6) * p.websocketPerMillionConnectionMinutesUsd,
      llm: questions * ((1500 / 1e6) * p.llmInputPerMillionUsd + (60 / 1e6) * p.llmOutputPerMillionUsd),
    };
    return {
      prompts: options.prompts,
      firstTokenP50Ms: round(quantile(firsts, 0.5)),
      firstTokenP95Ms: round(quantile(firsts, 0.95)),
      lastTokenP50Ms: round(quantile(lasts, 0.5)),
      lastTokenP95Ms: round(quantile(lasts, 0.95)),
      tokensPerAnswer: round(framesPerAnswer, 1),
      tableCallsBeforeFirstToken: quantile(callsBeforeFirst, 0.5),
      threeMinuteCall: {
        usd: round(
          Object.values(breakdown).reduce((a, b) => a + b, 0),
          4,
        ),
        breakdown: Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, round(v, 6)])),
        assumptions: {
          minutes,
          questions,
          framesPerAnswer: round(framesPerAnswer, 1),
          inputTokens: 1500,
          outputTokens: 60,
        },
        prices: p,
      },
    };
  } finally {
    await dynamo.close();
  }
};
