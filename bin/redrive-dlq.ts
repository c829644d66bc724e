/**
 * `npm run redrive -- --stage <name> --queue answer|ingest`: after a fix is deployed, moves the
 * messages waiting in the answer or ingest dead-letter queue back to their queue, where the
 * workers process them again (SQS `StartMessageMoveTask`). Finds the dead-letter queue from the
 * stage's queues; `--dlq-arn` names it directly. See the README runbook.
 *
 *   npm run redrive -- --stage prod --queue answer
 *   npm run redrive -- --stage prod --queue ingest --rate 5 --no-wait
 */

import { SQSClient } from '@aws-sdk/client-sqs';
import { parseRedriveArgs, RedriveUsageError, redriveDeadLetters } from '../tools/redrive/dead-letters.js';

try {
  const options = parseRedriveArgs(process.argv.slice(2));
  const sqs = new SQSClient({ region: options.region });
  const status = await redriveDeadLetters(sqs, options, (line) => console.log(line));
  process.exitCode = status === 'COMPLETED' || status === 'RUNNING' ? 0 : 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof RedriveUsageError ? 2 : 1;
}
