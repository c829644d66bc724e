import { beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../functions/platform/routes.js';
import { settingsForStage } from '../../lib/stage-settings.js';
import { flatten, houseFunction, resourcesOf, SYNTH_TIMEOUT_MS, synthesize } from './synth.js';

beforeAll(() => {
  synthesize('dev');
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

describe.each(['dev', 'prod'])('HTTP API (%s)', (stage) => {
  const settings = settingsForStage(stage);

  it('serves exactly the routes of HTTP_ROUTES, each by its function', () => {
    // Act
    const { template } = synthesize(stage);
    const routes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route'));
    const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');

    // Assess
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
      HTTP_ROUTES.map((route) => `${route.method} ${route.path}`).sort(),
    );
    for (const expected of HTTP_ROUTES) {
      const route = routes.find((r) => r.Properties.RouteKey === `${expected.method} ${expected.path}`);
      const integrationId = flatten(route?.Properties.Target).replace(/^integrations\/\$\{(.+)\}$/, '$1');
      const integration = integrations[integrationId];
      const fn = houseFunction(template, expected.functionName);
      expect(integration?.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fn.logicalId, 'Arn'] });
    }
  });

  it('throttles and access-logs the default stage', () => {
    // Act
    const { template } = synthesize(stage);
    const [stageResource] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));

    // Assess
    expect(stageResource?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: settings.apiThrottle.rateLimit,
        ThrottlingBurstLimit: settings.apiThrottle.burstLimit,
      },
    });
    const accessLogs = stageResource?.Properties.AccessLogSettings as {
      DestinationArn: unknown;
      Format: string;
    };
    expect(accessLogs.DestinationArn).toBeDefined();
    expect(JSON.parse(accessLogs.Format)).toMatchObject({ requestId: '$context.requestId' });
  });
});
