import { beforeAll, describe, expect, it } from 'vitest';
import { settingsForStage } from '../../lib/stage-settings.js';
import {
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

describe.each(['dev', 'prod'])('website chat widget (%s)', (stage) => {
  it('serves widget.js from the console distribution, loadable by any site, with its endpoints written in', () => {
    // Act
    const { template } = synthesize(stage);
    const [distribution] = Object.values(resourcesOf(template, 'AWS::CloudFront::Distribution'));
    const config = distribution!.Properties.DistributionConfig as {
      CacheBehaviors: Array<{
        PathPattern: string;
        ViewerProtocolPolicy: string;
        ResponseHeadersPolicyId: unknown;
      }>;
    };
    const behavior = config.CacheBehaviors.find((b) => b.PathPattern === '/widget.js');
    const policies = resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    const policyId = flatten(behavior?.ResponseHeadersPolicyId).replace(/^\$\{(.+)\}$/, '$1');
    const policy = policies[policyId]?.Properties.ResponseHeadersPolicyConfig as {
      CorsConfig: { AccessControlAllowOrigins: { Items: string[] }; AccessControlAllowCredentials: boolean };
      SecurityHeadersConfig: { ContentTypeOptions: unknown };
      CustomHeadersConfig: { Items: unknown[] };
    };
    const [deployment] = Object.values(resourcesOf(template, 'Custom::CDKBucketDeployment'));
    const [widgetApiId] = Object.keys(
      httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Api', { widgetApi: true }),
    );
    const [socketApiId] = Object.entries(resourcesOf(template, 'AWS::ApiGatewayV2::Api')).find(
      ([, api]) => api.Properties.ProtocolType === 'WEBSOCKET',
    )!;
    const markers = JSON.stringify(deployment?.Properties.SourceMarkers);

    // Assess
    expect(behavior?.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(policy.CorsConfig.AccessControlAllowOrigins.Items).toEqual(['*']);
    expect(policy.CorsConfig.AccessControlAllowCredentials).toBe(false);
    expect(policy.SecurityHeadersConfig.ContentTypeOptions).toEqual({ Override: true });
    expect(policy.CustomHeadersConfig.Items).toContainEqual({
      Header: 'Cross-Origin-Resource-Policy',
      Value: 'cross-origin',
      Override: true,
    });
    // The placeholders of widget/src/main.ts become the widget API and the WebSocket API at deploy.
    expect(markers).toContain(`"${widgetApiId}","ApiEndpoint"`);
    expect(markers).toContain(socketApiId);
  });

  it('puts the widget routes on their own API with no CORS rule, throttled and access-logged', () => {
    // Act
    const { template } = synthesize(stage);
    const [api] = Object.values(httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Api', { widgetApi: true }));
    const [stageResource] = Object.values(
      httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Stage', { widgetApi: true }),
    );
    const { widget } = settingsForStage(stage).apiThrottle;

    // Assess: the function answers CORS per business, which a rule on the API would override.
    expect(api?.Properties.CorsConfiguration).toBeUndefined();
    expect(stageResource?.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: widget.rateLimit,
      ThrottlingBurstLimit: widget.burstLimit,
    });
    expect(stageResource?.Properties.AccessLogSettings).toBeDefined();
    // Its 5xx are alarmed, like the main API's.
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
    expect(
      alarms.filter((a) => String(a.Properties.AlarmDescription).includes("chat widget's API answered 5xx")),
    ).toHaveLength(1);
  });

  it('lets the web-chat function read only the session key among the secrets, and queue answers', () => {
    // Act
    const { template } = synthesize(stage);
    const fn = houseFunction(template, 'web-chat');
    const statements = statementsFor(template, fn);
    const ssm = statements.filter((s) => [s.Action].flat().some((a) => String(a).startsWith('ssm:')));
    const sqs = statements.filter((s) => [s.Action].flat().some((a) => String(a).startsWith('sqs:')));

    // Assess
    expect(ssm.map((s) => flatten(s.Resource))).toEqual([expect.stringMatching(/WIDGET_SESSION_KEY$/)]);
    expect(sqs.length).toBeGreaterThan(0);
    expect(fn.environment.ANSWER_QUEUE_URL).toBeDefined();
  });
});
