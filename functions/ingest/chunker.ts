import type { Block } from './blocks.js';
import { countTokens, decode, encode } from './tokens.js';

export interface ChunkOptions {
  /** Upper bound per chunk, in cl100k tokens (the tokenizer of OpenAI's embedding models). */
  maxTokens: number;
  /** Tokens of the previous chunk's tail repeated at the start of the next. */
  overlapTokens: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxTokens: 350, overlapTokens: 50 };

interface Unit {
  text: string;
  tokens: number;
  /** Rows carry their headers, so repeating the previous row adds nothing. */
  overlaps: boolean;
}

/**
 * Cuts a document into chunks that follow its structure: a heading starts a new chunk and is
 * repeated at the top of every chunk under it; a question stays with its answer; paragraphs and
 * rows are packed up to `maxTokens`; a paragraph too long for one chunk is split at sentences,
 * then at token windows; consecutive chunks share up to `overlapTokens` of text so a fact cut at
 * a boundary is still found whole. Identical chunks (running headers, repeated boilerplate) are
 * kept once.
 *
 * @example
 * chunkBlocks([{ kind: 'heading', level: 1, text: 'Hours' }, { kind: 'paragraph', text: 'Open 9-5.' }])
 * // ['Hours\nOpen 9-5.']
 */
export function chunkBlocks(
  blocks: Iterable<Block>,
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): string[] {
  const chunks: string[] = [];
  const seen = new Set<string>();
  const headings: string[] = [];
  let context = '';
  let contextTokens = 0;
  let current: Unit[] = [];
  let currentTokens = 0;
  let pendingQuestion: string | undefined;
  /** Level of a heading with nothing under it yet; emitted alone unless its children follow. */
  let bareHeading: number | undefined;

  const emit = (units: Unit[]) => {
    bareHeading = undefined;
    const body = units.map((u) => u.text).join('\n');
    const text = context ? `${context}\n${body}` : body;
    if (!seen.has(text)) {
      seen.add(text);
      chunks.push(text);
    }
  };
  const flush = (withOverlap: boolean) => {
    if (current.length === 0) return;
    emit(current);
    const carried: Unit[] = [];
    let carriedTokens = 0;
    for (let i = current.length - 1; withOverlap && i >= 0; i--) {
      const unit = current[i]!;
      if (!unit.overlaps || carriedTokens + unit.tokens + 1 > options.overlapTokens) break;
      carried.unshift(unit);
      carriedTokens += unit.tokens + 1;
    }
    current = carried;
    currentTokens = carriedTokens;
  };
  const emitHeadingAlone = () => {
    if (!seen.has(context)) chunks.push(context);
    seen.add(context);
    bareHeading = undefined;
  };
  const budget = () => Math.max(32, options.maxTokens - contextTokens);
  const add = (unit: Unit) => {
    if (unit.tokens > budget()) {
      flush(false);
      current = [];
      currentTokens = 0;
      for (const piece of splitOversized(unit.text, budget(), options.overlapTokens)) emit([piece]);
      return;
    }
    if (currentTokens + unit.tokens + 1 > budget()) {
      flush(unit.overlaps);
      // The carried overlap must leave room for the unit itself.
      while (current.length > 0 && currentTokens + unit.tokens + 1 > budget()) {
        currentTokens -= current.shift()!.tokens + 1;
      }
    }
    current.push(unit);
    currentTokens += unit.tokens + 1;
  };
  const addText = (text: string, overlaps: boolean) => add({ text, tokens: countTokens(text), overlaps });
  const releaseQuestion = () => {
    if (pendingQuestion !== undefined) addText(pendingQuestion, true);
    pendingQuestion = undefined;
  };

  for (const block of blocks) {
    if (block.kind === 'page') continue;
    if (block.kind === 'heading') {
      releaseQuestion();
      flush(false);
      current = [];
      currentTokens = 0;
      if (bareHeading !== undefined && block.level <= bareHeading) emitHeadingAlone();
      headings.length = Math.max(0, Math.min(headings.length, block.level - 1));
      headings.push(block.text);
      context = headings.join(' > ');
      contextTokens = countTokens(context) + 1;
      // A heading path longer than half a chunk would crowd out the text it introduces.
      if (contextTokens > options.maxTokens / 2) {
        context = block.text.slice(0, 200);
        contextTokens = countTokens(context) + 1;
      }
      bareHeading = block.level;
      continue;
    }
    if (block.kind === 'row') {
      releaseQuestion();
      addText(block.text, false);
      continue;
    }
    if (pendingQuestion !== undefined) {
      const pair = `${pendingQuestion}\n${block.text}`;
      pendingQuestion = undefined;
      addText(pair, true);
    } else if (isQuestion(block.text)) {
      pendingQuestion = block.text;
    } else {
      addText(block.text, true);
    }
  }
  releaseQuestion();
  flush(false);
  if (bareHeading !== undefined) emitHeadingAlone();
  return chunks;
}

const isQuestion = (text: string) => text.length < 300 && /\?\s*$/.test(text);

/** Sentences first; a sentence longer than a chunk is cut into overlapping token windows. */
function splitOversized(text: string, maxTokens: number, overlapTokens: number): Unit[] {
  const pieces: Unit[] = [];
  let current = '';
  let currentTokens = 0;
  for (const sentence of text.split(/(?<=[.!?。！？])\s+/)) {
    const tokens = countTokens(sentence);
    if (tokens > maxTokens) {
      if (current) pieces.push({ text: current, tokens: currentTokens, overlaps: true });
      current = '';
      currentTokens = 0;
      pieces.push(...tokenWindows(sentence, maxTokens, overlapTokens));
      continue;
    }
    if (currentTokens + tokens + 1 > maxTokens && current) {
      pieces.push({ text: current, tokens: currentTokens, overlaps: true });
      current = '';
      currentTokens = 0;
    }
    current = current ? `${current} ${sentence}` : sentence;
    currentTokens += tokens + 1;
  }
  if (current) pieces.push({ text: current, tokens: currentTokens, overlaps: true });
  return pieces;
}

function tokenWindows(text: string, maxTokens: number, overlapTokens: number): Unit[] {
  const tokens = encode(text);
  const step = Math.max(1, maxTokens - overlapTokens);
  const windows: Unit[] = [];
  for (let start = 0; start < tokens.length; start += step) {
    const slice = tokens.slice(start, start + maxTokens);
    windows.push({ text: decode(slice).trim(), tokens: slice.length, overlaps: true });
    if (start + maxTokens >= tokens.length) break;
  }
  return windows;
}
