import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (esbuild `alias` in
 * `lib/bundling.ts`). Lambda always hands a function its role's credentials in the environment,
 * which is the first place the SDK's default chain looks; the rest of the chain (SSO, STS web
 * identity, ini files, IMDS, and the nested clients they build) is about 140 KB of each bundle that
 * a Lambda function never reaches. Tests and the local stack run the sources, with the full chain.
 */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): AwsCredentialIdentityProvider =>
  fromEnv(init);
