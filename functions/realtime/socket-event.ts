/**
 * The event API Gateway gives a WebSocket route's Lambda integration (the same shape the local
 * stack builds). `$connect` carries the handshake's headers and query; `$default` the frame.
 */
export interface SocketEvent {
  requestContext: {
    routeKey: '$connect' | '$disconnect' | '$default' | string;
    eventType: 'CONNECT' | 'DISCONNECT' | 'MESSAGE';
    connectionId: string;
    domainName: string;
    stage: string;
    apiId?: string;
    requestId?: string;
    connectedAt?: number;
    requestTimeEpoch?: number;
    disconnectStatusCode?: number;
  };
  headers?: Record<string, string | undefined>;
  multiValueHeaders?: Record<string, string[] | undefined>;
  queryStringParameters?: Record<string, string | undefined> | null;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface SocketResult {
  statusCode: number;
  body?: string;
}

/** Header lookup regardless of case (API Gateway keeps the client's; the local stack lowercases). */
export const socketHeader = (event: SocketEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  return Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === wanted)?.[1];
};
