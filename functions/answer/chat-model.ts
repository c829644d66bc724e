import OpenAI from 'openai';
import * as z from 'zod';
// cl100k rather than o200k (2.4 MB more, a few percent apart), from the vendor layer only when a
// server reports no usage: OpenAI always does.
import { countTokens } from '../ingest/tokens.js';
import { INTENTS, SENTIMENTS } from '../insights/labels.js';
import type { ModelUsage } from './answerer.js';
import { ModelCallError } from './errors.js';
import { estimateCostUsd, type ModelPrice, priceOf } from './pricing.js';
import { ANSWER_RESPONSE_FORMAT, type ChatMessage } from './prompt.js';

/** One link of the fallback chain: a model on an endpoint, with its own time and retry budget. */
export interface ChatModelStageSettings {
  model: string;
  /** Any server speaking chat completions (OpenAI, Azure OpenAI, Ollama, vLLM); OpenAI's when absent. */
  baseUrl?: string;
  timeoutMs: number;
  /** Retries the SDK makes on this stage (429, 5xx, connection errors) before the chain moves on. */
  maxRetries: number;
  price?: ModelPrice;
}

const ModelReplySchema = z.object({
  reply: z.string().min(1),
  known: z.boolean(),
  sources: z.array(z.number().int()).default([]),
  intent: z.enum(INTENTS).catch('other'),
  sentiment: z.enum(SENTIMENTS).catch('neutral'),
});
export type ModelReply = z.infer<typeof ModelReplySchema>;

export interface ChatModelStage {
  readonly name: string;
  complete(messages: ChatMessage[]): Promise<{ reply: ModelReply; usage: ModelUsage }>;
}

/**
 * A chain stage on the real `openai` client, created once per process. The SDK does the retrying
 * (with backoff, honouring Retry-After) within the stage's budget; anything left over is a
 * `ModelCallError` for the chain to fall back on.
 */
export const createChatModelStage = (
  settings: ChatModelStageSettings,
  apiKey: () => Promise<string | undefined>,
): ChatModelStage => {
  const client = new OpenAI({
    // Self-hosted servers want no key, but the SDK insists on one.
    apiKey: async () => (await apiKey()) ?? 'no-key',
    baseURL: settings.baseUrl,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
  });
  const name = `${settings.model}@${settings.baseUrl ? new URL(settings.baseUrl).host : 'api.openai.com'}`;
  const price = priceOf(settings.model, settings.price);

  return {
    name,
    async complete(messages) {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create({
          model: settings.model,
          messages,
          temperature: 0.2,
          response_format: ANSWER_RESPONSE_FORMAT,
        });
      } catch (error) {
        const status = error instanceof OpenAI.APIError ? ` (HTTP ${error.status ?? 'no status'})` : '';
        throw new ModelCallError(`${name} failed${status}`, { cause: error });
      }
      const content = completion.choices[0]?.message?.content ?? '';
      // Some compatible servers return no usage; the tokenizer's count keeps the estimate honest.
      const inputTokens =
        completion.usage?.prompt_tokens ?? countTokens(messages.map((m) => m.content).join('\n'));
      const outputTokens = completion.usage?.completion_tokens ?? countTokens(content);
      const usage: ModelUsage = {
        model: settings.model,
        inputTokens,
        outputTokens,
        costUsd: estimateCostUsd(price, inputTokens, outputTokens),
      };
      const reply = parseModelReply(content);
      if (!reply)
        throw new ModelCallError(`${name} did not reply with the answer JSON`, { cause: { usage } });
      return { reply, usage };
    },
  };
};

const parseModelReply = (content: string): ModelReply | undefined => {
  try {
    // Some compatible servers wrap JSON in a code fence despite response_format.
    const json = JSON.parse(content.replace(/^```(?:json)?\s*|\s*```$/g, ''));
    const parsed = ModelReplySchema.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};
