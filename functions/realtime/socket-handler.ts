import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { handleRelayFrame, type RelayDeps } from '../channels/voice/relay-call.js';
import { connectRelayCall } from '../channels/voice/relay-connect.js';
import { logger, metrics } from '../platform/observability.js';
import type { SecretStore } from '../platform/secrets.js';
import { deleteConnection, forgetWebConnection, getConnection } from '../store/socket-connections.js';
import { connectWebVisitor } from '../web/web-connect.js';
import type { ConnectionPoster } from './connection-poster.js';
import { type SocketEvent, type SocketResult, socketHeader } from './socket-event.js';

export interface SocketDeps extends Omit<RelayDeps, 'connections'> {
  secrets: SecretStore;
  /** The wss URL the voice webhook hands Twilio (what Twilio signs). */
  relayUrl: string | undefined;
  /** The `@connections` API of the stage an event came from. */
  connectionsFor(event: SocketEvent): ConnectionPoster;
}

const ok: SocketResult = { statusCode: 200 };

/**
 * The WebSocket API's routes. `$connect` decides by the URL's `kind` what the connection is
 * (`voice`: a Twilio ConversationRelay call; `web`: a chat-widget visitor's page) and binds it;
 * `$default` hands each frame to its connection's kind; a frame from a connection nobody bound
 * is dropped; `$disconnect` forgets the connection.
 */
export const handleSocketEvent = async (event: SocketEvent, deps: SocketDeps): Promise<SocketResult> => {
  const { routeKey, connectionId } = event.requestContext;
  logger.appendKeys({ connectionId, routeKey });
  switch (routeKey) {
    case '$connect': {
      const query = event.queryStringParameters ?? {};
      if (query.kind === 'voice') {
        const bound = await connectRelayCall(
          { connectionId, query, signature: socketHeader(event, 'x-twilio-signature') },
          deps,
        );
        return bound ? ok : { statusCode: 403 };
      }
      if (query.kind === 'web') {
        const bound = await connectWebVisitor(
          { connectionId, query, origin: socketHeader(event, 'origin') },
          deps,
        );
        return bound ? ok : { statusCode: 403 };
      }
      metrics.addMetric('SocketRefused', MetricUnit.Count, 1);
      return { statusCode: 400 };
    }
    case '$disconnect': {
      const connection = await getConnection(deps.table, connectionId);
      if (connection?.kind === 'web') await forgetWebConnection(deps.table, connection);
      await deleteConnection(deps.table, connectionId);
      return ok;
    }
    default: {
      const connection = await getConnection(deps.table, connectionId);
      if (!connection) {
        metrics.addMetric('SocketFrameDropped', MetricUnit.Count, 1);
        logger.warn('frame from a connection bound to nothing; dropped');
        return ok;
      }
      // A visitor's page only listens: its messages go by HTTP, so a frame from it is a keep-alive.
      if (connection.kind === 'web') return ok;
      const body =
        event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      await handleRelayFrame(connection, body, { ...deps, connections: deps.connectionsFor(event) });
      return ok;
    }
  }
};
