import { beforeAll, describe, expect, it } from 'vitest';
import {
  asArray,
  flatten,
  houseFunction,
  httpApiResourcesOf,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  statementsFor,
  synthesize,
} from './synth.js';

beforeAll(() => {
  synthesize('dev');
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

const parameter = (stage: string, name: string) =>
  `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/frontdesk/${stage}/${name}`;

const ssmResources = (stage: string, name: string) => {
  const { template } = synthesize(stage);
  return statementsFor(template, houseFunction(template, name))
    .filter((s) => asArray(s.Action).some((action) => action.startsWith('ssm:')))
    .flatMap((s) => asArray(s.Resource).map(flatten));
};

describe.each(['dev', 'prod'])('Meta and voice channels (%s)', (stage) => {
  it('routes GET and POST /webhooks/meta to the meta-webhook function, and voice to twilio-webhook', () => {
    // Prepare
    const { template } = synthesize(stage);
    const routes = Object.values(httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Route'));
    const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
    const functionOf = (routeKey: string) => {
      const route = routes.find((r) => r.Properties.RouteKey === routeKey);
      const id = flatten(route?.Properties.Target).replace(/^integrations\/\$\{(.+)\}$/, '$1');
      return (integrations[id]!.Properties.IntegrationUri as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    };

    // Assess
    const meta = houseFunction(template, 'meta-webhook').logicalId;
    const twilio = houseFunction(template, 'twilio-webhook').logicalId;
    expect(functionOf('GET /webhooks/meta')).toBe(meta);
    expect(functionOf('POST /webhooks/meta')).toBe(meta);
    expect(functionOf('POST /webhooks/twilio/voice')).toBe(twilio);
    expect(functionOf('POST /webhooks/twilio/voice/{step}')).toBe(twilio);
  });

  it('lets the Meta webhook verify signatures and enqueue answers, and nothing more secret', () => {
    // Prepare
    const { template } = synthesize(stage);
    const fn = houseFunction(template, 'meta-webhook');
    const answerQueue = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).find(
      (mapping) =>
        flatten(mapping.Properties.FunctionName) ===
        `\${${houseFunction(template, 'answer-worker').logicalId}}`,
    )?.Properties.EventSourceArn;
    const sends = statementsFor(template, fn).filter((s) => asArray(s.Action).includes('sqs:SendMessage'));

    // Assess
    expect(ssmResources(stage, 'meta-webhook').sort()).toEqual(
      [parameter(stage, 'META_APP_SECRET'), parameter(stage, 'META_VERIFY_TOKEN')].sort(),
    );
    expect(sends.flatMap((s) => asArray(s.Resource).map(flatten))).toContain(flatten(answerQueue));
    expect(fn.environment.ANSWER_QUEUE_URL).toBeDefined();
    expect(fn.environment.PUBLIC_BASE_URL).toBeDefined();
  });

  it('lets only the answer worker read claimed addresses’ tokens and only the admin API store them', () => {
    // Assess
    expect(ssmResources(stage, 'answer-worker')).toEqual(
      expect.arrayContaining([parameter(stage, 'META_ACCESS_TOKEN'), parameter(stage, 'channel-tokens/*')]),
    );
    expect(ssmResources(stage, 'admin-api')).toEqual(
      expect.arrayContaining([parameter(stage, 'channel-tokens/*')]),
    );
    for (const other of ['meta-webhook', 'twilio-webhook', 'health', 'ingest-worker'])
      expect(ssmResources(stage, other).filter((arn) => arn.includes('channel-tokens'))).toEqual([]);
  });
});
