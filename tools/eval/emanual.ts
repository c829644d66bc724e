import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { z } from 'zod';
import { answerQuestion } from '../../functions/answer/answer-question.js';
import { createExtractiveAnswerer } from '../../functions/answer/extractive.js';
import { chunkPlainText } from '../../functions/knowledge/document-chunks.js';
import type { SearchHit } from '../../functions/knowledge/knowledge-index.js';
import type { EvalHarness } from './harness.js';

const CorpusSchema = z.record(z.string(), z.object({ title: z.string(), text: z.array(z.string()) }));
const QuestionRow = z.object({ question_id: z.string(), question: z.string().min(1) });
const GoldSchema = z.record(z.string(), z.record(z.string(), z.array(z.string())));

const MANUALS = [
  {
    name: 'Smart TV',
    gold: 'smart_tv_remote',
    corpus: 'smart_tv_remote_manual_corpus.json',
    questions: 'smart_tv_remote_50_questions.csv',
  },
  { name: 'Galaxy S10', gold: 's10', corpus: 's10_manual_corpus.json', questions: 's10_50_questions.csv' },
] as const;

/** The largest share of one manual's in-scope questions a fitted floor may wrongly decline. */
const FIT_MAX_FALSE_REFUSAL = 0.1;
/** The floors the curve shows, and the finer ones the fit sweeps. */
const FLOORS = Array.from({ length: 19 }, (_, i) => Math.round((0.1 + i * 0.05) * 100) / 100);
const FIT_FLOORS = Array.from({ length: 91 }, (_, i) => Math.round((0.1 + i * 0.01) * 100) / 100);

export interface RefusalScores {
  inScopeQuestions: number;
  outOfScopeQuestions: number;
  /** Questions asked to the other manual's tenant that were declined with an offer of a person. */
  outOfScopeRefusalRate: number;
  /** Questions asked to their own manual's tenant that were declined anyway. */
  inScopeFalseRefusalRate: number;
  /** In-scope questions (with a known gold section) answered citing a chunk of that section. */
  inScopeGoldInSources: number;
  /** Floors fitted on one manual's askers, rates reported on the other's (extractive only). */
  crossManual?: {
    outOfScopeRefusalRate: number;
    inScopeFalseRefusalRate: number;
    folds: Array<{
      fittedOn: string;
      reportedOn: string;
      floor: number;
      outOfScopeRefusalRate: number;
      inScopeFalseRefusalRate: number;
    }>;
  };
  /** Every floor's rates over all askers (extractive only). */
  curve?: Array<{ floor: number; outOfScopeRefusalRate: number; inScopeFalseRefusalRate: number }>;
}

interface Asked {
  asker: string;
  inScope: boolean;
  question: string;
  gold: string[];
  hits: SearchHit[];
  declined: boolean;
  sources: string[];
}

/**
 * E-Manual refusals: a TV tenant and a phone tenant, each holding its manual (one document per
 * section). Every question goes through the runtime's answer path (`answerQuestion`: language,
 * rewrite, retrieval, answerer) to both tenants. A decline is an answer marked not grounded whose
 * text offers a person. Without a model, the relevance floor is the one thing tuned, so it is
 * also fitted on one manual's askers (the highest floor that wrongly declines at most 10 % of
 * their in-scope questions) and reported on the other manual's, both ways round.
 */
