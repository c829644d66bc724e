import {
  ApiGatewayManagementApiClient,
  type ApiGatewayManagementApiClientConfig,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';

/** Sends a frame down an open WebSocket connection (API Gateway's `POST @connections/{id}`). */
export interface ConnectionPoster {
  /** False when the connection is gone (the caller hung up): there is no one left to tell. */
  post(connectionId: string, frame: unknown): Promise<boolean>;
}

/**
 * The `@connections` API of one WebSocket stage (`https://{api}.execute-api.{region}.amazonaws.com/{stage}`,
 * or the local stack's). One client per endpoint, kept for the life of the process.
 */
export const createApiGatewayPoster = (options: {
  region: string;
  credentials?: ApiGatewayManagementApiClientConfig['credentials'];
}): { forEndpoint(endpoint: string): ConnectionPoster } => {
  const clients = new Map<string, ApiGatewayManagementApiClient>();
  return {
    forEndpoint(endpoint) {
      let client = clients.get(endpoint);
      if (!client) {
        client = new ApiGatewayManagementApiClient({
          endpoint,
          region: options.region,
          credentials: options.credentials,
        });
        clients.set(endpoint, client);
      }
      const connections = client;
      return {
        async post(connectionId, frame) {
          try {
            await connections.send(
              new PostToConnectionCommand({
                ConnectionId: connectionId,
                Data: Buffer.from(JSON.stringify(frame)),
              }),
            );
            return true;
          } catch (error) {
            if (error instanceof GoneException || (error as { name?: string }).name === 'GoneException')
              return false;
            throw error;
          }
        },
      };
    },
  };
};
