import { readFileSync } from 'node:fs';
import { App, type Environment } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { consolePage } from '../../console/build.js';
import { FrontdeskStack } from '../../lib/frontdesk-stack.js';
import { type StageSettings, settingsForStage } from '../../lib/stage-settings.js';
import { widgetScript } from '../../widget/build.js';

/** The feature flags `cdk synth` applies, so tests see the template that deploys. */
export const cdkJsonContext = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

export interface Synthesized {
  readonly stack: FrontdeskStack;
  readonly template: Template;
}

const cache = new Map<string, Synthesized>();

/**
 * Builds the stack for a stage with esbuild bundling skipped (`aws:cdk:bundling-stacks: []`),
 * so a test file synthesizes in milliseconds. `patch` replaces settings of the stage, for tests
 * of a setting's effect. Cached per stage and patch.
 */
export const synthesize = (
  stage: string,
  patch: Partial<StageSettings> = {},
  env?: Environment,
): Synthesized => {
  const key = JSON.stringify([stage, patch, env]);
  let synthesized = cache.get(key);
  if (!synthesized) {
    const app = new App({
      context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
      // The CloudFormation schema check costs seconds per synth; `cdk synth` still runs it.
      builtinCloudFormationValidation: false,
    });
    const stack = new FrontdeskStack(app, `Frontdesk-${stage}`, {
      settings: { ...settingsForStage(stage), ...patch },
      consolePage,
      widgetScript,
      env,
    });
    synthesized = { stack, template: Template.fromStack(stack) };
    cache.set(key, synthesized);
  }
  return synthesized;
};

/** The first synth in a worker loads most of aws-cdk-lib; allow it far more than 5 s. */
export const SYNTH_TIMEOUT_MS = 60_000;

type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; [key: string]: unknown }
>;

/** Every resource of a type, by logical id. */
export const resourcesOf = (template: Template, type: string): Resources =>
  template.findResources(type) as Resources;

/**
 * Renders an intrinsic as a readable string: `{Ref: X}` -> `${X}`, `Fn::GetAtt` -> `${X.Attr}`,
 * `Fn::Join` concatenated, so ARNs can be compared as text.
 */
export const flatten = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if ('Ref' in object) return `\${${String(object.Ref)}}`;
    if ('Fn::GetAtt' in object) return `\${${(object['Fn::GetAtt'] as string[]).join('.')}}`;
    if ('Fn::Join' in object) {
      const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
      return parts.map(flatten).join(separator);
    }
  }
  return JSON.stringify(value);
};

export interface HouseFunctionResource {
  readonly logicalId: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
  readonly environment: Record<string, unknown>;
}

/** The functions built by HouseFunction, found by their POWERTOOLS_SERVICE_NAME. */
export const houseFunctions = (template: Template): HouseFunctionResource[] =>
  Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).flatMap(([logicalId, resource]) => {
    const environment = ((resource.Properties.Environment as { Variables?: Record<string, unknown> })
      ?.Variables ?? {}) as Record<string, unknown>;
    const name = environment.POWERTOOLS_SERVICE_NAME;
    return typeof name === 'string'
      ? [{ logicalId, name, properties: resource.Properties, environment }]
      : [];
  });

export const houseFunction = (template: Template, name: string): HouseFunctionResource => {
  const found = houseFunctions(template).find((fn) => fn.name === name);
  if (!found) throw new Error(`No function named ${name} in the template`);
  return found;
};

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** All statements of the IAM policies attached to a function's role. */
export const statementsFor = (template: Template, fn: HouseFunctionResource): Statement[] => {
  const roleId = (fn.properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as unknown[]).some((role) => flatten(role) === `\${${roleId}}`),
    )
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
};

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/**
 * Resources of the HTTP API only (the API itself, or its routes, stages and integrations),
 * leaving out the WebSocket API's, which test/infra/websocket-api.test.ts covers, and the chat
 * widget's API (`widgetApi: true`), which test/infra/widget.test.ts covers.
 */
export const httpApiResourcesOf = (
  template: Template,
  type: string,
  options: { widgetApi?: boolean } = {},
): Resources => {
  const apis = resourcesOf(template, 'AWS::ApiGatewayV2::Api');
  const isWidgetApi = (id: string) => String(apis[id]?.Properties?.Description ?? '').includes('chat widget');
  const httpIds = new Set(
    Object.keys(apis).filter(
      (id) => apis[id]?.Properties?.ProtocolType === 'HTTP' && isWidgetApi(id) === Boolean(options.widgetApi),
    ),
  );
  const all = resourcesOf(template, type);
  return Object.fromEntries(
    Object.entries(all).filter(([id, resource]) =>
      type === 'AWS::ApiGatewayV2::Api'
        ? httpIds.has(id)
        : httpIds.has((resource.Properties?.ApiId as { Ref?: string } | undefined)?.Ref ?? ''),
    ),
  );
};
