/**
 * Where the extraction worker thread's code lives: the TypeScript source (run through tsx in
 * development and tests), and the file the Lambda bundle carries beside `index.mjs`, built from
 * that source with the house esbuild settings (see `lib/bundling.ts`).
 */
export const EXTRACTION_WORKER = {
  source: 'functions/ingest/extraction-worker.ts',
  bundled: 'extraction-worker.mjs',
} as const;
