import { readFile } from 'node:fs/promises';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import { chunkPlainText } from '../../functions/knowledge/document-chunks.js';
import { type EvalHarness, flatten } from './harness.js';

const SquadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(
            z.object({
              question: z.string(),
              answers: z.array(z.object({ text: z.string(), answer_start: z.number() })).min(1),
            }),
          ),
        }),
      ),
    }),
  ),
});

export interface RetrievalScores {
  questions: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
}

export interface PolicyQaScores extends RetrievalScores {
  tenants: number;
  /** The ingest chunker's chunks over every tenant, and their mean length. */
  chunks: number;
  meanWordsPerChunk: number;
  /** Words a customer's answer is given to read from: the top 5 hits together, mean per question. */
  meanWordsInTop5: number;
  /** The same chunks in a random order (seeded): what chunk size alone buys. */
  random: RetrievalScores;
  /** Plain BM25 (MiniSearch defaults) over fixed 120-word windows. */
  baseline: RetrievalScores;
  /** Plain BM25 over fixed windows of our mean chunk length: the analysis's gain at equal size. */
  baselineSameSize: RetrievalScores & { words: number };
}

const K = 10;
const TOP = 5;
const BASELINE_WORDS = 120;
const RANDOM_SEED = 20_261_123;

/**
 * PolicyQA retrieval: each website is a tenant with one document (its paragraphs joined), chunked
 * by the ingestion chunker and searched through the configured index. A retrieved chunk counts
 * only when it holds the gold answer with the words around it in the gold paragraph (25
 * characters each side): an answer string found elsewhere does not count. Beside it, in the same
 * run: a seeded random ranking of the same chunks and plain BM25 over fixed-size windows, so a
 * figure cannot be bought with chunk size.
 */
export const evaluatePolicyQa = async (file: string, harness: EvalHarness): Promise<PolicyQaScores> => {
  const squad = SquadSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const sites = squad.data.map((site) => {
    const document = site.paragraphs.map((p) => p.context).join('\n\n');
    return { site, document, chunks: chunkPlainText(document) };
  });
  const allChunks = sites.flatMap((s) => s.chunks);
  const meanWordsPerChunk = mean(allChunks.map(wordCount));
  const sameSize = Math.round(meanWordsPerChunk);

  const ours: number[] = [];
  const random: number[] = [];
  const baseline: number[] = [];
  const baselineSameSize: number[] = [];
  const topWords: number[] = [];
  const shuffle = seededShuffle(RANDOM_SEED);
  for (const { site, document, chunks } of sites) {
    const tenantId = await harness.addTenant(site.title, [{ documentId: 'policy', chunks }]);
    const plain = plainBm25(fixedWindows(document, BASELINE_WORDS));
    const plainSameSize = plainBm25(fixedWindows(document, sameSize));

    for (const paragraph of site.paragraphs) {
      for (const qa of paragraph.qas) {
        const anchor = anchorOf(paragraph.context, qa.answers[0]!);
        const hits = await harness.index.search(tenantId, qa.question, K);
        ours.push(
          rankOf(
            hits.map((h) => h.text),
            anchor,
          ),
        );
        topWords.push(hits.slice(0, TOP).reduce((sum, h) => sum + wordCount(h.text), 0));
        random.push(rankOf(shuffle(chunks).slice(0, K), anchor));
        baseline.push(rankOf(plain(qa.question), anchor));
        baselineSameSize.push(rankOf(plainSameSize(qa.question), anchor));
      }
    }
  }
  return {
    ...scores(ours),
    tenants: squad.data.length,
    chunks: allChunks.length,
    meanWordsPerChunk: Math.round(meanWordsPerChunk * 10) / 10,
    meanWordsInTop5: Math.round(mean(topWords) * 10) / 10,
    random: scores(random),
    baseline: scores(baseline),
    baselineSameSize: { ...scores(baselineSameSize), words: sameSize },
  };
};

/** The gold answer with up to 25 characters of its paragraph each side. */
const anchorOf = (context: string, answer: { text: string; answer_start: number }): string => {
  const from = Math.max(0, answer.answer_start - 25);
  const to = Math.min(context.length, answer.answer_start + answer.text.length + 25);
  return flatten(context.slice(from, to));
};

/** 1-based rank of the first chunk holding the gold passage; 0 when none of the top K does. */
const rankOf = (texts: string[], anchor: string): number =>
  texts.findIndex((text) => flatten(text).includes(anchor)) + 1;

const scores = (ranks: number[]): RetrievalScores => {
  const n = ranks.length || 1;
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    questions: ranks.length,
    recallAt1: round(ranks.filter((r) => r === 1).length / n),
    recallAt5: round(ranks.filter((r) => r >= 1 && r <= 5).length / n),
    mrr: round(ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0) / n),
  };
};

const plainBm25 = (windows: string[]) => {
  const bm25 = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: ['text'] });
  bm25.addAll(windows.map((text, id) => ({ id, text })));
  return (question: string) =>
    bm25
      .search(question)
      .slice(0, K)
      .map((r) => String(r.text));
};

const fixedWindows = (text: string, words: number): string[] => {
  const all = text.split(/\s+/).filter(Boolean);
  const windows: string[] = [];
  for (let i = 0; i < all.length; i += words) windows.push(all.slice(i, i + words).join(' '));
  return windows;
};

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);

/** Fisher-Yates on a fixed-seed LCG (mulberry32), so the random baseline is the same every run. */
const seededShuffle = (seed: number) => {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
};
