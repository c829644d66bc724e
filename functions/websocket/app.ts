import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { ConversationRuntime } from '../composition/runtime.js';
import { logger, metricsPublisher } from '../platform/observability.js';
import { createApiGatewayPoster } from '../realtime/connection-poster.js';
import type { SocketEvent, SocketResult } from '../realtime/socket-event.js';
import { handleSocketEvent, type SocketDeps } from '../realtime/socket-handler.js';

/**
 * The WebSocket API's function (`$connect`, `$default`, `$disconnect`). Replies go back through
 * `POST @connections` of the stage the event came from, or of SOCKET_CALLBACK_URL when set.
 */
export const createWebSocketHandler = (
  runtime: Omit<ConversationRuntime, 'senders' | 'channelTokens' | 'identity' | 'verifyToken'>,
  poster = createApiGatewayPoster({ region: runtime.config.region }),
) => {
  const { config } = runtime;
  const deps: SocketDeps = {
    ...runtime,
    conversationTtlDays: config.conversationTtlDays,
    answers: config.answers,
    defaultPlan: config.defaultPlan,
    sharedNumbers: config.sharedNumbers,
    relayUrl: config.voice.relayUrl,
    connectionsFor: (event) =>
      poster.forEndpoint(
        config.voice.callbackUrl ??
          `https://${event.requestContext.domainName}/${event.requestContext.stage}`,
      ),
  };
  return middy<SocketEvent, SocketResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metricsPublisher, { captureColdStartMetric: true }))
    .handler((event) => handleSocketEvent(event, deps));
};
