import fc from 'fast-check';

/** The seed of every property test in `npm test`, so two runs test the same cases. */
export const FIXED_SEED = 1_112_026;

/**
 * `FAST_CHECK_SEED` picks the seed: unset, the fixed one; `random`, a fresh one per test file
 * (`npm run test:fuzz:explore`); a number, that one (to replay a failure the explorer found).
 */
export const propertySeed = (setting: string | undefined): number => {
  if (setting === undefined || setting === '') return FIXED_SEED;
  if (setting === 'random') return Math.floor(Math.random() * 0x7fffffff);
  if (/^-?\d+$/.test(setting)) return Number(setting) | 0;
  throw new Error(`FAST_CHECK_SEED must be unset, "random" or an integer, not ${JSON.stringify(setting)}`);
};

// A vitest setup file (vitest.config.ts): runs in every test file before its tests.
const seed = propertySeed(process.env.FAST_CHECK_SEED);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
if (seed !== FIXED_SEED) {
  console.log(
    `[fuzz] fast-check seed=${seed}: replay with FAST_CHECK_SEED=${seed} npx vitest run <this file>`,
  );
}
