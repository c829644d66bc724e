import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerInput } from '../../functions/answer/answerer.js';
import { createChatModelStage } from '../../functions/answer/chat-model.js';
import { createExtractiveAnswerer } from '../../functions/answer/extractive.js';
import { createLlmAnswerer } from '../../functions/answer/llm-answerer.js';
import type { ChatModelStageSettings } from '../../functions/platform/answer-config.js';
import { type ChatBehaviour, type ChatRequest, startFakeChatServer } from '../support/fake-chat-server.js';

const HOURS = 'We are open Monday to Friday from 9am to 6pm, and Saturday from 10am to 2pm.';
const input: AnswerInput = {
  businessName: 'Sunny Bakery',
  question: 'When are you open on Saturday?',
  channel: 'whatsapp',
  hits: [{ documentId: 'd1', chunk: 0, score: 0.9, text: HOURS }],
};
const modelReply = (reply: string) => ({
  reply: { reply, known: true, sources: [1], intent: 'hours', sentiment: 'neutral' },
});

let server: Awaited<ReturnType<typeof startFakeChatServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A chain over the fake server: each stage is a model name the server scripts by. */
const chainOn = async (
  behave: (request: ChatRequest, nth: number) => ChatBehaviour,
  stages: Array<Partial<ChatModelStageSettings> & { model: string }>,
  circuit = { failureThreshold: 3, cooldownMs: 60_000 },
) => {
  server = await startFakeChatServer(behave);
  const baseUrl = server.baseUrl;
  return createLlmAnswerer({
    stages: stages.map((s) =>
      createChatModelStage({ baseUrl, timeoutMs: 2000, maxRetries: 0, ...s }, async () => 'sk-test'),
    ),
    lastResort: createExtractiveAnswerer(),
    relevanceFloor: 0.3,
    maxSources: 5,
    circuit,
  });
};

describe('the LLM fallback chain on the real openai client', () => {
  it('falls back to the next model when the first answers 500, after its retry budget', async () => {
    // Prepare
    const answerer = await chainOn(
      (r) => (r.model === 'primary' ? { status: 500 } : modelReply('Saturday 10am to 2pm.')),
      [{ model: 'primary', maxRetries: 1 }, { model: 'backup' }],
    );

    // Act
    const answer = await answerer.answer(input);

    // Assess
    expect(server!.received.map((r) => r.model)).toEqual(['primary', 'primary', 'backup']);
    expect(answer).toMatchObject({
      text: 'Saturday 10am to 2pm.',
      grounded: true,
      answeredBy: expect.stringMatching(/^backup@/),
    });
    expect(answer.sources).toEqual([{ documentId: 'd1', chunk: 0 }]);
    expect(answer.usage).toEqual([{ model: 'backup', inputTokens: 1000, outputTokens: 100, costUsd: 0 }]);
  });

  it('falls back when the first model times out', async () => {
    const answerer = await chainOn(
      (r) =>
        r.model === 'slow'
          ? { ...modelReply('too late'), delayMs: 1500 }
          : modelReply('Saturday 10am to 2pm.'),
      [{ model: 'slow', timeoutMs: 150 }, { model: 'fast' }],
    );

    const answer = await answerer.answer(input);

    // Had the slow stage not been cut off at its timeout, its late 'too late' would be the answer.
    expect(answer.text).toBe('Saturday 10am to 2pm.');
  });

  it('opens the circuit after repeated failures, skips the model, and closes it after a good trial', async () => {
    // Prepare: "flaky" fails until told otherwise.
    let flakyUp = false;
    const answerer = await chainOn(
      (r) => (r.model === 'flaky' && !flakyUp ? { status: 503 } : modelReply(`from ${r.model}`)),
      [{ model: 'flaky' }, { model: 'steady' }],
      { failureThreshold: 2, cooldownMs: 300 },
    );
    const callsTo = (model: string) => server!.received.filter((r) => r.model === model).length;

    // Act + Assess: two failures open the circuit; the third question does not call "flaky".
    await answerer.answer(input);
    await answerer.answer(input);
    expect(Object.values(answerer.circuits())).toEqual(['open', 'closed']);
    const third = await answerer.answer(input);
    expect(callsTo('flaky')).toBe(2);
    expect(third.text).toBe('from steady');

    // After the cooldown one trial goes through; it succeeds, so the circuit closes.
    flakyUp = true;
    await new Promise((resolve) => setTimeout(resolve, 350));
    const trial = await answerer.answer(input);
    expect(trial.text).toBe('from flaky');
    expect(Object.values(answerer.circuits())).toEqual(['closed', 'closed']);
    expect(callsTo('flaky')).toBe(3);
  });

  it('answers extractively from the passage when every model fails, so the customer still gets a reply', async () => {
    const answerer = await chainOn(() => ({ status: 500 }), [{ model: 'a' }, { model: 'b' }]);

    const answer = await answerer.answer(input);

    expect(answer.answeredBy).toBe('extractive');
    expect(answer.text).toContain('Saturday from 10am to 2pm');
    expect(answer.grounded).toBe(true);
  });

  it('estimates tokens and cost with the tokenizer when the server reports no usage', async () => {
    const answerer = await chainOn(
      () => ({ ...modelReply('Saturday 10am to 2pm.'), usage: null }),
      [{ model: 'gpt-4o-mini' }],
    );

    const [usage] = (await answerer.answer(input)).usage!;

    // The prompt holds the rules, the profile and the source: hundreds of tokens, not zero.
    expect(usage!.inputTokens).toBeGreaterThan(200);
    expect(usage!.outputTokens).toBeGreaterThan(20);
    expect(usage!.costUsd).toBeCloseTo((usage!.inputTokens * 0.15 + usage!.outputTokens * 0.6) / 1e6, 12);
  });

  it('treats a reply that is not the agreed JSON as a failure and moves on', async () => {
    const answerer = await chainOn(
      (r) => (r.model === 'chatty' ? { raw: 'Sure! We open at 10.' } : modelReply('Saturday 10am to 2pm.')),
      [{ model: 'chatty' }, { model: 'strict' }],
    );

    const answer = await answerer.answer(input);

    expect(answer.text).toBe('Saturday 10am to 2pm.');
    expect(server!.received[0]!.response_format).toMatchObject({ type: 'json_schema' });
    // The unusable reply still used tokens, and they are counted.
    expect(answer.usage?.map((u) => u.model)).toEqual(['chatty', 'strict']);
  });
});
