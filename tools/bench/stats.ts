/** The q-quantile (0..1) of samples by the nearest-rank method; 0 for no samples. */
export const quantile = (samples: readonly number[], q: number): number => {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
};

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

export const mean = (samples: readonly number[]): number =>
  samples.length === 0 ? 0 : samples.reduce((sum, x) => sum + x, 0) / samples.length;

/** Rounds for reports: enough digits to compare runs, no false precision. */
export const round = (value: number, digits = 2): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** Milliseconds since `start` (from `performance.now()`). */
export const elapsedMs = (start: number): number => performance.now() - start;
