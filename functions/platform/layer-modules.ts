import { createRequire } from 'node:module';

/**
 * Heavy packages that ship in the vendor Lambda layer (`layers/vendor`, built by
 * `lib/layer-bundling.ts`) instead of in each function's bundle, and are loaded the first time
 * they are used: twilio-node's REST client (3.4 MB, only to send), the cl100k token table
 * (0.97 MB, only to chunk a document or a fact) and Pinecone's client (0.6 MB, only when a
 * Pinecone index is configured), the `openai` client (150 KB, only when a model, embeddings or
 * transcription is configured) and tinyld's light language model (80 KB, only when a message's
 * language is not told by its small talk or marks). A cold start parses none of them; see
 * BENCHMARKS.md, issue 19.
 */
export const LAYER_MODULES = [
  'twilio',
  'gpt-tokenizer/encoding/cl100k_base',
  '@pinecone-database/pinecone',
  'openai',
  'tinyld/light',
] as const;

export type LayerModule = (typeof LAYER_MODULES)[number];

/**
 * CommonJS `require`, which (unlike an ESM `import`) honours Lambda's NODE_PATH and so finds a
 * layer's `/opt/nodejs/node_modules`. Locally and in tests it resolves the repository's
 * node_modules, so the same package version runs everywhere. esbuild does not follow a call
 * through this function, which is what keeps these packages out of the bundles.
 */
const requireModule = createRequire(import.meta.url);

/**
 * A module from the vendor layer, required on the first call and kept for the process.
 *
 * @example
 * const twilio = layerModule<typeof import('twilio')>('twilio');
 * const client = twilio()(accountSid, authToken);
 */
export const layerModule = <T>(specifier: LayerModule): (() => T) => {
  let loaded: T | undefined;
  return () => {
    loaded ??= requireModule(specifier) as T;
    return loaded;
  };
};
