import { beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../functions/contracts/routes.js';
import { settingsForStage } from '../../lib/stage-settings.js';
import {
  flatten,
  houseFunction,
  httpApiResourcesOf,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  synthesize,
} from './synth.js';

beforeAll(() => {
  synthesize('dev');
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

describe.each(['dev', 'prod'])('HTTP API (%s)', (stage) => {
  const settings = settingsForStage(stage);

  it('serves exactly the routes of HTTP_ROUTES, each by its function', () => {
    // Act
    const { template } = synthesize(stage);
    const main = Object.values(httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Route'));
    const widget = Object.values(
      httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Route', { widgetApi: true }),
    );
    const routes = [...main, ...widget];
    const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');

    // Assess: the widget's routes on its own API, every other route on the main one.
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
      HTTP_ROUTES.map((route) => `${route.method} ${route.path}`).sort(),
    );
    expect(widget.map((route) => route.Properties.RouteKey).sort()).toEqual(
      HTTP_ROUTES.filter((route) => route.path.startsWith('/widget/'))
        .map((route) => `${route.method} ${route.path}`)
        .sort(),
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
    const [stageResource] = Object.values(httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Stage'));

    // Assess
    expect(stageResource?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: settings.apiThrottle.other.rateLimit,
        ThrottlingBurstLimit: settings.apiThrottle.other.burstLimit,
      },
    });
    const accessLogs = stageResource?.Properties.AccessLogSettings as {
      DestinationArn: unknown;
      Format: string;
    };
    expect(accessLogs.DestinationArn).toBeDefined();
    expect(JSON.parse(accessLogs.Format)).toMatchObject({ requestId: '$context.requestId' });
  });

  it('throttles each webhook route apart from the admin API, so admin junk cannot 429 a webhook', () => {
    // Act
    const { template } = synthesize(stage);
    const [stageId, stageResource] = Object.entries(
      httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Stage'),
    )[0]!;
    const routeIds = Object.entries(httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Route'));
    const routeSettings = stageResource?.Properties.RouteSettings as Record<string, Record<string, number>>;

    // Assess
    const webhookKeys = HTTP_ROUTES.filter((r) => r.path.startsWith('/webhooks/')).map(
      (r) => `${r.method} ${r.path}`,
    );
    expect(webhookKeys).toContain('POST /webhooks/twilio/messaging');
    expect(webhookKeys).toContain('POST /webhooks/meta');
    for (const key of webhookKeys) {
      expect(routeSettings[key]).toEqual({
        ThrottlingRateLimit: settings.apiThrottle.webhooks.rateLimit,
        ThrottlingBurstLimit: settings.apiThrottle.webhooks.burstLimit,
      });
    }
    expect(routeSettings['ANY /v1/{proxy+}']).toEqual({
      ThrottlingRateLimit: settings.apiThrottle.admin.rateLimit,
      ThrottlingBurstLimit: settings.apiThrottle.admin.burstLimit,
    });
    expect(Object.keys(routeSettings).sort()).toEqual([...webhookKeys, 'ANY /v1/{proxy+}'].sort());
    // The webhooks keep more room than the admin API, and the stage waits for the routes it names.
    expect(settings.apiThrottle.webhooks.rateLimit).toBeGreaterThan(settings.apiThrottle.admin.rateLimit);
    const dependsOn = (template.toJSON().Resources[stageId].DependsOn ?? []) as string[];
    for (const [routeId, route] of routeIds) {
      if (String(route.Properties.RouteKey) in routeSettings) expect(dependsOn).toContain(routeId);
    }
  });
});
