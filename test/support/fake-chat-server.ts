import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  /** `content` is an array of text and `image_url` parts when the customer sent a photo. */
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string };
  stream?: boolean;
}

/** What the fake server does with one request: answer with this JSON, fail, or be slow. */
export type ChatBehaviour =
  | {
      reply: Record<string, unknown>;
      delayMs?: number;
      /** Token counts to report; `null` reports none, as some compatible servers do. */
      usage?: { prompt: number; completion: number } | null;
      /** On a streamed request: the connection breaks after this many characters of content. */
      breakAfterChars?: number;
    }
  | { status: number; delayMs?: number }
  | { raw: string };

/** One `POST /v1/audio/transcriptions` as received (multipart: the file and the model). */
export interface TranscriptionRequest {
  model: string;
  filename: string;
  contentType: string;
  bytes: number;
  authorization: string | undefined;
}

/**
 * A local HTTP server that speaks OpenAI chat completions (`POST /v1/chat/completions`) and audio
 * transcription (`POST /v1/audio/transcriptions`), for the real `openai` client to talk to. Tests
 * script its behaviour per request and read back exactly what it received.
 */
export const startFakeChatServer = async (
  behave: (request: ChatRequest, nth: number) => ChatBehaviour,
  transcribe: (request: TranscriptionRequest) => { text: string } | { status: number } = () => ({
    text: '',
  }),
) => {
  const received: ChatRequest[] = [];
  const transcriptions: TranscriptionRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
    });
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url?.endsWith('/audio/transcriptions')) {
        const form = await new Response(raw, {
          headers: { 'content-type': req.headers['content-type'] ?? '' },
        }).formData();
        const file = form.get('file') as File;
        const request: TranscriptionRequest = {
          model: String(form.get('model')),
          filename: file.name,
          contentType: file.type,
          bytes: file.size,
          authorization: req.headers.authorization,
        };
        transcriptions.push(request);
        const outcome = transcribe(request);
        res.writeHead('status' in outcome ? outcome.status : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify('status' in outcome ? { error: { message: 'scripted failure' } } : outcome));
        return;
      }
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      const request = JSON.parse(raw.toString('utf8')) as ChatRequest;
      received.push(request);
      const behaviour = behave(request, received.length);
      const respond = () => {
        if (res.destroyed) return;
        if ('status' in behaviour) {
          res.writeHead(behaviour.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
          return;
        }
        const content = 'raw' in behaviour ? behaviour.raw : JSON.stringify(behaviour.reply);
        const usage = 'usage' in behaviour ? behaviour.usage : undefined;
        if (request.stream) {
          streamContent(
            res,
            request,
            content,
            'breakAfterChars' in behaviour ? behaviour.breakAfterChars : undefined,
          );
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${received.length}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: request.model,
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
            ...(usage === null
              ? {}
              : {
                  usage: {
                    prompt_tokens: usage?.prompt ?? 1000,
                    completion_tokens: usage?.completion ?? 100,
                    total_tokens: (usage?.prompt ?? 1000) + (usage?.completion ?? 100),
                  },
                }),
          }),
        );
      };
      const delay = 'delayMs' in behaviour ? (behaviour.delayMs ?? 0) : 0;
      if (delay > 0) setTimeout(respond, delay);
      else respond();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    transcriptions,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** Server-sent events as OpenAI streams them: content in small deltas, usage last, then [DONE]. */
const streamContent = (
  res: import('node:http').ServerResponse,
  request: ChatRequest,
  content: string,
  breakAfterChars: number | undefined,
) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (body: Record<string, unknown>) =>
    res.write(
      `data: ${JSON.stringify({ id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 0, model: request.model, ...body })}\n\n`,
    );
  const limit = breakAfterChars ?? content.length;
  for (let i = 0; i < limit; i += 6) {
    chunk({
      choices: [
        { index: 0, delta: { content: content.slice(i, Math.min(i + 6, limit)) }, finish_reason: null },
      ],
    });
  }
  if (breakAfterChars !== undefined) {
    // After the written deltas reach the client, the connection drops with no end of stream.
    setTimeout(() => res.destroy(), 30);
    return;
  }
  chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  chunk({ choices: [], usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 } });
  res.end('data: [DONE]\n\n');
};

/** The fenced data message (profile and sources) of a request, and its last user message. */
export const promptParts = (request: ChatRequest) => ({
  rules: request.messages[0]?.content ?? '',
  data: request.messages[1]?.content ?? '',
  question: request.messages.at(-1)?.content ?? '',
  history: request.messages.slice(2, -1),
});
