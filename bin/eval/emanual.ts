import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { z } from 'zod';
import { chunkPlainText } from '../../functions/knowledge/document-chunks.js';
import type { EvalHarness } from './harness.js';

const CorpusSchema = z.record(z.string(), z.object({ title: z.string(), text: z.array(z.string()) }));
const QuestionRow = z.object({ question_id: z.string(), question: z.string().min(1) });

const MANUALS = [
  {
    name: 'Smart TV',
    corpus: 'smart_tv_remote_manual_corpus.json',
    questions: 'smart_tv_remote_50_questions.csv',
  },
  { name: 'Galaxy S10', corpus: 's10_manual_corpus.json', questions: 's10_50_questions.csv' },
] as const;

const RETRIEVAL_K = 5;

export interface RefusalScores {
  inScopeQuestions: number;
  outOfScopeQuestions: number;
  /** Questions asked to the other manual's tenant that were declined with an offer of a person. */
  outOfScopeRefusalRate: number;
  /** Questions asked to their own manual's tenant that were declined anyway. */
  inScopeFalseRefusalRate: number;
}

/**
 * E-Manual refusals: a TV tenant and a phone tenant, each holding its manual (one document per
 * section). Every question goes through the configured retrieval and answerer to both tenants.
 * A decline is an answer marked not grounded whose text offers a person.
 */
export const evaluateEmanual = async (folder: string, harness: EvalHarness): Promise<RefusalScores> => {
  const tenants: Array<{ tenantId: string; name: string; questions: string[] }> = [];
  for (const manual of MANUALS) {
    const corpus = CorpusSchema.parse(JSON.parse(await readFile(join(folder, manual.corpus), 'utf8')));
    const documents = Object.entries(corpus).map(([id, section]) => ({
      documentId: id.replace(/[^a-z0-9_]/gi, ''),
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
    tenants.push({ tenantId, name: manual.name, questions: rows.map((r) => QuestionRow.parse(r).question) });
  }

  let inScope = 0;
  let inScopeDeclined = 0;
  let outOfScope = 0;
  let outOfScopeDeclined = 0;
  for (const asker of tenants) {
    for (const question of asker.questions) {
      for (const target of tenants) {
        const declined = await declines(harness, target, question);
        if (target === asker) {
          inScope++;
          if (declined) inScopeDeclined++;
        } else {
          outOfScope++;
          if (declined) outOfScopeDeclined++;
        }
      }
    }
  }
  const rate = (k: number, n: number) => Math.round((k / (n || 1)) * 10_000) / 10_000;
  return {
    inScopeQuestions: inScope,
    outOfScopeQuestions: outOfScope,
    outOfScopeRefusalRate: rate(outOfScopeDeclined, outOfScope),
    inScopeFalseRefusalRate: rate(inScopeDeclined, inScope),
  };
};

const declines = async (
  harness: EvalHarness,
  tenant: { tenantId: string; name: string },
  question: string,
): Promise<boolean> => {
  const hits = await harness.index.search(tenant.tenantId, question, RETRIEVAL_K);
  const answer = await harness.answerer.answer({
    businessName: tenant.name,
    question,
    channel: 'whatsapp',
    hits,
  });
  return !answer.grounded && /\b(person|team|someone|human)\b/i.test(answer.text);
};
