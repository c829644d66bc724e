import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, type MetricUnit } from '@aws-lambda-powertools/metrics';

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from '../contracts/metrics.js';
import { PrivacyLogFormatter } from './log-privacy.js';

const logFormatter = new PrivacyLogFormatter();

/**
 * One Logger and one Metrics instance per process, configured by the standard POWERTOOLS_*
 * variables that the house function sets: the service name (the function's own, on every log
 * line) and the log level. Every line passes through the privacy formatter, which masks phone
 * numbers and message text.
 */
export const logger = new Logger({ logFormatter });

/**
 * Lets DEBUG lines show phone numbers and message text as they are. The runtime turns it on
 * outside production only; INFO and above stay masked everywhere.
 */
export const revealPersonalDataAtDebug = (reveal: boolean): void => {
  logFormatter.revealAtDebug = reveal;
};

/**
 * Every line of one message's processing carries the provider's message id as the correlation
 * id, and the tenant once it is known. Keys are per invocation (`resetKeys`), and each record
 * of a batch sets its own.
 *
 * @example
 * setMessageLogContext({ providerMessageId: 'SM123', tenantId: 'acme' });
 */
export const setMessageLogContext = (ids: {
  providerMessageId: string;
  tenantId?: string | undefined;
}): void => {
  logger.setCorrelationId(ids.providerMessageId);
  if (ids.tenantId) logger.appendKeys({ tenantId: ids.tenantId });
  else logger.removeKeys(['tenantId']);
};

const EMPTY_METRICS_WARNING = /^No application metrics to publish/;

/** The Powertools instance itself, for the handlers' `logMetrics` middleware, which flushes it. */
export const metricsPublisher = new Metrics({
  namespace: METRICS_NAMESPACE,
  // Not the function's name: the alarms sum each metric across functions on this dimension.
  serviceName: METRICS_SERVICE,
  // Metrics speak through the JSON logger. When several handlers share this process (the local
  // stack), one handler's flush can leave another's empty; that notice is not worth a warning.
  logger: {
    debug: (...args: unknown[]) =>
      logger.debug(String(args[0]), ...args.slice(1).map((a) => ({ detail: a }))),
    info: (...args: unknown[]) => logger.info(String(args[0])),
    warn: (...args: unknown[]) =>
      EMPTY_METRICS_WARNING.test(String(args[0]))
        ? logger.debug(String(args[0]))
        : logger.warn(String(args[0])),
    error: (...args: unknown[]) => logger.error(String(args[0])),
  },
});

/**
 * Powertools Metrics that only takes the metric names of the contract
 * (`functions/contracts/metrics.ts`), which the alarms and the dashboard are built from.
 */
export const metrics = metricsPublisher as Omit<Metrics, 'addMetric'> & {
  addMetric(name: MetricName, unit: Unit, value: number): void;
};
