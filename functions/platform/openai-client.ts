import { layerModule } from './layer-modules.js';

/**
 * The `openai` package (about 150 KB minified) from the vendor layer, required the first time a
 * model, embedder or transcriber is built: the admin API stays under esbuild's 1 MiB mark and a
 * function configured without a model never parses it (BENCHMARKS.md, issue 19).
 */
export const openAiClient = layerModule<typeof import('openai')>('openai');
