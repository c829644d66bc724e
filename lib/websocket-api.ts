import { ArnFormat, type CfnElement, type Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type FunctionName, SOCKET_ROUTES, SOCKET_STAGE } from '../functions/contracts/routes.js';
import { acknowledgeControl } from './control-tower.js';
import { HouseFunction } from './house-function.js';
import { scopeInvokePermissions } from './http-api.js';
import { StageLogGroup } from './stage-log-group.js';
import type { StageSettings } from './stage-settings.js';

export interface FrontdeskWebSocketApiProps {
  readonly settings: StageSettings;
  readonly memorySize: number;
  readonly timeout: Duration;
}

/** One JSON line per connection event and frame: which connection, which route, how it went. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    connectionId: '$context.connectionId',
    eventType: '$context.eventType',
    routeKey: '$context.routeKey',
    status: '$context.status',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The WebSocket API (`SOCKET_ROUTES`: `$connect`, `$default`, `$disconnect`) on its `live`
 * stage, served by the `websocket` function. Twilio ConversationRelay connects calls here; the
 * function replies through `POST @connections` of this stage only, the one thing it is granted.
 *
 * @example
 * const sockets = new FrontdeskWebSocketApi(this, 'Sockets', { settings, memorySize, timeout });
 * twilioWebhook.setEnvironment({ VOICE_RELAY_URL: sockets.url });
 */
export class FrontdeskWebSocketApi extends Construct {
  readonly api: apigwv2.WebSocketApi;
  readonly stage: apigwv2.WebSocketStage;
  readonly handler: HouseFunction;
  readonly accessLogGroup: logs.LogGroup;
  /** `wss://{api}.execute-api.{region}.amazonaws.com/live`: what Twilio connects to and signs. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: FrontdeskWebSocketApiProps) {
    super(scope, id);
    const { settings } = props;
    const name: FunctionName = 'websocket';
    this.handler = new HouseFunction(this, 'Handler', {
      name,
      settings,
      memorySize: props.memorySize,
      timeout: props.timeout,
    });

    this.api = new apigwv2.WebSocketApi(this, 'Api', {
      description: `Frontdesk ${settings.stage}: ConversationRelay calls and web-chat visitors`,
    });
    for (const route of SOCKET_ROUTES) {
      const integration = new WebSocketLambdaIntegration(
        `${route.routeKey}-integration`,
        this.handler.function,
      );
      const added = this.api.addRoute(route.routeKey, { integration });
      const reason =
        route.routeKey === '$connect'
          ? "Twilio and website visitors cannot present IAM or JWT credentials to a WebSocket handshake; the function verifies X-Twilio-Signature over the URL that names the call, or a web visitor's signed session and Origin, and refuses the connection otherwise."
          : 'API Gateway authorizes a WebSocket connection once, at $connect; frames and the disconnect of a connection that $connect did not bind are dropped by the function.';
      Validations.of(added).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      acknowledgeControl(added, 'CT.APIGATEWAY.PR.5', reason);
      scopeInvokePermissions(added);
    }

    this.accessLogGroup = new StageLogGroup(this, 'AccessLogs', { settings });
    this.stage = new apigwv2.WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: SOCKET_STAGE,
      autoDeploy: true,
      throttle: settings.socketThrottle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: ACCESS_LOG_FORMAT,
      },
    });
    this.grantPostToConnections(this.handler);
    this.url = `wss://${this.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${SOCKET_STAGE}`;
    this.handler.setEnvironment({ VOICE_RELAY_URL: this.url });
  }

  /** `https://{api}.execute-api.{region}.amazonaws.com/live`: the stage's `@connections` endpoint. */
  get callbackUrl(): string {
    const stack = Stack.of(this);
    return `https://${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}/${SOCKET_STAGE}`;
  }

  /**
   * Lets `fn` send frames to this stage's connections (the answer worker posts web visitors'
   * replies): only this stage's `@connections`, and only POST (a frame to a connection).
   */
  grantPostToConnections(fn: HouseFunction): void {
    const stack = Stack.of(this);
    const apiLogicalId = stack.getLogicalId(this.api.node.defaultChild as CfnElement);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['execute-api:ManageConnections'],
        resources: [
          stack.formatArn({
            service: 'execute-api',
            resource: this.api.apiId,
            resourceName: `${SOCKET_STAGE}/POST/@connections/*`,
            arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
          }),
        ],
      }),
    );
    Validations.of(fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${shown(stack.partition, 'AWS::Partition')}:execute-api:${shown(stack.region, 'AWS::Region')}:${shown(stack.account, 'AWS::AccountId')}:<${apiLogicalId}>/${SOCKET_STAGE}/POST/@connections/*]`,
      reason:
        'Connection ids are made by API Gateway at run time; the wildcard stands for the connection only, on this API, this stage and POST.',
    });
    if (fn !== this.handler) fn.setEnvironment({ SOCKET_CALLBACK_URL: this.callbackUrl });
  }
}

/** How cdk-nag prints an ARN part: the literal when the environment fixes it, else the pseudo parameter. */
const shown = (value: string, pseudoParameter: string): string =>
  Token.isUnresolved(value) ? `<${pseudoParameter}>` : value;
