import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerInput } from '../../functions/answer/answerer.js';
import { createChatModelStage } from '../../functions/answer/chat-model.js';
import { createExtractiveAnswerer } from '../../functions/answer/extractive.js';
import { createLlmAnswerer } from '../../functions/answer/llm-answerer.js';
import { ReplyFieldStream } from '../../functions/answer/reply-field-stream.js';
import { type ChatBehaviour, type ChatRequest, startFakeChatServer } from '../support/fake-chat-server.js';

const HOURS = 'We are open Monday to Friday from 9am to 6pm, and Saturday from 10am to 2pm.';
const REPLY = 'We are open on Saturday from 10 a.m. to 2 p.m. See you then, "friend"!';
const modelReply = (reply: string, extra: Partial<Extract<ChatBehaviour, { reply: unknown }>> = {}) => ({
  reply: { reply, known: true, sources: [1], intent: 'hours', sentiment: 'neutral' },
  ...extra,
});

let server: Awaited<ReturnType<typeof startFakeChatServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const chainOn = async (behave: (request: ChatRequest, nth: number) => ChatBehaviour, models: string[]) => {
  server = await startFakeChatServer(behave);
  const baseUrl = server.baseUrl;
  return createLlmAnswerer({
    stages: models.map((model) =>
      createChatModelStage({ model, baseUrl, timeoutMs: 2000, maxRetries: 0 }, async () => 'sk-test'),
    ),
    lastResort: createExtractiveAnswerer(),
    relevanceFloor: 0.3,
    maxSources: 5,
    circuit: { failureThreshold: 3, cooldownMs: 60_000 },
  });
};

const streamed = () => {
  const pieces: string[] = [];
  const input: AnswerInput = {
    businessName: 'Sunny Bakery',
    question: 'When are you open on Saturday?',
    channel: 'voice',
    hits: [{ documentId: 'd1', chunk: 0, score: 0.9, text: HOURS }],
    stream: { onText: (delta) => pieces.push(delta) },
  };
  return { input, pieces };
};

describe('the reply field of the answer JSON, read while it streams', () => {
  it('decodes escapes split across chunks and stops at the closing quote', () => {
    const field = new ReplyFieldStream();
    const json = JSON.stringify({ reply: 'Line one\nsays "hi" \u00e9', known: true });
    const out = [...json].map((c) => field.push(c)).join('');
    expect(out).toBe('Line one\nsays "hi" \u00e9');
    expect(field.finished).toBe(true);
  });
});

describe('the model chain, streaming', () => {
  it('gives the reply in several pieces as the model writes it, and the whole answer at the end', async () => {
    const answerer = await chainOn((r) => (r.stream ? modelReply(REPLY) : { status: 400 }), ['primary']);
    const { input, pieces } = streamed();

    const answer = await answerer.answer(input);

    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(REPLY);
    expect(answer).toMatchObject({
      text: REPLY,
      grounded: true,
      answeredBy: expect.stringMatching(/^primary@/),
    });
    expect(answer.usage?.[0]).toMatchObject({ inputTokens: 1000, outputTokens: 100 });
  });

  it('falls to the next stage when a stage fails before its first token', async () => {
    const answerer = await chainOn(
      (r) => (r.model === 'primary' ? { status: 500 } : modelReply(REPLY)),
      ['primary', 'backup'],
    );
    const { input, pieces } = streamed();

    const answer = await answerer.answer(input);

    expect(answer.answeredBy).toMatch(/^backup@/);
    expect(pieces.join('')).toBe(REPLY);
  });

  it('ends the sentence gracefully when a stage breaks mid-answer, without starting over elsewhere', async () => {
    const answerer = await chainOn(
      (r) => (r.model === 'primary' ? modelReply(REPLY, { breakAfterChars: 40 }) : modelReply('WRONG')),
      ['primary', 'backup'],
    );
    const { input, pieces } = streamed();

    const answer = await answerer.answer(input);

    const heard = pieces.join('');
    expect(heard).not.toContain('WRONG');
    expect(heard).toMatch(
      /^We are open on Sat.*\. Sorry, I lost my connection for a moment\. Could you ask me that again\?$/,
    );
    expect(answer.text).toBe(heard);
    expect(server!.received.map((r) => r.model)).toEqual(['primary']);
  });
});
