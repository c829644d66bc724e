import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSsmChannelTokens } from '../../functions/channels/meta/channel-tokens.js';
import { loadConfig } from '../../functions/platform/config.js';
import { createSecretStore } from '../../functions/platform/secrets.js';
import {
  cachedParameterReader,
  createSsmParameters,
  SsmError,
} from '../../functions/platform/ssm-parameters.js';
import { startSsmServer } from '../support/ssm-server.js';

const credentials = async () => ({
  accessKeyId: 'AKIDTEST',
  secretAccessKey: 'test-secret',
  sessionToken: 'test-session',
});
let ssm: Awaited<ReturnType<typeof startSsmServer>>;

beforeAll(async () => {
  ssm = await startSsmServer({ '/frontdesk/test/TWILIO_AUTH_TOKEN': 'token-from-ssm' });
});
afterAll(() => ssm.close());

describe('SSM parameters over signed fetch', () => {
  const parameters = () => createSsmParameters({ region: 'eu-west-1', endpoint: ssm.endpoint, credentials });

  it('reads a SecureString decrypted, signed with SigV4 for SSM in the region', async () => {
    // Act
    const value = await parameters().get('/frontdesk/test/TWILIO_AUTH_TOKEN');

    // Assess
    expect(value).toBe('token-from-ssm');
    const request = ssm.requests.at(-1)!;
    expect(request.operation).toBe('GetParameter');
    expect(request.input).toEqual({ Name: '/frontdesk/test/TWILIO_AUTH_TOKEN', WithDecryption: true });
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-1\/ssm\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(request.headers['x-amz-security-token']).toBe('test-session');
  });

  it('writes, reads back and deletes a token; a missing parameter reads as undefined and deletes quietly', async () => {
    // Act
    await parameters().put('/frontdesk/test/channel-tokens/whatsapp/1065', 'EAAG-token');
    const written = await parameters().get('/frontdesk/test/channel-tokens/whatsapp/1065');
    await parameters().delete('/frontdesk/test/channel-tokens/whatsapp/1065');
    await parameters().delete('/frontdesk/test/channel-tokens/whatsapp/1065');

    // Assess
    expect(written).toBe('EAAG-token');
    expect(ssm.parameters.has('/frontdesk/test/channel-tokens/whatsapp/1065')).toBe(false);
    expect(await parameters().get('/frontdesk/test/nothing')).toBeUndefined();
  });

  it('says which call failed and why on any other error', async () => {
    // Act
    const error = await parameters()
      .get('/denied/TWILIO_AUTH_TOKEN')
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SsmError);
    expect(error).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    expect((error as Error).message).toBe(
      'SSM GetParameter failed (AccessDeniedException, HTTP 400): not authorized on /denied/TWILIO_AUTH_TOKEN',
    );
  });
});

describe('cached reads', () => {
  it('reads a name once per max age, shares concurrent reads and forgets a failed one', async () => {
    // Prepare
    let calls = 0;
    let fail = true;
    let now = 0;
    const read = cachedParameterReader(
      {
        get: async (name) => {
          calls++;
          if (fail) throw new SsmError('ThrottlingException', 400, 'slow down');
          return `${name}-value`;
        },
      },
      300,
      () => now,
    );

    // Act
    const failed = await read('a').catch((e: unknown) => e);
    fail = false;
    const [first, second] = await Promise.all([read('a'), read('a')]);
    now = 299_000;
    const cached = await read('a');
    now = 300_000;
    const refreshed = await read('a');

    // Assess
    expect(failed).toBeInstanceOf(SsmError);
    expect([first, second, cached, refreshed]).toEqual(['a-value', 'a-value', 'a-value', 'a-value']);
    expect(calls).toBe(3);
  });
});

describe('stores on SSM', () => {
  it('serves secrets from SSM when only SECRETS_PATH is set, and channel tokens under it', async () => {
    // Prepare
    const parameters = createSsmParameters({ region: 'eu-west-1', endpoint: ssm.endpoint, credentials });
    const config = loadConfig({ SECRETS_PATH: '/frontdesk/test/' });
    const secrets = createSecretStore(config, {
      get: (name) => cachedParameterReader(parameters, 300)(name),
    });
    const tokens = createSsmChannelTokens({
      secretsPath: '/frontdesk/test/',
      region: 'eu-west-1',
      parameters,
    });

    // Act
    await tokens.put('whatsapp', '1065', 'EAAG-1065');

    // Assess
    expect(await secrets.get('TWILIO_AUTH_TOKEN')).toBe('token-from-ssm');
    expect(await secrets.get('OPENAI_API_KEY')).toBeUndefined();
    expect(await tokens.get('whatsapp', '1065')).toBe('EAAG-1065');
    expect(ssm.parameters.get('/frontdesk/test/channel-tokens/whatsapp/1065')).toBe('EAAG-1065');
  });
});