export const evaluateEmanual = async (folder: string, harness: EvalHarness): Promise<RefusalScores> => {
  const gold = GoldSchema.parse(
    JSON.parse(await readFile(join(folder, 'DERIVED_gold_section_ids.json'), 'utf8')),
  );
  const tenants: Array<{
    tenantId: string;
    name: string;
    questions: Array<{ question: string; gold: string[] }>;
  }> = [];
  for (const manual of MANUALS) {
    const corpus = CorpusSchema.parse(JSON.parse(await readFile(join(folder, manual.corpus), 'utf8')));
    const documents = Object.entries(corpus).map(([id, section]) => ({
      documentId: documentIdOf(id),
      chunks: chunkPlainText([section.title, ...section.text].join('\n')),
    }));
    const tenantId = await harness.addTenant(
      manual.name,
      documents.filter((d) => d.chunks.length > 0),
    );
    const rows = Papa.parse<Record<string, string>>(await readFile(join(folder, manual.questions), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    tenants.push({
      tenantId,
      name: manual.name,
      questions: rows.map((r) => {
        const row = QuestionRow.parse(r);
        return {
          question: row.question,
          gold: (gold[manual.gold]?.[row.question_id] ?? []).map(documentIdOf),
        };
      }),
    });
  }

  const path = { knowledge: harness.index, answerer: harness.answerer, rewriter: harness.rewriter };
  const asked: Asked[] = [];
  for (const asker of tenants) {
    for (const { question, gold: goldIds } of asker.questions) {
      for (const target of tenants) {
        const { answer, hits } = await answerQuestion(path, {
          tenantId: target.tenantId,
          question,
          channel: 'whatsapp',
          profile: { name: target.name },
        });
        asked.push({
          asker: asker.name,
          inScope: target === asker,
          question,
          gold: goldIds,
          hits,
          declined: isDecline(answer),
          sources: answer.sources.map((s) => s.documentId),
        });
      }
    }
  }

  const withGold = asked.filter((a) => a.inScope && a.gold.length > 0);
  const result: RefusalScores = {
    inScopeQuestions: asked.filter((a) => a.inScope).length,
    outOfScopeQuestions: asked.filter((a) => !a.inScope).length,
    ...rates(asked, (a) => a.declined),
    inScopeGoldInSources: rate(
      withGold.filter((a) => a.sources.some((s) => a.gold.includes(s))).length,
      withGold.length,
    ),
  };
  if (harness.rewriter) return result; // the model decides "known" itself: there is no floor to fit

  const declinesAt = async (floor: number, a: Asked) => {
    const answer = await createExtractiveAnswerer({ relevanceFloor: floor }).answer({
      businessName: 'eval',
      question: a.question,
      channel: 'whatsapp',
      hits: a.hits,
    });
    return isDecline(answer);
  };
  const ratesAt = async (floor: number, of: Asked[]) => {
    const declined = new Set<Asked>();
    for (const a of of) if (await declinesAt(floor, a)) declined.add(a);
    return rates(of, (a) => declined.has(a));
  };
  const curve = [];
  for (const floor of FLOORS) curve.push({ floor, ...(await ratesAt(floor, asked)) });

  const folds = [];
  const heldOut: Array<{ a: Asked; declined: boolean }> = [];
  for (const fitOn of tenants) {
    const train = asked.filter((a) => a.asker === fitOn.name);
    const test = asked.filter((a) => a.asker !== fitOn.name);
    let floor = FIT_FLOORS[0]!;
    for (const candidate of FIT_FLOORS) {
      if ((await ratesAt(candidate, train)).inScopeFalseRefusalRate <= FIT_MAX_FALSE_REFUSAL)
        floor = candidate;
    }
    for (const a of test) heldOut.push({ a, declined: await declinesAt(floor, a) });
    folds.push({
      fittedOn: fitOn.name,
      reportedOn: tenants.find((t) => t !== fitOn)!.name,
      floor,
      ...(await ratesAt(floor, test)),
    });
  }
  const declinedHeldOut = new Set(heldOut.filter((h) => h.declined).map((h) => h.a));
  return {
    ...result,
    crossManual: { ...rates(asked, (a) => declinedHeldOut.has(a)), folds },
    curve,
  };
};

const documentIdOf = (sectionId: string): string => sectionId.replace(/[^a-z0-9_]/gi, '');

const isDecline = (answer: { grounded: boolean; text: string }): boolean =>
  !answer.grounded && /\b(person|team|someone|human)\b/i.test(answer.text);

const rate = (k: number, n: number) => Math.round((k / (n || 1)) * 10_000) / 10_000;

const rates = (of: Asked[], declined: (a: Asked) => boolean) => {
  const inScope = of.filter((a) => a.inScope);
  const outOfScope = of.filter((a) => !a.inScope);
  return {
    outOfScopeRefusalRate: rate(outOfScope.filter(declined).length, outOfScope.length),
    inScopeFalseRefusalRate: rate(inScope.filter(declined).length, inScope.length),
  };
};
