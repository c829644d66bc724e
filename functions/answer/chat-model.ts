import type OpenAI from 'openai';
import * as z from 'zod';
import { INTENTS, SENTIMENTS } from '../contracts/insight-labels.js';
// cl100k rather than o200k (2.4 MB more, a few percent apart), from the vendor layer only when a
// server reports no usage: OpenAI always does.
import { countTokens } from '../ingest/tokens.js';
import type { ChatModelStageSettings } from '../platform/answer-config.js';
import { openAiClient } from '../platform/openai-client.js';
import type { ModelUsage } from '../store/usage.js';
import { ModelCallError } from './errors.js';
import { estimateCostUsd, priceOf } from './pricing.js';
import { ANSWER_RESPONSE_FORMAT, type ChatMessage } from './prompt.js';
import { ReplyFieldStream } from './reply-field-stream.js';

/** One link of the fallback chain: a model on an endpoint, with its own time and retry budget. */

/** OpenAI's models that take image input (gpt-4o, gpt-4.1, gpt-5, o1/o3/o4 families). */
const VISION_MODELS = /^(?:gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4-turbo|gpt-5|o[134](?:-|$))/;

export const seesImages = (settings: Pick<ChatModelStageSettings, 'model' | 'vision'>): boolean =>
  settings.vision ?? VISION_MODELS.test(settings.model);

/** The customer's last message with their photos as `image_url` parts, after its text. */
const withImages = (
  messages: ChatMessage[],
  images: readonly string[],
): OpenAI.Chat.Completions.ChatCompletionMessageParam[] =>
  messages.map((message, i) =>
    i === messages.length - 1 && message.role === 'user'
      ? {
          role: 'user',
          content: [
            { type: 'text', text: message.content },
            ...images.map((url) => ({
              type: 'image_url' as const,
              image_url: { url, detail: 'low' as const },
            })),
          ],
        }
      : message,
  );

const ModelReplySchema = z.object({
  reply: z.string().min(1),
  known: z.boolean(),
  sources: z.array(z.number().int()).default([]),
  intent: z.enum(INTENTS).catch('other'),
  sentiment: z.enum(SENTIMENTS).catch('neutral'),
});
export type ModelReply = z.infer<typeof ModelReplySchema>;

/** A structured-output request other than the answer: a response format and the schema it parses with. */
export interface JsonRequest<T> {
  responseFormat: OpenAI.Chat.Completions.ChatCompletionCreateParams['response_format'];
  schema: z.ZodType<T>;
}

export interface ChatModelStage {
  readonly name: string;
  /** Photos given to `complete` or `stream` are shown to the model (else they are left out). */
  readonly seesImages?: boolean;
  complete(
    messages: ChatMessage[],
    images?: readonly string[],
  ): Promise<{ reply: ModelReply; usage: ModelUsage }>;
  /**
   * As `complete`, streaming: `onText` gets each new piece of the reply text while the model
   * writes it. A failure is a `ModelCallError` whether or not text was already given.
   */
  stream?(
    messages: ChatMessage[],
    onText: (delta: string) => void,
    signal?: AbortSignal,
    images?: readonly string[],
  ): Promise<{ reply: ModelReply; usage: ModelUsage }>;
  /** A call with another response format (the query rewrite). */
  completeJson<T>(messages: ChatMessage[], request: JsonRequest<T>): Promise<{ value: T; usage: ModelUsage }>;
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
  // Built on the first call, so a cold start never parses the client (vendor layer).
  let built: OpenAI | undefined;
  const client = (): OpenAI => {
    built ??= new (openAiClient().OpenAI)({
      // Self-hosted servers want no key, but the SDK insists on one.
      apiKey: async () => (await apiKey()) ?? 'no-key',
      baseURL: settings.baseUrl,
      timeout: settings.timeoutMs,
      maxRetries: settings.maxRetries,
    });
    return built;
  };
  const name = `${settings.model}@${settings.baseUrl ? new URL(settings.baseUrl).host : 'api.openai.com'}`;
  const price = priceOf(settings.model, settings.price);

  const vision = seesImages(settings);
  const failed = (error: unknown): ModelCallError => {
    if (error instanceof ModelCallError) return error;
    const status = error instanceof openAiClient().APIError ? ` (HTTP ${error.status ?? 'no status'})` : '';
    return new ModelCallError(`${name} failed${status}`, { cause: error });
  };
  const usageOf = (
    messages: ChatMessage[],
    content: string,
    reported: OpenAI.CompletionUsage | null | undefined,
  ): ModelUsage => {
    // Some compatible servers return no usage; the tokenizer's count keeps the estimate honest.
    const inputTokens = reported?.prompt_tokens ?? countTokens(messages.map((m) => m.content).join('\n'));
    const outputTokens = reported?.completion_tokens ?? countTokens(content);
    return {
      model: settings.model,
      inputTokens,
      outputTokens,
      costUsd: estimateCostUsd(price, inputTokens, outputTokens),
    };
  };
  const finish = <T>(
    messages: ChatMessage[],
    content: string,
    reported: OpenAI.CompletionUsage | null | undefined,
    schema: z.ZodType<T>,
  ): { value: T; usage: ModelUsage } => {
    const usage = usageOf(messages, content, reported);
    const value = parseJson(content, schema);
    if (value === undefined)
      throw new ModelCallError(`${name} did not reply with the JSON it was asked for`, { cause: { usage } });
    return { value, usage };
  };
  const call = async <T>(
    messages: ChatMessage[],
    request: JsonRequest<T>,
    images?: readonly string[],
  ): Promise<{ value: T; usage: ModelUsage }> => {
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await client().chat.completions.create({
        model: settings.model,
        messages: vision && images?.length ? withImages(messages, images) : messages,
        temperature: 0.2,
        response_format: request.responseFormat,
      });
    } catch (error) {
      throw failed(error);
    }
    return finish(messages, completion.choices[0]?.message?.content ?? '', completion.usage, request.schema);
  };

  return {
    name,
    seesImages: vision,
    async complete(messages, images) {
      const { value, usage } = await call(
        messages,
        { responseFormat: ANSWER_RESPONSE_FORMAT, schema: ModelReplySchema },
        images,
      );
      return { reply: value, usage };
    },
    completeJson: (messages, request) => call(messages, request),
    async stream(messages, onText, signal, images) {
      const field = new ReplyFieldStream();
      let content = '';
      let reported: OpenAI.CompletionUsage | null | undefined;
      try {
        const chunks = await client().chat.completions.create(
          {
            model: settings.model,
            messages: vision && images?.length ? withImages(messages, images) : messages,
            temperature: 0.2,
            response_format: ANSWER_RESPONSE_FORMAT,
            stream: true,
            stream_options: { include_usage: true },
          },
          { signal },
        );
        for await (const chunk of chunks) {
          const delta = chunk.choices[0]?.delta?.content ?? '';
          if (delta) {
            content += delta;
            const text = field.push(delta);
            if (text) onText(text);
          }
          if (chunk.usage) reported = chunk.usage;
        }
      } catch (error) {
        throw failed(error);
      }
      const { value, usage } = finish(messages, content, reported, ModelReplySchema);
      return { reply: value, usage };
    },
  };
};

const parseJson = <T>(content: string, schema: z.ZodType<T>): T | undefined => {
  try {
    // Some compatible servers wrap JSON in a code fence despite response_format.
    const json = JSON.parse(content.replace(/^```(?:json)?\s*|\s*```$/g, ''));
    const parsed = schema.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};
