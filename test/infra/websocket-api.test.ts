import { describe, expect, it } from 'vitest';
import { SOCKET_ROUTES, SOCKET_STAGE } from '../../functions/contracts/routes.js';
import {
  flatten,
  houseFunction,
  houseFunctions,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  statementsFor,
  synthesize,
} from './synth.js';

describe.each(['dev', 'prod'])('WebSocket API (%s)', (stage) => {
  it(
    'routes $connect, $default and $disconnect to the websocket function on the live stage',
    () => {
      // Act
      const { template } = synthesize(stage);
      const apis = Object.entries(resourcesOf(template, 'AWS::ApiGatewayV2::Api')).filter(
        ([, api]) => api.Properties.ProtocolType === 'WEBSOCKET',
      );
      const [apiId, api] = apis[0]!;
      const routes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).filter(
        (r) => flatten(r.Properties.ApiId) === `\${${apiId}}`,
      );
      const integrations = resourcesOf(template, 'AWS::ApiGatewayV2::Integration');
      const stages = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage')).filter(
        (s) => flatten(s.Properties.ApiId) === `\${${apiId}}`,
      );
      const fn = houseFunction(template, 'websocket');

      // Assess
      expect(apis).toHaveLength(1);
      expect(api.Properties.RouteSelectionExpression).toBe('$request.body.action');
      expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
        SOCKET_ROUTES.map((r) => r.routeKey).sort(),
      );
      for (const route of routes) {
        const integrationId = flatten(route.Properties.Target).replace(/^integrations\/\$\{(.+)\}$/, '$1');
        expect(flatten(integrations[integrationId]?.Properties.IntegrationUri)).toContain(fn.logicalId);
      }
      expect(stages).toHaveLength(1);
      expect(stages[0]!.Properties).toMatchObject({
        StageName: SOCKET_STAGE,
        AutoDeploy: true,
        AccessLogSettings: { DestinationArn: expect.anything() },
        DefaultRouteSettings: {
          ThrottlingRateLimit: expect.any(Number),
          ThrottlingBurstLimit: expect.any(Number),
        },
      });
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    "lets only the websocket function and the answer worker (web visitors' replies) post to connections, on this API and stage only",
    () => {
      // Act
      const { template } = synthesize(stage);
      const [apiId] = Object.entries(resourcesOf(template, 'AWS::ApiGatewayV2::Api')).find(
        ([, api]) => api.Properties.ProtocolType === 'WEBSOCKET',
      )!;
      const manages = (name: string) =>
        statementsFor(template, houseFunction(template, name)).filter((st) =>
          [st.Action].flat().some((action) => String(action).startsWith('execute-api:')),
        );

      // Assess
      const granted = houseFunctions(template).filter((fn) => manages(fn.name).length > 0);
      expect(granted.map((fn) => fn.name).sort()).toEqual(['answer-worker', 'websocket']);
      for (const name of ['websocket', 'answer-worker']) {
        const [statement, extra] = manages(name);
        expect(extra).toBeUndefined();
        expect(statement!.Action).toBe('execute-api:ManageConnections');
        expect(flatten(statement!.Resource)).toMatch(
          new RegExp(`:execute-api:.*:\\$\\{${apiId}\\}/${SOCKET_STAGE}/POST/@connections/\\*$`),
        );
      }
      // The worker learns the stage's @connections endpoint (the function uses its event's).
      expect(flatten(houseFunction(template, 'answer-worker').environment.SOCKET_CALLBACK_URL)).toMatch(
        new RegExp(`^https://\\$\\{${apiId}\\}\\.execute-api\\..*/${SOCKET_STAGE}$`),
      );
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'tells the Twilio webhook where to connect calls and how (VOICE_RELAY_URL, VOICE_MODE)',
    () => {
      // Act
      const { template } = synthesize(stage);
      const env = houseFunction(template, 'twilio-webhook').environment;

      // Assess
      expect(flatten(env.VOICE_RELAY_URL)).toMatch(/^wss:\/\/\$\{Sockets.*\}\.execute-api\..*\/live$/);
      expect(env.VOICE_MODE).toBe('relay');
    },
    SYNTH_TIMEOUT_MS,
  );
});
