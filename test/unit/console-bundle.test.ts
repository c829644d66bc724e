import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConsole } from '../../console/build.js';

describe('owner console bundle', () => {
  it('takes only types from the admin API contract: no zod and no server code reach the page', () => {
    // Prepare
    const outDir = mkdtempSync(path.join(tmpdir(), 'console-bundle-'));

    try {
      // Act
      const { modules } = buildConsole(outDir);

      // Assess
      expect(modules.some((m) => m.startsWith('console/web/src/'))).toBe(true);
      // The Website panel's live preview draws the chat widget's own view: browser code too.
      expect(
        modules.filter((m) => !m.startsWith('console/web/src/') && !m.startsWith('widget/src/')),
      ).toEqual([]);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
