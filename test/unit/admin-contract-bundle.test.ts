import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

describe('the admin API contract in the admin-api function', () => {
  it('bundles the request schemas the routes run, and none of the answers (they are types to the server)', async () => {
    // Act
    const { metafile } = await build({
      entryPoints: [path.join(REPOSITORY, 'functions/admin/routes.ts')],
      absWorkingDir: REPOSITORY,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      metafile: true,
      logLevel: 'error',
    });

    // Assess
    const [output] = Object.values(metafile.outputs);
    const bundled = Object.entries(output?.inputs ?? {})
      .filter(
        ([input, { bytesInOutput }]) => input.startsWith('functions/contracts/admin') && bytesInOutput > 0,
      )
      .map(([input]) => input);
    expect(bundled).toEqual(['functions/contracts/admin/requests.ts']);
  });
});
