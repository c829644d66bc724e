import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES, METRICS_NAMESPACE } from '../../functions/contracts/metrics.js';

const isContractName = (name: string): boolean => (METRIC_NAMES as readonly string[]).includes(name);

import { flatten, resourcesOf, SYNTH_TIMEOUT_MS, synthesize } from './synth.js';

beforeAll(() => {
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

/** Metric names that no `addMetric('<Name>'` literal emits, and who does emit them. */
const EMITTED_ELSEWHERE: Record<string, string> = {
  ColdStart: 'Powertools Metrics, captureColdStartMetric',
};

const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));

const sourceOfFunctions = (dir = FUNCTIONS_DIR): string =>
  readdirSync(dir, { withFileTypes: true })
    .map((entry) =>
      entry.isDirectory()
        ? // The contract lists every name; what counts is that a function emits it.
          entry.name === 'contracts'
          ? ''
          : sourceOfFunctions(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? readFileSync(join(dir, entry.name), 'utf8')
          : '',
    )
    .join('\n');

describe('business metrics on the dashboard and alarms', () => {
  it('are each emitted by the functions under that exact name', () => {
    // Prepare
    const { template } = synthesize('prod');
    const dashboard = flatten(
      Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody,
    );
    const alarms = JSON.stringify(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
    const names = new Set([
      ...[...dashboard.matchAll(new RegExp(`"${METRICS_NAMESPACE}","(\\w+)"`, 'g'))].map((m) => m[1]!),
      ...[...dashboard.matchAll(/MetricName=\\"(\w+)\\"/g)].map((m) => m[1]!),
      ...[
        ...alarms.matchAll(new RegExp(`"Namespace":"${METRICS_NAMESPACE}"[^}]*?"MetricName":"(\\w+)"`, 'g')),
      ].map((m) => m[1]!),
      ...[
        ...alarms.matchAll(new RegExp(`"MetricName":"(\\w+)","Namespace":"${METRICS_NAMESPACE}"`, 'g')),
      ].map((m) => m[1]!),
    ]);
    const source = sourceOfFunctions();

    // Act
    const missing = [...names].filter((name) => !EMITTED_ELSEWHERE[name] && !source.includes(`'${name}'`));

    // Assess
    expect(names.size).toBeGreaterThan(20);
    for (const name of [
      'MessagesAnswered',
      'Handoffs',
      'LlmFallbacks',
      'DocumentsFailed',
      'SendFailedByCode',
    ]) {
      expect(names).toContain(name);
    }
    expect(missing).toEqual([]);
    expect([...names].filter((name) => !EMITTED_ELSEWHERE[name] && !isContractName(name))).toEqual([]);
  });

  it('are exactly the contract: every name a function emits is one the contract lists', () => {
    const emitted = [...sourceOfFunctions().matchAll(/addMetric\(\s*'(\w+)'/g)].map((m) => m[1]!);
    expect(emitted.length).toBeGreaterThan(30);
    expect(emitted.filter((name) => !isContractName(name))).toEqual([]);
    for (const name of METRIC_NAMES) expect(sourceOfFunctions()).toContain(`'${name}'`);
  });
});
