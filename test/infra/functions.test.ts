import { beforeAll, describe, expect, it } from 'vitest';
import {
  FUNCTION_NAMES,
  FUNCTION_SECRETS,
  type FunctionName,
  SECRET_NAMES,
} from '../../functions/contracts/routes.js';
import { webhookFunctionNames } from '../../lib/function-profiles.js';
import { settingsForStage } from '../../lib/stage-settings.js';
import {
  houseFunction,
  houseFunctions,
  httpApiResourcesOf,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  synthesize,
} from './synth.js';

beforeAll(() => {
  synthesize('dev');
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

const nodeMajor = (runtime: unknown): number => Number(/^nodejs(\d+)\.x$/.exec(String(runtime))?.[1] ?? 0);

describe.each(['dev', 'prod'])('functions (%s)', (stage) => {
  const settings = settingsForStage(stage);

  it('builds one function per contract name, each on arm64 and Node.js 22 or newer', () => {
    // Act
    const { template } = synthesize(stage);
    const functions = houseFunctions(template);

    // Assess
    expect(functions.map((fn) => fn.name).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const fn of functions) {
      expect(fn.properties.Architectures).toEqual(['arm64']);
      expect(nodeMajor(fn.properties.Runtime)).toBeGreaterThanOrEqual(22);
    }
  });

  it('has no other functions than CDK’s bucket-notification and bucket-emptying helpers', () => {
    // Act
    const { template } = synthesize(stage);
    const house = new Set(houseFunctions(template).map((fn) => fn.logicalId));
    const others = Object.keys(resourcesOf(template, 'AWS::Lambda::Function')).filter((id) => !house.has(id));

    // Assess
    const helpers =
      stage === 'prod'
        ? /^(BucketNotificationsHandler|CustomCDKBucketDeployment)/
        : /^(BucketNotificationsHandler|CustomS3AutoDeleteObjects|CustomCDKBucketDeployment)/;
    for (const id of others) expect(id).toMatch(helpers);
  });

  it('logs each function to its own log group with the stage retention', () => {
    // Act
    const { template } = synthesize(stage);
    const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup');

    // Assess
    for (const logGroup of Object.values(logGroups)) {
      expect(logGroup.Properties.RetentionInDays).toBe(settings.logRetention);
    }
    for (const fn of houseFunctions(template)) {
      const target = (fn.properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(Object.keys(logGroups)).toContain(target);
      expect(fn.properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON' });
    }
  });

  it('passes names and paths in the environment, never secret values', () => {
    // Act
    const { template } = synthesize(stage);

    // Assess
    expect(JSON.stringify(template.toJSON())).not.toMatch(/\{\{resolve:(ssm|secretsmanager)/);
    for (const fn of houseFunctions(template)) {
      const names = Object.keys(fn.environment);
      expect(names.filter((name) => (SECRET_NAMES as readonly string[]).includes(name))).toEqual([]);
      expect(fn.environment).toMatchObject({
        SECRETS_PATH: `/frontdesk/${stage}/`,
        STAGE: stage,
        POWERTOOLS_LOG_LEVEL: settings.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
      });
      for (const value of Object.values(fn.environment)) {
        if (typeof value === 'string') expect(value).not.toMatch(/^(sk-|AC[0-9a-f]{32})/);
      }
    }
  });

  it('gives every function the table name and each webhook the public base URL', () => {
    // Act
    const { template } = synthesize(stage);
    const [tableId] = Object.keys(resourcesOf(template, 'AWS::DynamoDB::Table'));
    const [apiId] = Object.keys(httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Api'));

    // Assess
    expect(webhookFunctionNames()).toContain('twilio-webhook');
    for (const fn of houseFunctions(template)) {
      expect(fn.environment.TABLE_NAME).toEqual({ Ref: tableId });
      const isWebhook = webhookFunctionNames().includes(fn.name as FunctionName);
      expect(fn.environment.PUBLIC_BASE_URL).toEqual(
        isWebhook ? { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] } : undefined,
      );
    }
  });

  it('tells the functions that hold the OpenAI key which models to use', () => {
    // Act
    const { template } = synthesize(stage);

    // Assess
    for (const fn of houseFunctions(template)) {
      const holdsKey = FUNCTION_SECRETS[fn.name as FunctionName].includes('OPENAI_API_KEY');
      expect(fn.environment.OPENAI_MODEL).toBe(holdsKey ? settings.openAi.chatModel : undefined);
      expect(fn.environment.OPENAI_EMBEDDING_MODEL).toBe(
        holdsKey ? settings.openAi.embeddingModel : undefined,
      );
    }
    expect(houseFunction(template, 'answer-worker').environment.OPENAI_MODEL).toBe(settings.openAi.chatModel);
  });
});

describe('optional provider settings', () => {
  it(
    'reach the worker only when the stage sets them',
    () => {
      // Prepare
      const dev = settingsForStage('dev');
      const patch = {
        pineconeIndex: 'frontdesk',
        pineconeHost: 'frontdesk-abc.svc.pinecone.io',
        openAi: { ...dev.openAi, baseUrl: 'https://llm.example.com/v1' },
      };

      // Act
      const plain = houseFunction(synthesize('dev').template, 'answer-worker');
      const configured = houseFunction(synthesize('dev', patch).template, 'answer-worker');

      // Assess
      expect(plain.environment.PINECONE_INDEX).toBeUndefined();
      expect(plain.environment.OPENAI_BASE_URL).toBeUndefined();
      expect(configured.environment).toMatchObject({
        PINECONE_INDEX: 'frontdesk',
        PINECONE_HOST: 'frontdesk-abc.svc.pinecone.io',
        OPENAI_BASE_URL: 'https://llm.example.com/v1',
      });
    },
    SYNTH_TIMEOUT_MS,
  );
});

describe('public base URL', () => {
  it(
    'uses the custom origin when the stage names one',
    () => {
      // Act
      const { template } = synthesize('prod', { publicBaseUrl: 'https://hooks.example.com' });

      // Assess
      expect(houseFunction(template, 'twilio-webhook').environment.PUBLIC_BASE_URL).toBe(
        'https://hooks.example.com',
      );
    },
    SYNTH_TIMEOUT_MS,
  );
});
