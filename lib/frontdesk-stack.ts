import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  FUNCTION_CHANNEL_TOKENS,
  FUNCTION_NAMES,
  FUNCTION_SECRETS,
  type FunctionName,
} from '../functions/contracts/routes.js';
import { AnswerPipeline } from './answer-pipeline.js';
import { grantChannelTokens } from './channel-tokens.js';
import { ConsoleSite, type StaticPage, type WidgetScript } from './console-site.js';
import { DataTable } from './data-table.js';
import { profileFor, routedFunctionNames, webhookFunctionNames } from './function-profiles.js';
import { HouseFunction } from './house-function.js';
import { FrontdeskHttpApi } from './http-api.js';
import { IngestPipeline } from './ingest-pipeline.js';
import { Monitoring } from './monitoring.js';
import { platformEnvironment, providerEnvironment } from './provider-environment.js';
import { StageSecrets } from './secrets.js';
import type { StageSettings } from './stage-settings.js';
import { UploadsBucket } from './uploads-bucket.js';
import { PeopleUserPool } from './user-pool.js';
import { VendorLayer } from './vendor-layer.js';
import { FrontdeskWebSocketApi } from './websocket-api.js';

export interface FrontdeskStackProps extends StackProps {
  readonly settings: StageSettings;
  /** The owner console's page (`console/`), handed in by the CDK app's entry point. */
  readonly consolePage: StaticPage;
  /** The website chat widget (`widget/`), handed in by the CDK app's entry point. */
  readonly widgetScript: WidgetScript;
}

/** Functions fed by a queue rather than an HTTP route. */
const QUEUE_WORKERS: readonly FunctionName[] = ['answer-worker', 'ingest-worker'];

/**
 * One self-contained Frontdesk deployment for one stage. The stack only wires the feature
 * constructs together; what differs per stage arrives in `settings`.
 */
