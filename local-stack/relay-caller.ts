import { WebSocket } from 'ws';
import { signTwilioRequest } from '../functions/channels/twilio/signature.js';
import { postTwilioVoice } from './twilio-voice-client.js';

/** A frame ConversationRelay receives from the application. */
export interface ReceivedFrame {
  type: string;
  token?: string;
  last?: boolean;
  handoffData?: string;
  at: number;
}

const attribute = (xml: string, element: string, name: string): string | undefined => {
  const tag = new RegExp(`<${element}\\b[^>]*>`).exec(xml)?.[0];
  const value = tag && new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
  return value
    ?.replace(/&amp;/g, '&')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
};

/**
 * Twilio's side of a ConversationRelay call, for `npm run call` and tests: it posts the signed
 * incoming-call webhook, reads `<Connect><ConversationRelay>` from the TwiML, opens the WebSocket
 * with Twilio's handshake signature, sends `setup`, and then sends what the caller says
 * (`prompt`), their interruptions and key presses, collecting every frame the application sends.
 */
export const startRelayCall = async (options: {
  webhookUrl: string;
  authToken: string;
  call: { callSid: string; from: string; to: string };
  onFrame?: (frame: ReceivedFrame) => void;
}) => {
  const incoming = await postTwilioVoice(options.webhookUrl, options.authToken, options.call);
  const socketUrl = attribute(incoming.twiml, 'ConversationRelay', 'url');
  if (incoming.status !== 200 || !socketUrl) {
    throw new Error(
      `The voice webhook did not connect the call to ConversationRelay: ${incoming.status} ${incoming.twiml}`,
    );
  }
  const greeting = attribute(incoming.twiml, 'ConversationRelay', 'welcomeGreeting') ?? '';
  const actionUrl = attribute(incoming.twiml, 'Connect', 'action') ?? '';
  const socket = new WebSocket(socketUrl, {
    headers: { 'x-twilio-signature': signTwilioRequest(options.authToken, socketUrl, {}) },
  });
  const frames: ReceivedFrame[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    const frame = { ...JSON.parse(String(data)), at: performance.now() } as ReceivedFrame;
    frames.push(frame);
    options.onFrame?.(frame);
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`handshake refused: HTTP ${res.statusCode}`)),
    );
    socket.once('error', reject);
  });
  const send = (frame: Record<string, unknown>) => socket.send(JSON.stringify(frame));
  send({
    type: 'setup',
    sessionId: `VX${'0'.repeat(32)}`,
    accountSid: `AC${'0'.repeat(32)}`,
    callSid: options.call.callSid,
    from: options.call.from,
    to: options.call.to,
    direction: 'inbound',
    callType: 'PSTN',
    customParameters: {},
  });

  /** Resolves with the first frame from `from` on that matches, waiting up to `timeoutMs`. */
  const waitFor = async (
    match: (f: ReceivedFrame) => boolean,
    from = 0,
    timeoutMs = 10_000,
  ): Promise<ReceivedFrame> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = frames.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(from))}`,
        );
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };

  return {
    greeting,
    actionUrl,
    socketUrl,
    frames,
    socket,
    /** The caller says something; resolves with the answer's frames once its last token came. */
    async say(text: string): Promise<ReceivedFrame[]> {
      const from = frames.length;
      send({ type: 'prompt', voicePrompt: text, lang: 'en-US', last: true });
      const last = await waitFor((f) => (f.type === 'text' && f.last === true) || f.type === 'end', from);
      return frames.slice(from, frames.indexOf(last) + 1);
    },
    /** The caller says something and does not wait. */
    prompt(text: string): number {
      const from = frames.length;
      send({ type: 'prompt', voicePrompt: text, lang: 'en-US', last: true });
      return from;
    },
    interrupt(heard: string, durationMs = 800): void {
      send({
        type: 'interrupt',
        utteranceUntilInterrupt: heard,
        durationUntilInterruptMs: String(durationMs),
      });
    },
    press(digit: string): number {
      const from = frames.length;
      send({ type: 'dtmf', digit });
      return from;
    },
    waitFor,
    async hangUp(): Promise<void> {
      if (socket.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000);
      });
    },
  };
};
export type RelayCall = Awaited<ReturnType<typeof startRelayCall>>;
