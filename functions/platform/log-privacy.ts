import { createHash } from 'node:crypto';
import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/** Keys whose string values are what a customer or the assistant wrote. */
const TEXT_KEYS = new Set([
  'text',
  'body',
  'Body',
  'question',
  'asked',
  'answer',
  'reply',
  'prompt',
  'content',
  'transcript',
  'SpeechResult',
]);

/** Keys whose values identify a person: phone numbers, WhatsApp ids, page-scoped user ids. */
const PERSON_KEYS = new Set([
  'from',
  'to',
  'From',
  'To',
  'phone',
  'customer',
  'recipient',
  'caller',
  'Caller',
  'Called',
  'waId',
  'wa_id',
  'senderId',
  'recipientId',
]);

/** Keys whose values are a person's display name (WhatsApp profile, caller name). */
const NAME_KEYS = new Set(['profileName', 'ProfileName', 'CallerName', 'callerName']);

/** An E.164 number anywhere in free text: error messages, log messages, URLs. */
const PHONE_IN_TEXT = /(?<![\w+])\+\d{7,15}(?!\d)/g;
/** `whatsapp:`, `messenger:` and the like stay readable: they say which channel, not who. */
const CHANNEL_PREFIX = /^([a-z]+:)?(.*)$/s;
const MAX_DEPTH = 10;

/**
 * `+15551231234` -> `+1555***1234`: enough to tell two customers apart in a log, not enough to
 * call them. Short identifiers lose everything.
 */
export const maskIdentifier = (value: string): string => {
  const [, prefix = '', id = ''] = CHANNEL_PREFIX.exec(value) ?? [];
  if (id.length < 9) return `${prefix}***`;
  return `${prefix}${id.slice(0, 5)}***${id.slice(-4)}`;
};

/** Message text becomes its length and a short hash: duplicates still match, content is gone. */
export const maskText = (value: string): string =>
  `[text: ${value.length} chars, sha256 ${createHash('sha256').update(value).digest('hex').slice(0, 10)}]`;

/** Replaces every E.164 number inside a free-text string. */
export const maskPhonesIn = (value: string): string => value.replace(PHONE_IN_TEXT, maskIdentifier);

/**
 * The house log format: Powertools' standard keys, with personal data masked on every line
 * before it is serialised. Masking sits here, not at the call sites, so a new `logger.info(...,
 * { from, text })` cannot leak: phone numbers and ids under person keys, display names, and
 * message text under text keys are masked wherever they appear (nested objects, arrays, errors
 * and their causes), and E.164 numbers are masked inside any other string.
 *
 * Only a DEBUG line, and only when `revealAtDebug` is on (never in production), shows the data
 * as it is.
 *
 * @example
 * const formatter = new PrivacyLogFormatter();
 * const logger = new Logger({ logFormatter: formatter });
 * formatter.revealAtDebug = stage !== 'prod';
 * logger.info('received', { from: '+15551231234', text: 'hi' }); // from: "+1555***1234"
 */
export class PrivacyLogFormatter extends LogFormatter {
  /** Off until the runtime says the stage is not production: the safe default. */
  revealAtDebug = false;

  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const reveal = this.revealAtDebug && attributes.logLevel === 'DEBUG';
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: reveal ? attributes.message : maskPhonesIn(attributes.message ?? ''),
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: attributes.lambdaContext?.coldStart,
      function_arn: attributes.lambdaContext?.invokedFunctionArn,
      function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
    };
    const rest = reveal ? additional : (this.mask(additional, '', 0, new WeakSet()) as LogAttributes);
    return new LogItem({ attributes: base }).addAttributes(rest);
  }

  private mask(value: unknown, key: string, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') {
      if (TEXT_KEYS.has(key)) return maskText(value);
      if (PERSON_KEYS.has(key)) return maskIdentifier(value);
      if (NAME_KEYS.has(key)) return '***';
      return maskPhonesIn(value);
    }
    if (typeof value !== 'object' || value === null || value instanceof Date) return value;
    if (depth >= MAX_DEPTH || seen.has(value)) return '[not logged: nested too deep or circular]';
    seen.add(value);
    const plain: unknown = value instanceof Error ? this.formatError(value) : value;
    if (Array.isArray(plain)) return plain.map((item) => this.mask(item, key, depth + 1, seen));
    return Object.fromEntries(
      Object.entries(plain as Record<string, unknown>).map(([k, v]) => [k, this.mask(v, k, depth + 1, seen)]),
    );
  }
}
