import * as z from 'zod/mini';

/** The website chat widget's limits, the same for every business of a stage. */
export interface WidgetConfig {
  /** How long a visitor's signed session lasts; the conversation survives reloads within it. */
  sessionHours: number;
  /** Characters in one visitor message; a longer one is refused (413), not cut. */
  maxMessageChars: number;
  /** Messages one visitor may send per minute. */
  visitorMessagesPerMinute: number;
  /** Sessions and messages one IP address may make per minute, per business. */
  addressRequestsPerMinute: number;
  /** How long a poll waits for a reply before it answers "nothing yet". */
  pollWaitMs: number;
}

const positiveInt = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

/** Merged into the one schema `config.ts` parses. */
export const WIDGET_ENV = {
  WIDGET_SESSION_HOURS: positiveInt(7 * 24),
  WIDGET_MAX_MESSAGE_CHARS: positiveInt(1000),
  WIDGET_VISITOR_MESSAGES_PER_MINUTE: positiveInt(8),
  WIDGET_ADDRESS_REQUESTS_PER_MINUTE: positiveInt(30),
  // API Gateway's HTTP API gives an integration 30 s: a poll answers well within it.
  WIDGET_POLL_WAIT_MS: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(25_000)), 20_000),
};

type WidgetEnv = z.infer<z.ZodMiniObject<typeof WIDGET_ENV>>;

export const toWidgetConfig = (env: WidgetEnv): WidgetConfig => ({
  sessionHours: env.WIDGET_SESSION_HOURS,
  maxMessageChars: env.WIDGET_MAX_MESSAGE_CHARS,
  visitorMessagesPerMinute: env.WIDGET_VISITOR_MESSAGES_PER_MINUTE,
  addressRequestsPerMinute: env.WIDGET_ADDRESS_REQUESTS_PER_MINUTE,
  pollWaitMs: env.WIDGET_POLL_WAIT_MS,
});