export class FrontdeskStack extends Stack {
  constructor(scope: Construct, id: string, props: FrontdeskStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const data = new DataTable(this, 'Data', { settings });
    const uploads = new UploadsBucket(this, 'Uploads', { settings });
    const secrets = new StageSecrets(this, 'Secrets', { stage: settings.stage });
    const people = new PeopleUserPool(this, 'People', { settings });

    const httpFunctions = new Map<FunctionName, HouseFunction>();
    for (const name of routedFunctionNames()) {
      if (QUEUE_WORKERS.includes(name))
        throw new Error(`${name} is a queue worker and must not serve an HTTP route.`);
      const { memorySize, timeout } = profileFor(name);
      httpFunctions.set(
        name,
        new HouseFunction(this, constructIdFor(name), { name, settings, memorySize, timeout }),
      );
    }

    const websocketProfile = profileFor('websocket');
    const sockets = new FrontdeskWebSocketApi(this, 'Sockets', {
      settings,
      memorySize: websocketProfile.memorySize,
      timeout: websocketProfile.timeout,
    });
    const twilioWebhook = httpFunctions.get('twilio-webhook');
    twilioWebhook?.setEnvironment({ VOICE_RELAY_URL: sockets.url });
    twilioWebhook?.setEnvironment({ VOICE_MODE: settings.voiceMode });

    const answers = new AnswerPipeline(this, 'Answers', {
      settings,
      producers: [...httpFunctions.values(), sockets.handler].filter(
        (fn) => webhookFunctionNames().includes(fn.name) || profileFor(fn.name).enqueuesAnswers,
      ),
    });
    const ingest = new IngestPipeline(this, 'Ingest', {
      settings,
      uploads,
      producers: [...httpFunctions.values()].filter((fn) => profileFor(fn.name).enqueuesIngest),
    });

    // Web visitors' replies go from the worker straight down their open pages' sockets.
    sockets.grantPostToConnections(answers.worker);

    const functions = new Map(httpFunctions)
      .set('answer-worker', answers.worker)
      .set('ingest-worker', ingest.worker)
      .set('websocket', sockets.handler);
    assertEveryFunctionBuilt(functions);
    const vendor = new VendorLayer(this, 'Vendor');

    for (const [name, fn] of functions) {
      const profile = profileFor(name);
      fn.setEnvironment({ TABLE_NAME: data.table.tableName });
      data.grantItemAccess(fn, profile.tableAccess);
      if (profile.vendorLayer) fn.function.addLayers(vendor.layer);

      if (profile.uploads.length > 0) {
        fn.setEnvironment({ UPLOADS_BUCKET: uploads.bucket.bucketName });
        fn.setEnvironment({ MAX_UPLOAD_BYTES: String(settings.maxUploadBytes) });
        uploads.grantObjectAccess(fn, profile.uploads);
      }

      fn.setEnvironment({ ...providerEnvironment(name, settings), ...platformEnvironment(name, settings) });
      if (name === 'admin-api' || name === 'answer-worker') {
        fn.setEnvironment(people.environment(settings));
        if (name === 'admin-api') {
          people.grantManagePeople(fn);
          uploads.grantExports(fn);
        } else people.grantInvite(fn);
      }
      secrets.grantRead(fn, FUNCTION_SECRETS[name]);
      grantChannelTokens(fn, settings.stage, FUNCTION_CHANNEL_TOKENS[name] ?? []);
    }

    const http = new FrontdeskHttpApi(this, 'Http', { settings, functions: httpFunctions });
    const ownerConsole = new ConsoleSite(this, 'Console', {
      settings,
      page: props.consolePage,
      widget: props.widgetScript,
      api: http.api,
      apiUrl: http.url,
      widgetApiUrl: http.widgetUrl,
      socketUrl: sockets.url,
      uploads: uploads.bucket,
      accessLogs: uploads.accessLogsBucket,
      userPool: { region: this.region, clientId: people.client.userPoolClientId },
    });

    new Monitoring(this, 'Monitoring', {
      settings,
      functions: [...functions.values()],
      queues: [
        {
          label: 'Answers',
          queue: answers.queue,
          deadLetterQueue: answers.deadLetterQueue,
          maxAge: settings.alarms.answerQueueMaxAge,
        },
        {
          label: 'Ingest',
          queue: ingest.queue,
          deadLetterQueue: ingest.deadLetterQueue,
          maxAge: settings.alarms.ingestQueueMaxAge,
        },
      ],
      apiStage: http.stage,
      widgetApiStage: http.widgetStage,
    });

    new CfnOutput(this, 'ApiUrl', { value: http.url, description: 'Origin of the HTTP API' });
    new CfnOutput(this, 'ConsoleUrl', { value: ownerConsole.url, description: 'The owner console' });
    new CfnOutput(this, 'WidgetScriptUrl', {
      value: `${ownerConsole.url}/widget.js`,
      description:
        "The chat widget's script, for businesses' sites (the snippet in the console's Website panel)",
    });
    new CfnOutput(this, 'WidgetApiUrl', {
      value: http.widgetUrl,
      description: "The chat widget's public API",
    });
    new CfnOutput(this, 'VoiceRelayUrl', {
      value: sockets.url,
      description: 'The WebSocket API Twilio ConversationRelay connects calls to',
    });
    new CfnOutput(this, 'ConsoleDistributionDomain', {
      value: ownerConsole.distribution.distributionDomainName,
      description: "Where the console domain's CNAME or alias points, when the stage has one",
    });
    new CfnOutput(this, 'UserPoolId', { value: people.pool.userPoolId, description: "People's accounts" });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'UploadsBucket', { value: uploads.bucket.bucketName });
    new CfnOutput(this, 'AnswerQueueUrl', { value: answers.queue.queueUrl });
    new CfnOutput(this, 'AnswerDlqUrl', { value: answers.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'IngestQueueUrl', { value: ingest.queue.queueUrl });
    new CfnOutput(this, 'IngestDlqUrl', { value: ingest.deadLetterQueue.queueUrl });
  }
}

/** `twilio-webhook` -> `TwilioWebhook`: stable construct ids, hence stable logical ids. */
const constructIdFor = (name: string): string =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** A contract function without wiring would deploy silently broken; fail the synth instead. */
const assertEveryFunctionBuilt = (functions: ReadonlyMap<FunctionName, HouseFunction>): void => {
  const missing = FUNCTION_NAMES.filter((name) => !functions.has(name));
  if (missing.length > 0) {
    throw new Error(
      `No wiring for ${missing.join(', ')}: give each an HTTP route or a queue construct in lib/.`,
    );
  }
};
