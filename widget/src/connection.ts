import type { Entry, Look } from './view.js';

export interface Endpoints {
  /** Origin of the HTTP API (`/widget/...`). */
  api: string;
  /** The WebSocket API's URL (`wss://.../live`); empty: polling only. */
  socket: string;
}

export interface SessionStart {
  session: string;
  entries: Entry[];
  widget: Look;
}

/** A refusal the visitor should understand (403 not allowed, 413 too long, 429 too many). */
export class RefusedError extends Error {
  constructor(readonly status: number) {
    super(`refused with ${status}`);
  }
}

/**
 * The widget's requests: JSON sent as `text/plain` with no custom header, a CORS simple request,
 * so no preflight; no cookies. A refused origin gets no CORS header, which fetch reports as a
 * network error: the widget reads both as "not available here".
 */
const post = async <T>(endpoints: Endpoints, path: string, body: unknown): Promise<T> => {
  const response = await fetch(`${endpoints.api}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify(body),
    credentials: 'omit',
  });
  if (!response.ok) throw new RefusedError(response.status);
  return (await response.json()) as T;
};

const storageKey = (business: string) => `frontdesk-chat:${business}`;

const kept = (business: string): string | undefined => {
  try {
    return localStorage.getItem(storageKey(business)) ?? undefined;
  } catch {
    return undefined; // storage blocked: the conversation lasts as long as the page
  }
};

const keep = (business: string, session: string | undefined) => {
  try {
    if (session) localStorage.setItem(storageKey(business), session);
    else localStorage.removeItem(storageKey(business));
  } catch {
    // storage blocked: nothing to keep
  }
};

export const hasKeptSession = (business: string): boolean => Boolean(kept(business));

/**
 * One visitor's chat with one business: starts (or resumes) the session, sends messages, and
 * listens for replies over the WebSocket, falling back to long polling when it cannot connect.
 */
export const createChat = (endpoints: Endpoints, business: string, onEntries: (entries: Entry[]) => void) => {
  let session: string | undefined;
  let newest: string | undefined;
  let listening = false;
  const deliver = (entries: Entry[]) => {
    if (entries.length === 0) return;
    const last = entries[entries.length - 1]!.id;
    if (!newest || last > newest) newest = last;
    onEntries(entries);
  };

  const poll = async (wait: boolean): Promise<void> => {
    const { entries } = await post<{ entries: Entry[] }>(endpoints, '/widget/poll', {
      business,
      session,
      after: newest,
      wait,
    });
    deliver(entries);
  };

  const pollForever = async () => {
    for (;;) {
      try {
        await poll(true);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 5000));
      }
    }
  };

  const listen = () => {
    if (listening) return;
    listening = true;
    if (!endpoints.socket || typeof WebSocket === 'undefined') {
      void pollForever();
      return;
    }
    const url = new URL(endpoints.socket);
    url.searchParams.set('kind', 'web');
    url.searchParams.set('business', business);
    url.searchParams.set('session', session ?? '');
    const socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      // Anything that came between the session and the socket.
      void poll(false).catch(() => undefined);
    });
    socket.addEventListener('message', (event) => {
      try {
        const frame = JSON.parse(String(event.data)) as { type?: string; entry?: Entry };
        if (frame.type === 'entry' && frame.entry) deliver([frame.entry]);
      } catch {
        // not a frame of ours
      }
    });
    // Blocked (a proxy, a firewall) or dropped: long polling carries on from the newest line.
    socket.addEventListener('close', () => void pollForever());
  };

  return {
    async start(page: string): Promise<Look> {
      const started = await post<SessionStart>(endpoints, '/widget/sessions', {
        business,
        page,
        session: kept(business),
      });
      session = started.session;
      keep(business, session);
      deliver(started.entries);
      listen();
      return started.widget;
    },
    async send(text: string): Promise<Entry> {
      const { entry } = await post<{ entry: Entry }>(endpoints, '/widget/messages', {
        business,
        session,
        text,
      });
      deliver([entry]);
      return entry;
    },
    async leaveContact(contact: { name: string; email: string }): Promise<void> {
      await post(endpoints, '/widget/contact', { business, session, ...contact });
    },
    forget: () => keep(business, undefined),
  };
};
