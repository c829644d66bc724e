/**
 * `npm run secrets -- --stage <name> [NAME ...]`: writes a stage's secrets to SSM Parameter Store
 * as SecureString parameters under `/frontdesk/<stage>/<NAME>`, where the functions read them.
 *
 * Each value comes from the environment variable of the same name when set, otherwise from a
 * prompt that does not echo. Values are never printed, logged or passed on a command line, and
 * CloudFormation never sees them. With no names, every secret is offered; empty input skips one.
 *
 *   TWILIO_AUTH_TOKEN=... npm run secrets -- --stage prod TWILIO_AUTH_TOKEN
 *   npm run secrets -- --stage dev          # prompts for each secret
 */

import { parseArgs } from 'node:util';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SECRET_NAMES, type SecretName } from '../functions/contracts/routes.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { stage: { type: 'string' }, region: { type: 'string' } },
});
if (!values.stage || !/^[a-z][a-z0-9-]{0,30}$/.test(values.stage)) {
  console.error('Usage: npm run secrets -- --stage <name> [SECRET_NAME ...]');
  process.exit(2);
}
const unknown = positionals.filter((n) => !(SECRET_NAMES as readonly string[]).includes(n));
if (unknown.length > 0) {
  console.error(`Unknown secret name(s): ${unknown.join(', ')}. Known: ${SECRET_NAMES.join(', ')}`);
  process.exit(2);
}
const names = (positionals.length > 0 ? positionals : SECRET_NAMES) as SecretName[];

/** Reads a line from the terminal without echoing it. */
const promptHidden = (question: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const { stdin, stdout } = process;
    if (!stdin.isTTY) {
      reject(new Error(`${question.trim()} needs a terminal, or set it in the environment`));
      return;
    }
    stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (data: Buffer) => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          stdout.write('\n');
          resolve(value);
          return;
        }
        if (char === '\u0003') process.exit(130);
        if (char === '\u007f') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });

const ssm = new SSMClient(values.region ? { region: values.region } : {});
for (const name of names) {
  const value =
    process.env[name] || (await promptHidden(`${name} for stage ${values.stage} (empty to skip): `));
  if (!value) {
    console.log(`  skipped ${name}`);
    continue;
  }
  const parameterName = `/frontdesk/${values.stage}/${name}`;
  await ssm.send(
    new PutParameterCommand({
      Name: parameterName,
      Value: value,
      Type: 'SecureString',
      Overwrite: true,
      Tier: 'Standard',
    }),
  );
  console.log(`  wrote ${parameterName} (SecureString)`);
}
