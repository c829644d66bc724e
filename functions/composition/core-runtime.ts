import { SQSClient } from '@aws-sdk/client-sqs';
import type { Config } from '../platform/config.js';
import { ConfigurationError } from '../platform/errors.js';
import { revealPersonalDataAtDebug } from '../platform/observability.js';
import { createSecretStore, type SecretStore } from '../platform/secrets.js';
import { createSqsQueue, type MessageQueue } from '../queue/answer-queue.js';
import { createTable, type Table, type TableOptions } from '../store/client.js';

/**
 * What every function needs: the configuration, the table, secrets and the answer queue. The
 * webhooks need nothing more, so they build only this and their bundles carry no LLM, vector,
 * S3 or Twilio REST clients (see `npm run bench`); `createRuntime` adds the rest on top.
 */
export interface CoreRuntime {
  config: Config;
  table: Table;
  secrets: SecretStore;
  answerQueue: MessageQueue;
}

export interface CoreRuntimeOverrides {
  table?: Table;
  secrets?: SecretStore;
  answerQueue?: MessageQueue;
  dynamo?: Omit<TableOptions, 'region'>;
}

export const createCoreRuntime = (config: Config, overrides: CoreRuntimeOverrides = {}): CoreRuntime => {
  const table =
    overrides.table ?? createTable(config.tableName, { region: config.region, ...overrides.dynamo });
  const secrets = overrides.secrets ?? createSecretStore(config);
  // `prod` is the one production stage (lib/stage-settings.ts); its DEBUG lines stay masked too.
  revealPersonalDataAtDebug(config.stage !== 'prod');
  return {
    config,
    table,
    secrets,
    answerQueue: overrides.answerQueue ?? defaultAnswerQueue(config),
  };
};

const defaultAnswerQueue = (config: Config): MessageQueue => {
  if (!config.answerQueueUrl) {
    return {
      send: async () => {
        throw new ConfigurationError('ANSWER_QUEUE_URL is not set');
      },
    };
  }
  return createSqsQueue(new SQSClient({ region: config.region }), config.answerQueueUrl);
};
