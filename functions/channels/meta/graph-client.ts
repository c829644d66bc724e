import * as z from 'zod';
import { FrontdeskError } from '../../platform/errors.js';

/**
 * What a Graph API failure means for the sender:
 * - `window-closed`: 24 hours since the customer's last message; only a template may go out.
 * - `throughput`: the business number or app is over its rate; back off, then retry later.
 * - `pair-rate`: too many messages to this one customer in a short time; wait seconds.
 * - `auth`: the access token is wrong, expired or lacks permission; an operator must act.
 * - `transient`: Meta's side failed (5xx, timeout, network); a retry may succeed.
 * - `rejected`: anything else the API refused (bad recipient...); a retry cannot help.
 */
export type GraphErrorKind = 'window-closed' | 'throughput' | 'pair-rate' | 'auth' | 'transient' | 'rejected';

/** Messenger (2018278) and Instagram (2534022) report a closed window as code 10 with a subcode. */
const WINDOW_SUBCODES = new Set([2018278, 2534022]);
const THROUGHPUT_CODES = new Set([130429, 4, 17, 32, 613, 80006, 80007]);
const AUTH_CODES = new Set([190, 102, 463, 467, 10, 200]);
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016]);

export const classifyGraphError = (error: {
  httpStatus?: number;
  code?: number;
  subcode?: number;
}): GraphErrorKind => {
  const { httpStatus = 0, code, subcode } = error;
  if (code === 131047 || (code === 10 && subcode !== undefined && WINDOW_SUBCODES.has(subcode)))
    return 'window-closed';
  if (code === 131056) return 'pair-rate';
  if (code !== undefined && THROUGHPUT_CODES.has(code)) return 'throughput';
  if (httpStatus === 429) return 'throughput';
  if (code !== undefined && (AUTH_CODES.has(code) || (code >= 200 && code < 300))) return 'auth';
  if (httpStatus === 401) return 'auth';
  if (httpStatus >= 500 || httpStatus === 0 || (code !== undefined && TRANSIENT_CODES.has(code)))
    return 'transient';
  return 'rejected';
};

export class GraphApiError extends FrontdeskError {
  readonly kind: GraphErrorKind;
  constructor(
    message: string,
    readonly details: { httpStatus?: number; code?: number; subcode?: number; fbtraceId?: string },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.kind = classifyGraphError(details);
  }
}

const GraphErrorBody = z.object({
  error: z.object({
    message: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/** WhatsApp answers `{messages:[{id}]}`; Messenger and Instagram `{message_id}`. */
const GraphSendBody = z.union([
  z.object({ messages: z.array(z.object({ id: z.string() })).min(1) }),
  z.object({ message_id: z.string() }),
]);

export interface GraphClientOptions {
  /** `https://graph.facebook.com`, or a local server that speaks the Graph API. */
  baseUrl: string;
  /** e.g. `v25.0`. */
  version: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Waits before each retry, by kind; a kind not listed is never retried. */
  retryDelaysMs?: Partial<Record<GraphErrorKind, readonly number[]>>;
}

/**
 * Bounded retries, so a hot error never turns into a storm: a few quick ones for Meta's own
 * failures, longer waits for rate limits (the pair rate allows about one message per six
 * seconds), none for errors a retry cannot fix. What is still failing afterwards is thrown, and
 * the queue's redelivery spaces out the next attempt.
 */
export const DEFAULT_RETRY_DELAYS_MS: Partial<Record<GraphErrorKind, readonly number[]>> = {
  transient: [250, 1000],
  throughput: [1000, 3000],
  'pair-rate': [6500],
};

const DEFAULT_TIMEOUT_MS = 8000;
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface GraphClient {
  /** POSTs `/<version>/<nodeId>/messages`; returns the sent message's id. */
  sendMessage(nodeId: string, accessToken: string, body: Record<string, unknown>): Promise<string>;
}

export const createGraphClient = (options: GraphClientOptions): GraphClient => {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? wait;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const attempt = async (url: string, accessToken: string, body: string): Promise<string> => {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new GraphApiError(`Graph API unreachable: ${(error as Error).message}`, {}, { cause: error });
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const parsed = GraphErrorBody.safeParse(json);
      const error = parsed.success ? parsed.data.error : undefined;
      throw new GraphApiError(`Graph API ${response.status}: ${error?.message ?? text.slice(0, 200)}`, {
        httpStatus: response.status,
        code: error?.code,
        subcode: error?.error_subcode,
        fbtraceId: error?.fbtrace_id,
      });
    }
    const sent = GraphSendBody.safeParse(json);
    if (!sent.success)
      throw new GraphApiError('Graph API answered 200 without a message id', { httpStatus: 200 });
    return 'messages' in sent.data ? sent.data.messages[0]!.id : sent.data.message_id;
  };

  return {
    async sendMessage(nodeId, accessToken, body) {
      const url = `${options.baseUrl}/${options.version}/${encodeURIComponent(nodeId)}/messages`;
      const payload = JSON.stringify(body);
      const retries: Partial<Record<GraphErrorKind, number>> = {};
      for (;;) {
        try {
          return await attempt(url, accessToken, payload);
        } catch (error) {
          if (!(error instanceof GraphApiError)) throw error;
          const done = retries[error.kind] ?? 0;
          const delay = delays[error.kind]?.[done];
          if (delay === undefined) throw error;
          retries[error.kind] = done + 1;
          await sleep(delay + Math.floor(Math.random() * delay * 0.2));
        }
      }
    },
  };
};
