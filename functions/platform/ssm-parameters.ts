import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, SourceData } from '@smithy/types';
import { FrontdeskError } from './errors.js';

/**
 * The three SSM Parameter Store calls Frontdesk makes (read a SecureString, write one, delete
 * one) as SigV4-signed `fetch` requests in SSM's JSON protocol. `@aws-sdk/client-ssm` carries the
 * schemas and errors of all of SSM's operations (85 KB of every bundle, and Powertools' provider
 * on top) for these three; the signer is the one the DynamoDB client already bundles.
 */
export interface SsmParameters {
  /** The decrypted value; `undefined` when there is no such parameter. */
  get(name: string): Promise<string | undefined>;
  /** Creates or overwrites a SecureString. */
  put(name: string, value: string): Promise<void>;
  /** Deletes the parameter; a missing one is already deleted. */
  delete(name: string): Promise<void>;
}

export interface SsmParametersOptions {
  region: string;
  /** A server that speaks SSM's API (tests, the bench); `https://ssm.<region>.amazonaws.com` otherwise. */
  endpoint?: string;
  /** The SDK's default chain when absent (in a Lambda bundle: the environment, lib/bundling.ts). */
  credentials?: AwsCredentialIdentityProvider;
}

/** SSM answered with an error other than a missing parameter: its type, status and message. */
export class SsmError extends FrontdeskError {
  constructor(
    /** SSM's error type, e.g. `ParameterNotFound` (what `isParameterNotFound` looks for). */
    override readonly name: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** node:crypto behind the signer's hash interface (SHA-256, or HMAC-SHA-256 with a secret); other signed-fetch clients share it. */
export class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(this.secret));
  }
  update(data: Uint8Array | string): void {
    this.hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

const bytesOf = (data: SourceData): Buffer | string =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

export const createSsmParameters = (options: SsmParametersOptions): SsmParameters => {
  const endpoint = new URL(options.endpoint ?? `https://ssm.${options.region}.amazonaws.com/`);
  const signer = new SignatureV4({
    service: 'ssm',
    region: options.region,
    credentials: options.credentials ?? defaultProvider(),
    sha256: Sha256,
  });

  const call = async (
    operation: string,
    input: Record<string, unknown>,
  ): Promise<Record<string, unknown>> => {
    const body = JSON.stringify(input);
    const signed = await signer.sign({
      method: 'POST',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      path: endpoint.pathname,
      query: {},
      headers: {
        host: endpoint.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AmazonSSM.${operation}`,
      },
      body,
    });
    const response = await fetch(endpoint, { method: 'POST', headers: signed.headers, body });
    const text = await response.text();
    const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (response.ok) return parsed;
    // `__type` is `ParameterNotFound` or `com.amazonaws.ssm#ParameterNotFound`.
    const type = String(parsed.__type ?? 'UnknownError')
      .split('#')
      .pop()!;
    const message = String(parsed.message ?? parsed.Message ?? text);
    throw new SsmError(
      type,
      response.status,
      `SSM ${operation} failed (${type}, HTTP ${response.status}): ${message}`,
    );
  };

  return {
    async get(name) {
      try {
        const output = await call('GetParameter', { Name: name, WithDecryption: true });
        return (output.Parameter as { Value?: string } | undefined)?.Value;
      } catch (error) {
        if (error instanceof SsmError && error.name === 'ParameterNotFound') return undefined;
        throw error;
      }
    },
    async put(name, value) {
      await call('PutParameter', { Name: name, Value: value, Type: 'SecureString', Overwrite: true });
    },
    async delete(name) {
      try {
        await call('DeleteParameter', { Name: name });
      } catch (error) {
        if (!(error instanceof SsmError && error.name === 'ParameterNotFound')) throw error;
      }
    },
  };
};

/**
 * {@link SsmParameters.get} with a per-name cache of `maxAgeSeconds`, as Powertools' provider
 * kept it: a warm function does not call SSM per message. Concurrent first reads share one call.
 */
export const cachedParameterReader = (
  parameters: Pick<SsmParameters, 'get'>,
  maxAgeSeconds: number,
  now: () => number = Date.now,
): ((name: string) => Promise<string | undefined>) => {
  const cache = new Map<string, { at: number; value: Promise<string | undefined> }>();
  return (name) => {
    const hit = cache.get(name);
    if (hit && now() - hit.at < maxAgeSeconds * 1000) return hit.value;
    const value = parameters.get(name);
    cache.set(name, { at: now(), value });
    // A failed read must not be cached.
    value.catch(() => {
      if (cache.get(name)?.value === value) cache.delete(name);
    });
    return value;
  };
};
