import { layerModule } from '../platform/layer-modules.js';

/**
 * cl100k token counts (the tokenizer of OpenAI's embedding models). The 1 MB table comes from the
 * vendor layer on the first count, not at cold start: a function that never chunks a text, and a
 * model server that reports its own usage, never load it.
 */
const cl100k = layerModule<typeof import('gpt-tokenizer/encoding/cl100k_base')>(
  'gpt-tokenizer/encoding/cl100k_base',
);

export const countTokens = (text: string): number => cl100k().countTokens(text);
export const encode = (text: string): number[] => cl100k().encode(text);
export const decode = (tokens: number[]): string => cl100k().decode(tokens);
