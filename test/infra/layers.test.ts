import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = join(REPO, 'node_modules/.bin/depcruise');

/** Runs the house's layer rules over `dirs` of `cwd`; returns the exit code and the report. */
const cruise = (cwd: string, dirs: string[]) => {
  const run = spawnSync(DEPCRUISE, [...dirs, '--config', join(cwd, '.dependency-cruiser.cjs')], {
    cwd,
    encoding: 'utf8',
  });
  return { status: run.status, report: `${run.stdout}${run.stderr}` };
};

describe('the layer rules (npm run lint:layers)', () => {
  const sandbox = mkdtempSync(join(tmpdir(), 'frontdesk-layers-'));
  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(sandbox, file)), { recursive: true });
    writeFileSync(join(sandbox, file), text);
  };

  it('fail on a cycle, a wrong-way import and infrastructure reaching into a script', () => {
    copyFileSync(join(REPO, '.dependency-cruiser.cjs'), join(sandbox, '.dependency-cruiser.cjs'));
    // platform (the leaf) reaching up into the domain, which imports it back: a cycle too.
    write(
      'functions/platform/config.ts',
      "import { answer } from '../answer/answerer.js';\nexport const config = answer;\n",
    );
    write(
      'functions/answer/answerer.ts',
      "import type { config } from '../platform/config.js';\nexport const answer = 1 as unknown as typeof config;\n",
    );
    write(
      'functions/store/usage.ts',
      "import { answer } from '../answer/answerer.js';\nexport const usage = answer;\n",
    );
    write('lib/site.ts', "import { build } from '../console/build.js';\nexport const site = build;\n");
    write('console/build.ts', 'export const build = 1;\n');
    write('local-stack/stack.ts', "import { main } from '../bin/local.js';\nexport const stack = main;\n");
    write('bin/local.ts', 'export const main = 1;\n');
    write(
      'tsconfig.json',
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
    );

    const { status, report } = cruise(sandbox, ['functions', 'lib', 'console', 'local-stack', 'bin']);

    expect(status).not.toBe(0);
    for (const rule of [
      'no-circular',
      'platform-is-a-leaf',
      'store-sits-below-the-domain',
      'infrastructure-imports-no-app-code',
      'bin-is-entry-points-only',
    ])
      expect(report).toContain(rule);
  });

  it('hold on this repository', () => {
    const { status, report } = cruise(REPO, [
      'bin',
      'lib',
      'functions',
      'local-stack',
      'console',
      'tools',
      'test',
    ]);
    expect(report).toContain('no dependency violations found');
    expect(status).toBe(0);
  });
});
