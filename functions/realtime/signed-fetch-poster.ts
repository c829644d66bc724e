import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { FrontdeskError } from '../platform/errors.js';
import { Sha256 } from '../platform/ssm-parameters.js';
import type { ConnectionPoster } from './connection-poster.js';

/**
 * `POST @connections/{id}` as a SigV4-signed `fetch`, for the answer worker: the API Gateway
 * management client would add about 30 KB to its bundle for this one call (test/infra bundle
 * ceilings), and the signer is the one the DynamoDB client already bundles. The WebSocket
 * function, which bundles the client anyway, keeps `createApiGatewayPoster`.
 */
export const createSignedFetchPoster = (options: {
  region: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}): { forEndpoint(endpoint: string): ConnectionPoster } => {
  const signer = new SignatureV4({
    service: 'execute-api',
    region: options.region,
    credentials: options.credentials ?? defaultProvider(),
    sha256: Sha256,
  });
  return {
    forEndpoint(endpoint) {
      const base = new URL(endpoint.replace(/\/+$/, ''));
      return {
        async post(connectionId, frame) {
          const url = new URL(`${base.pathname}/@connections/${encodeURIComponent(connectionId)}`, base);
          const body = JSON.stringify(frame);
          const signed = await signer.sign({
            method: 'POST',
            protocol: url.protocol,
            hostname: url.hostname,
            port: url.port ? Number(url.port) : undefined,
            path: url.pathname,
            query: {},
            headers: { host: url.host, 'content-type': 'application/json' },
            body,
          });
          const response = await fetch(url, { method: 'POST', headers: signed.headers, body });
          await response.arrayBuffer();
          if (response.status === 410) return false;
          if (!response.ok) {
            throw new FrontdeskError(
              `POST @connections answered ${response.status}: the WebSocket API refused the frame (check the function's execute-api:ManageConnections grant)`,
            );
          }
          return true;
        },
      };
    },
  };
};
