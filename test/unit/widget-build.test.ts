import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWidget, WIDGET_GZIP_BUDGET_BYTES, widgetScriptFor } from '../../widget/build.js';

const dir = mkdtempSync(path.join(tmpdir(), 'widget-build-test-'));
const built = buildWidget(dir);
const script = readFileSync(built.file, 'utf8');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('widget.js as a business page loads it', () => {
  it('stays within its gzip budget, in one file', () => {
    expect(built.gzipBytes).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET_BYTES);
  });

  it('names no third-party address and writes no HTML but its own icon', () => {
    // Prepare: the only URLs are the two a deployment writes in.
    const urls = script.match(/https?:\/\/[^"'`\s)]+/g) ?? [];

    // Assess
    expect(urls).toEqual([]);
    expect(script.match(/innerHTML/g)).toHaveLength(1);
    expect(script).not.toMatch(/insertAdjacentHTML|outerHTML|document\.write|eval\(/);
  });

  it("gets a deployment's endpoints written in, and refuses a script that lost its placeholders", () => {
    // Act
    const deployed = widgetScriptFor(script, {
      apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com',
      socketUrl: 'wss://def.execute-api.eu-west-1.amazonaws.com/live',
    });

    // Assess
    expect(deployed).toContain('"https://abc.execute-api.eu-west-1.amazonaws.com"');
    expect(deployed).toContain('"wss://def.execute-api.eu-west-1.amazonaws.com/live"');
    expect(() => widgetScriptFor('no placeholders', { apiUrl: 'a', socketUrl: 'b' })).toThrow(/placeholders/);
  });
});
