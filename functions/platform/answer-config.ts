import * as z from 'zod/mini';

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** One model in the answer chain, as the stage configures it. */
export interface ChatModelStageSettings {
  model: string;
  /** Any server speaking chat completions (OpenAI, Azure OpenAI, Ollama, vLLM); OpenAI's when absent. */
  baseUrl?: string;
  timeoutMs: number;
  /** Retries the SDK makes on this stage (429, 5xx, connection errors) before the chain moves on. */
  maxRetries: number;
  price?: ModelPrice;
  /** The model reads images; when unset, known vision models are recognised by name. */
  vision?: boolean;
}

const StageSchema = z.object({
  model: z.string().check(z.minLength(1)),
  baseUrl: z.optional(z.url()),
  timeoutMs: z.optional(z.number().check(z.int(), z.positive())),
  maxRetries: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(5))),
  price: z.optional(
    z.object({ input: z.number().check(z.minimum(0)), output: z.number().check(z.minimum(0)) }),
  ),
  /** The model reads images (customers' photos); known vision models are recognised by name. */
  vision: z.optional(z.boolean()),
});

const ChainSchema = z.pipe(
  z.pipe(
    z.string(),
    z.transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'LLM_CHAIN must be a JSON array', input: text });
        return z.NEVER;
      }
    }),
  ),
  z.array(StageSchema).check(z.minLength(1)),
);

const positiveInt = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

/**
 * The answer engine's environment, merged into the one schema `config.ts` parses. Defaults suit a
 * small business on chat; every number can be set per stage.
 */
export const ANSWER_ENV = {
  /**
   * The fallback chain as JSON: `[{"model":"gpt-4o-mini","timeoutMs":8000,"maxRetries":1},
   * {"model":"llama3.1","baseUrl":"http://ollama:11434/v1"}]`. Without it: `OPENAI_MODEL` on
   * `OPENAI_BASE_URL`, then each of `OPENAI_FALLBACK_MODELS` (comma separated, `model` or
   * `model@baseUrl`).
   */
  LLM_CHAIN: z.optional(ChainSchema),
  OPENAI_FALLBACK_MODELS: z._default(z.string(), ''),
  LLM_TIMEOUT_MS: positiveInt(10_000),
  LLM_MAX_RETRIES: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(5)), 1),
  LLM_CIRCUIT_FAILURES: positiveInt(3),
  LLM_CIRCUIT_COOLDOWN_MS: positiveInt(30_000),
  /**
   * Without a model, passages scoring below this are not answered from (scores are in [0, 1]).
   * Higher declines more out-of-scope questions but also short chat questions whose words the
   * fact does not repeat ("opening hours?" against "We are open 9 to 5"); the sweep is in
   * BENCHMARKS.md.
   */
  ANSWER_RELEVANCE_FLOOR: z._default(z.coerce.number().check(z.minimum(0), z.maximum(1)), 0.7),
  /** The model sees passages down to this score: it judges relevance itself, so it gets more. */
  LLM_SOURCE_FLOOR: z._default(z.coerce.number().check(z.minimum(0), z.maximum(1)), 0.5),
  /**
   * With a vector index configured: `vector` alone, or `hybrid` (vector fused with the embedded
   * BM25). Without one, retrieval is the embedded BM25 either way.
   */
  RETRIEVAL_FUSION: z._default(z.enum(['vector', 'hybrid']), 'vector'),
  /** Quick messages from one customer within this window are answered once, together; 0 turns it off. */
  BURST_WINDOW_MS: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(20_000)), 1500),
  /**
   * How long a worker holds a message it is answering; after a crash another takes over once it
   * lapses. Shorter than the answer queue's visibility timeout.
   */
  ANSWER_LEASE_MS: z._default(z.coerce.number().check(z.int(), z.minimum(100), z.maximum(300_000)), 60_000),
  /** How long the assistant stays quiet after a handoff if the owner never sends !resume. */
  HANDOFF_TIMEOUT_MINUTES: z._default(z.coerce.number().check(z.positive()), 240),
  CUSTOMER_MESSAGES_PER_WINDOW: positiveInt(20),
  CUSTOMER_RATE_WINDOW_SECONDS: positiveInt(600),
  MAX_MESSAGE_CHARS: positiveInt(1200),
};

type AnswerEnv = z.infer<z.ZodMiniObject<typeof ANSWER_ENV>>;

export interface AnswerConfig {
  chain: ChatModelStageSettings[];
  circuit: { failureThreshold: number; cooldownMs: number };
  relevanceFloor: number;
  llmSourceFloor: number;
  retrievalFusion: 'vector' | 'hybrid';
  burstWindowMs: number;
  leaseMs: number;
  handoffTimeoutMinutes: number;
  rateLimit: { messages: number; windowSeconds: number };
  maxMessageChars: number;
}

export const toAnswerConfig = (
  env: AnswerEnv,
  openai: { model: string; baseUrl: string | undefined },
): AnswerConfig => {
  const stage = (model: string, baseUrl: string | undefined): ChatModelStageSettings => ({
    model,
    baseUrl,
    timeoutMs: env.LLM_TIMEOUT_MS,
    maxRetries: env.LLM_MAX_RETRIES,
  });
  const fallbacks = env.OPENAI_FALLBACK_MODELS.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [model = entry, baseUrl] = entry.split('@');
      return stage(model, baseUrl ?? openai.baseUrl);
    });
  const chain = env.LLM_CHAIN
    ? env.LLM_CHAIN.map((s) => ({ ...stage(s.model, s.baseUrl), ...s }))
    : [stage(openai.model, openai.baseUrl), ...fallbacks];
  return {
    chain,
    circuit: { failureThreshold: env.LLM_CIRCUIT_FAILURES, cooldownMs: env.LLM_CIRCUIT_COOLDOWN_MS },
    relevanceFloor: env.ANSWER_RELEVANCE_FLOOR,
    llmSourceFloor: env.LLM_SOURCE_FLOOR,
    retrievalFusion: env.RETRIEVAL_FUSION,
    burstWindowMs: env.BURST_WINDOW_MS,
    leaseMs: env.ANSWER_LEASE_MS,
    handoffTimeoutMinutes: env.HANDOFF_TIMEOUT_MINUTES,
    rateLimit: {
      messages: env.CUSTOMER_MESSAGES_PER_WINDOW,
      windowSeconds: env.CUSTOMER_RATE_WINDOW_SECONDS,
    },
    maxMessageChars: env.MAX_MESSAGE_CHARS,
  };
};
