import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One Logger and one Metrics instance per process, configured by the standard POWERTOOLS_*
 * variables that the house function sets (service name, namespace, log level).
 */
export const logger = new Logger({ serviceName: 'frontdesk' });

const EMPTY_METRICS_WARNING = /^No application metrics to publish/;

export const metrics = new Metrics({
  namespace: 'Frontdesk',
  serviceName: 'frontdesk',
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
