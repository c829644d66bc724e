import WebSocket from 'ws';
import { SOCKET_STAGE } from '../../functions/contracts/routes.js';
import type { LocalStack } from '../../local-stack/stack.js';

export interface WebEntryView {
  id: string;
  author: 'visitor' | 'assistant' | 'person';
  text: string;
  at: string;
}

/**
 * A website visitor as the widget acts: JSON sent as text/plain from a page of `origin` (the
 * Origin header is what the browser would send), the session kept between calls.
 */
export const webVisitor = (
  stack: LocalStack,
  business: string,
  origin: string,
  sourcePage = `${origin}/`,
) => {
  let session: string | undefined;
  const post = async (path: string, body: Record<string, unknown>) => {
    const response = await fetch(`${stack.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the route answered.
    const json: any = text ? JSON.parse(text) : undefined;
    return { status: response.status, json, headers: response.headers };
  };
  return {
    get session() {
      return session;
    },
    set session(value: string | undefined) {
      session = value;
    },
    async start(extra: Record<string, unknown> = {}) {
      const result = await post('/widget/sessions', { business, page: sourcePage, session, ...extra });
      if (result.status === 200) session = result.json.session;
      return result;
    },
    /** Any widget route, with the business and the session filled in. */
    post: (path: string, body: Record<string, unknown>) => post(path, { business, session, ...body }),
    send: (text: string, extra: Record<string, unknown> = {}) =>
      post('/widget/messages', { business, session, text, ...extra }),
    poll: (after?: string, wait = false, extra: Record<string, unknown> = {}) =>
      post('/widget/poll', { business, session, after, wait, ...extra }),
    /** Polls until a line from the business arrives after `after`. */
    async waitForReply(after: string | undefined, timeoutMs = 10_000): Promise<WebEntryView> {
      const deadline = Date.now() + timeoutMs;
      let cursor = after;
      while (Date.now() < deadline) {
        const { status, json } = await post('/widget/poll', { business, session, after: cursor, wait: true });
        if (status !== 200) throw new Error(`poll answered ${status}: ${JSON.stringify(json)}`);
        const entries = json.entries as WebEntryView[];
        const reply = entries.find((e) => e.author !== 'visitor');
        if (reply) return reply;
        cursor = entries.at(-1)?.id ?? cursor;
      }
      throw new Error('No reply arrived in time');
    },
    /** Opens the page's reply socket; frames are collected as they come. */
    async connect(options: { origin?: string; session?: string } = {}) {
      const url = new URL(stack.socketUrl.replace(/\/[^/]*$/, `/${SOCKET_STAGE}`));
      url.searchParams.set('kind', 'web');
      url.searchParams.set('business', business);
      url.searchParams.set('session', options.session ?? session ?? '');
      const socket = new WebSocket(url, { headers: { origin: options.origin ?? origin } });
      const frames: Array<{ type: string; entry: WebEntryView }> = [];
      socket.on('message', (data) => frames.push(JSON.parse(String(data))));
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
        socket.once('error', reject);
      });
      return { socket, frames };
    },
  };
};
