import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SocketEvent, SocketResult } from '../functions/realtime/socket-event.js';

export type SocketHandler = (event: SocketEvent) => Promise<SocketResult>;

/**
 * An API Gateway WebSocket API on the local server: `ws://localhost:<port>/<stage>` accepts
 * connections, each with its own connection id; the handshake goes to the `$connect` route (a
 * non-2xx answer refuses it), each frame to `$default` (one invocation per frame, concurrently,
 * as API Gateway invokes Lambda), the close to `$disconnect`. The `@connections` API
 * (`POST|GET|DELETE /<stage>/@connections/{id}`) is what handlers post replies to, through the
 * real API Gateway management client. Any kind of connection can use it: the handler tells them
 * apart by what `$connect` bound.
 */
export class LocalSocketApi {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 128 * 1024 });
  private readonly sockets = new Map<
    string,
    { socket: WebSocket; connectedAt: number; lastActiveAt: number; sourceIp: string }
  >();

  constructor(
    private readonly options: { stage: string; handler: SocketHandler; domainName: () => string },
  ) {}

  /** Takes an HTTP upgrade to the stage's path; false for any other path. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== `/${this.options.stage}`) return false;
    const connectionId = randomBytes(12).toString('base64').replace(/\//g, '_').replace(/\+/g, '-');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query = Object.fromEntries(url.searchParams);
    const sourceIp = req.socket.remoteAddress ?? '127.0.0.1';
    this.invoke(connectionId, '$connect', 'CONNECT', {
      headers,
      queryStringParameters: Object.keys(query).length ? query : null,
    })
      .then((result) => {
        if (result.statusCode < 200 || result.statusCode > 299) {
          socket.end(
            `HTTP/1.1 ${result.statusCode} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
          );
          return;
        }
        this.server.handleUpgrade(req, socket, head, (ws) => {
          const now = Date.now();
          this.sockets.set(connectionId, { socket: ws, connectedAt: now, lastActiveAt: now, sourceIp });
          ws.on('message', (data, isBinary) => {
            const entry = this.sockets.get(connectionId);
            if (entry) entry.lastActiveAt = Date.now();
            const body = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
            void this.invoke(connectionId, '$default', 'MESSAGE', {
              body: isBinary ? body.toString('base64') : body.toString('utf8'),
              isBase64Encoded: isBinary,
            });
          });
          ws.on('close', () => {
            this.sockets.delete(connectionId);
            void this.invoke(connectionId, '$disconnect', 'DISCONNECT', {});
          });
        });
      })
      .catch(() => socket.destroy());
    return true;
  }

  /** `@connections/{id}`: POST sends a frame, GET describes the connection, DELETE closes it. */
  async connections(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const prefix = `/${this.options.stage}/@connections/`;
    if (!url.pathname.startsWith(prefix)) return false;
    const connectionId = decodeURIComponent(url.pathname.slice(prefix.length));
    const entry = this.sockets.get(connectionId);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (!entry) {
      reply(410, { message: 'GoneException' });
      return true;
    }
    if (req.method === 'POST') {
      entry.socket.send(Buffer.concat(chunks).toString('utf8'));
      reply(200);
    } else if (req.method === 'DELETE') {
      entry.socket.close(1000);
      reply(204);
    } else if (req.method === 'GET') {
      reply(200, {
        connectedAt: new Date(entry.connectedAt).toISOString(),
        lastActiveAt: new Date(entry.lastActiveAt).toISOString(),
        identity: { sourceIp: entry.sourceIp, userAgent: '' },
      });
    } else reply(405, { message: 'Method Not Allowed' });
    return true;
  }

  close(): void {
    for (const { socket } of this.sockets.values()) socket.terminate();
    this.server.close();
  }

  private async invoke(
    connectionId: string,
    routeKey: string,
    eventType: SocketEvent['requestContext']['eventType'],
    rest: Partial<SocketEvent>,
  ): Promise<SocketResult> {
    const now = Date.now();
    const event: SocketEvent = {
      requestContext: {
        routeKey,
        eventType,
        connectionId,
        domainName: this.options.domainName(),
        stage: this.options.stage,
        apiId: 'local',
        requestId: randomUUID(),
        connectedAt: this.sockets.get(connectionId)?.connectedAt ?? now,
        requestTimeEpoch: now,
      },
      isBase64Encoded: false,
      ...rest,
    };
    try {
      return await this.options.handler(event);
    } catch (error) {
      // API Gateway answers an integration failure with an error; the connection stays open.
      console.error(`[local] websocket ${routeKey} failed:`, error);
      return { statusCode: 500 };
    }
  }
}
