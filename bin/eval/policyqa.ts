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

interface Question {
  question: string;
  /** The answer with a little of the gold paragraph around it: only that paragraph holds it. */
  anchor: string;
  /** The answer alone, when the anchor was cut by a chunk boundary. */
  answer: string;
}

const K = 10;
const BASELINE_WORDS = 120;

/**
 * PolicyQA retrieval: each website is a tenant with one document (its paragraphs joined), chunked
 * by the ingestion chunker and searched through the configured index; and a baseline of
 * fixed-size word windows with plain BM25 (MiniSearch defaults: no stemming, stop words or fuzzy).
 * A retrieved chunk counts when it holds the gold answer with its surrounding words from the
 * gold paragraph (or, if a chunk boundary cut those words, the answer and the paragraph's start).
 */
export const evaluatePolicyQa = async (
  file: string,
  harness: EvalHarness,
): Promise<RetrievalScores & { baseline: RetrievalScores; tenants: number }> => {
  const squad = SquadSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const ours: number[] = [];
  const baseline: number[] = [];
  for (const site of squad.data) {
    const document = site.paragraphs.map((p) => p.context).join('\n\n');
    const tenantId = await harness.addTenant(site.title, [
      { documentId: 'policy', chunks: chunkPlainText(document) },
    ]);
    const windows = fixedWindows(document, BASELINE_WORDS);
    const bm25 = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: ['text'] });
    bm25.addAll(windows.map((text, id) => ({ id, text })));

    for (const paragraph of site.paragraphs) {
      for (const qa of paragraph.qas) {
        const q = questionOf(paragraph.context, qa.question, qa.answers[0]!);
        const hits = await harness.index.search(tenantId, q.question, K);
        ours.push(
          rankOf(
            hits.map((h) => h.text),
            q,
            paragraph.context,
          ),
        );
        const plain = bm25.search(q.question).slice(0, K);
        baseline.push(
          rankOf(
            plain.map((r) => String(r.text)),
            q,
            paragraph.context,
          ),
        );
      }
    }
  }
  return { ...scores(ours), baseline: scores(baseline), tenants: squad.data.length };
};

const questionOf = (
  context: string,
  question: string,
  answer: { text: string; answer_start: number },
): Question => {
  const from = Math.max(0, answer.answer_start - 25);
  const to = Math.min(context.length, answer.answer_start + answer.text.length + 25);
  return { question, anchor: flatten(context.slice(from, to)), answer: flatten(answer.text) };
};

/** 1-based rank of the first chunk holding the gold passage; 0 when none of the top K does. */
const rankOf = (texts: string[], q: Question, context: string): number => {
  const start = flatten(context).slice(0, 40);
  const index = texts.findIndex((text) => {
    const flat = flatten(text);
    return flat.includes(q.anchor) || (flat.includes(q.answer) && flat.includes(start));
  });
  return index + 1;
};

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

const fixedWindows = (text: string, words: number): string[] => {
  const all = text.split(/\s+/).filter(Boolean);
  const windows: string[] = [];
  for (let i = 0; i < all.length; i += words) windows.push(all.slice(i, i + words).join(' '));
  return windows;
};
