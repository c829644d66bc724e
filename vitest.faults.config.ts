import { defineConfig } from 'vitest/config';
import type { Reporter } from 'vitest/reporters';
import base from './vitest.config.js';

/** Adds up the `[faults] ... messages= ... lost= duplicated=` lines of every fault run. */
class FaultTotals implements Reporter {
  private runs = 0;
  private lost = 0;
  private duplicated = 0;

  onUserConsoleLog(log: { content: string }) {
    for (const line of log.content.split('\n')) {
      const match = /^\[faults\] .* messages=\d+ .* lost=(\d+) duplicated=(\d+)/.exec(line);
      if (!match) continue;
      this.runs++;
      this.lost += Number(match[1]);
      this.duplicated += Number(match[2]);
    }
  }

  onTestRunEnd() {
    console.log(`[faults] ${this.runs} fault runs: lost=${this.lost} duplicated=${this.duplicated}`);
  }
}

// The base settings, with only the fault suites (mergeConfig would append to `include`).
export default defineConfig({
  test: { ...base.test, include: ['test/faults/**/*.test.ts'], reporters: ['default', new FaultTotals()] },
});
