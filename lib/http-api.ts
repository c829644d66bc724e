import { Stack, Token, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { Construct } from 'constructs';
import { type FunctionName, HTTP_ROUTES, type HttpRoute } from '../functions/contracts/routes.js';
import { acknowledgeControl } from './control-tower.js';
import { webhookFunctionNames } from './function-profiles.js';
import type { HouseFunction } from './house-function.js';
import { StageLogGroup } from './stage-log-group.js';
import type { RateLimit, StageSettings } from './stage-settings.js';

export interface HttpApiProps {
  readonly settings: StageSettings;
  /** Every function named in `HTTP_ROUTES`. */
  readonly functions: ReadonlyMap<FunctionName, HouseFunction>;
}

/**
 * One JSON line per request with the fields that answer "what happened to that webhook".
 * HTTP APIs support fewer context variables than REST APIs, hence a custom format.
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The public HTTP API: the routes of `HTTP_ROUTES`, each served by its function, on a `$default`
 * stage with JSON access logs, throttled route by route (webhooks apart from the admin API). Webhook functions learn the public origin that
 * providers sign as PUBLIC_BASE_URL.
 *
 * @example
 * const api = new FrontdeskHttpApi(this, 'Api', { settings, functions });
 * new CfnOutput(this, 'ApiUrl', { value: api.url });
 */
export class FrontdeskHttpApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogGroup: logs.LogGroup;
  /** Origin of the `$default` stage, without a trailing slash. */
  readonly url: string;
  /**
   * The chat widget's routes (`/widget/...`) on an API of their own: the main API's CORS rule
   * names the console alone, and API Gateway drops an integration's CORS headers where a rule is
   * set; the widget's function answers CORS per business (the origins each one lists).
   */
  readonly widgetApi: apigwv2.HttpApi;
  readonly widgetStage: apigwv2.HttpStage;
  /** Origin of the widget API's `$default` stage, written into widget.js. */
  readonly widgetUrl: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { settings, functions } = props;

    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: `Frontdesk ${settings.stage}: channel webhooks, admin API, health`,
      createDefaultStage: false,
    });

    this.accessLogGroup = new StageLogGroup(this, 'AccessLogs', { settings });

    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: settings.apiThrottle.other,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: ACCESS_LOG_FORMAT,
      },
    });

    this.widgetApi = new apigwv2.HttpApi(this, 'WidgetApi', {
      description: `Frontdesk ${settings.stage}: the website chat widget's public routes`,
      createDefaultStage: false,
    });
    this.widgetStage = this.widgetApi.addStage('WidgetStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: settings.apiThrottle.widget,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: ACCESS_LOG_FORMAT,
      },
    });
    this.widgetUrl = this.widgetApi.apiEndpoint;

    // The API resource does not depend on any function (integrations and permissions do), so
    // functions may reference its endpoint without a dependency cycle.
    this.url = this.api.apiEndpoint;

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    const cfnStage = this.stage.node.defaultChild as apigwv2.CfnStage;
    for (const route of HTTP_ROUTES) {
      let integration = integrations.get(route.functionName);
      if (!integration) {
        integration = new HttpLambdaIntegration(
          `${route.functionName}-integration`,
          requireFunction(functions, route.functionName).function,
        );
        integrations.set(route.functionName, integration);
      }
      const widget = route.path.startsWith('/widget/');
      const [httpRoute] = (widget ? this.widgetApi : this.api).addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
      });
      const reason = unauthorizedRouteReason(route);
      Validations.of(httpRoute!).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      acknowledgeControl(httpRoute!, 'CT.APIGATEWAY.PR.5', reason);
      scopeInvokePermissions(httpRoute!);
      const limit = throttleFor(route, settings);
      // The widget's stage throttles all its routes alike (its own default).
      if (!widget && limit !== settings.apiThrottle.other) {
        routeSettings[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: limit.rateLimit,
          ThrottlingBurstLimit: limit.burstLimit,
        };
        // The stage names the route by its key, so the route must exist first.
        cfnStage.node.addDependency(httpRoute!);
      }
    }
    cfnStage.routeSettings = routeSettings;

    const publicBaseUrl = settings.publicBaseUrl ?? this.url;
    for (const name of webhookFunctionNames()) {
      requireFunction(functions, name).setEnvironment({ PUBLIC_BASE_URL: publicBaseUrl });
    }
  }
}

/**
 * CDK's Lambda integration lets API Gateway invoke the function only from this API and route
 * (SourceArn). SourceAccount repeats the account as a condition of its own, which Control
 * Tower's CT.LAMBDA.PR.2 asks for. The template check reads only literals: SourceArn is built
 * with Fn::Join, and the account is a literal only when the synth knows it (a deploy does), so an
 * environment-agnostic synth acknowledges the control; the account's hook sees resolved values.
 */
export const scopeInvokePermissions = (route: IConstruct): void => {
  const stack = Stack.of(route);
  for (const child of route.node.findAll()) {
    if (!(child instanceof lambda.CfnPermission)) continue;
    child.sourceAccount = stack.account;
    if (Token.isUnresolved(stack.account)) {
      acknowledgeControl(
        child,
        'CT.LAMBDA.PR.2',
        'API Gateway may invoke the function only from this API and route (SourceArn) in this account (SourceAccount); both resolve at deploy, where the account checks them, but this synth has no account to write as a literal.',
      );
    }
  }
};

/** Webhooks and the admin API each spend their own allowance; the rest share the stage default. */
const throttleFor = (route: HttpRoute, settings: StageSettings): RateLimit => {
  if (route.path.startsWith('/webhooks/')) return settings.apiThrottle.webhooks;
  if (route.path.startsWith('/v1/')) return settings.apiThrottle.admin;
  if (route.path.startsWith('/widget/')) return settings.apiThrottle.widget;
  return settings.apiThrottle.other;
};

const requireFunction = (
  functions: ReadonlyMap<FunctionName, HouseFunction>,
  name: FunctionName,
): HouseFunction => {
  const fn = functions.get(name);
  if (!fn) throw new Error(`HTTP_ROUTES names function "${name}", but the stack built no such function.`);
  return fn;
};

/**
 * Why a route has no API Gateway authorizer. Each kind authenticates inside its function; a
 * route of a new kind must state its reason here before it can deploy.
 */
const unauthorizedRouteReason = (route: HttpRoute): string => {
  if (route.path.startsWith('/webhooks/')) {
    return 'Twilio and Meta cannot present IAM or JWT credentials; the function verifies the provider signature (X-Twilio-Signature, X-Hub-Signature-256) over the raw body before any work.';
  }
  if (route.path.startsWith('/v1/')) {
    return "The admin API authenticates Authorization: Bearer in the function: a person's Cognito ID token verified against the user pool's keys (aws-jwt-verify) with the role read from the business's record, or an API key (SHA-256 looked up in the table, scoped to one tenant); one function serves both kinds, which an API Gateway JWT authorizer cannot, and every route checks roles before it acts.";
  }
  if (route.path.startsWith('/widget/')) {
    return "Website visitors are anonymous: the function checks the request's Origin against the business's listed sites on every request, verifies the visitor's HMAC-signed, expiring, business-bound session, and rate-limits per visitor, per address and per business day.";
  }
  if (route.path === '/health') {
    return 'Public liveness probe for uptime monitors; it returns no tenant data.';
  }
  throw new Error(
    `Route ${route.method} ${route.path} has no stated authentication; add its reason in lib/http-api.ts.`,
  );
};
