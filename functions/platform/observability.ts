import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One Logger and one Metrics instance per process, configured by the standard POWERTOOLS_*
 * variables that the house function sets (service name, namespace, log level).
 */
export const logger = new Logger({ serviceName: 'frontdesk' });

export const metrics = new Metrics({ namespace: 'Frontdesk', serviceName: 'frontdesk' });
