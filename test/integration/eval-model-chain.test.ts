import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateEmanual } from '../../tools/eval/emanual.js';
import { type EvalHarness, startEvalHarness } from '../../tools/eval/harness.js';
import { evaluatePolicyQa } from '../../tools/eval/policyqa.js';
import { promptParts, startFakeChatServer } from '../support/fake-chat-server.js';

/** Two tiny manuals in the E-Manual layout, written by the test (the real set is never read). */
const writeManuals = async (folder: string) => {
  const corpus = (sections: string[][]) =>
    JSON.stringify(
      Object.fromEntries(sections.map(([title, text], i) => [`section_${i}`, { title, text: [text] }])),
    );
  await writeFile(
    join(folder, 'smart_tv_remote_manual_corpus.json'),
    corpus([
      ['Game Mode', 'Turn on Game Mode in Settings, General, External Device Manager to play console games.'],
      ['Sleep timer', 'The sleep timer turns the television off after a chosen time.'],
    ]),
  );
  await writeFile(
    join(folder, 's10_manual_corpus.json'),
    corpus([
      ['Fingerprint', 'Register your fingerprint in Settings, Biometrics and security, Fingerprints.'],
      ['Wireless PowerShare', 'Wireless PowerShare charges earbuds placed on the back of the phone.'],
    ]),
  );
  const csv = (rows: string[][]) =>
    `question_id,question,section_path,section_link,answer\n${rows.map(([id, q]) => `${id},"${q}",a,b,c`).join('\n')}\n`;
  await writeFile(
    join(folder, 'smart_tv_remote_50_questions.csv'),
    csv([
      ['1', 'How do I turn on Game Mode?'],
      ['2', 'How does the sleep timer work?'],
    ]),
  );
  await writeFile(
    join(folder, 's10_50_questions.csv'),
    csv([
      ['3', 'How do I register my fingerprint?'],
      ['4', 'What is Wireless PowerShare?'],
    ]),
  );
  await writeFile(
    join(folder, 'DERIVED_gold_section_ids.json'),
    JSON.stringify({
      smart_tv_remote: { '1': ['section_0'], '2': ['section_1'] },
      s10: { '3': ['section_0'], '4': ['section_1'] },
    }),
  );
};

describe('npm run eval with a model configured', () => {
  let folder: string;
  let model: Awaited<ReturnType<typeof startFakeChatServer>>;
  let harness: EvalHarness;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'frontdesk-eval-'));
    await writeManuals(folder);
    // A model that answers only when the question's subject is in a source, citing that source.
    model = await startFakeChatServer((request) => {
      const { data, question } = promptParts(request);
      const subject = /game mode|sleep timer|fingerprint|powershare/i.exec(question)?.[0] ?? '';
      const sources = [...data.matchAll(/<source id="(\d+)">\n([^<]*)/g)];
      const cited = sources.find((s) => subject && s[2]!.toLowerCase().includes(subject.toLowerCase()));
      return {
        reply: cited
          ? {
              reply: 'Here is how.',
              known: true,
              sources: [Number(cited[1])],
              intent: 'other',
              sentiment: 'neutral',
            }
          : {
              reply: "I don't have that information; reply YES and a person from the team will help.",
              known: false,
              sources: [],
              intent: 'other',
              sentiment: 'neutral',
            },
      };
    });
    harness = await startEvalHarness({
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_API_KEY: 'sk-test',
      LLM_MAX_RETRIES: '0',
    });
  });
  afterAll(async () => {
    await harness?.close();
    await model?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("scores the model chain's replies (declined or grounded, sources cited) and says it measured them", async () => {
    const scores = await evaluateEmanual(folder, harness);

    expect(harness.measured).toMatch(
      /^model chain: llm chain \(gpt-4o-mini@127\.0\.0\.1:\d+ -> extractive\), with the query rewrite step$/,
    );
    expect(scores).toMatchObject({
      inScopeQuestions: 4,
      outOfScopeQuestions: 4,
      outOfScopeRefusalRate: 1,
      inScopeFalseRefusalRate: 0,
      inScopeGoldInSources: 1,
    });
    // Nothing is fitted when the model decides: no floor, no curve.
    expect(scores.crossManual).toBeUndefined();
    expect(model.received.length).toBeGreaterThanOrEqual(8);
  });

  it('reports PolicyQA beside a random ranking of the same chunks, with chunk counts', async () => {
    const file = join(folder, 'squad.json');
    const context = 'We share your email address with our payment processor only. We keep logs for 30 days.';
    await writeFile(
      file,
      JSON.stringify({
        data: [
          {
            title: 'example.com',
            paragraphs: [
              {
                context,
                qas: [
                  {
                    question: 'How long are logs kept?',
                    answers: [{ text: '30 days', answer_start: context.indexOf('30 days') }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );

    const scores = await evaluatePolicyQa(file, harness);

    expect(scores).toMatchObject({ questions: 1, recallAt1: 1, chunks: 1, tenants: 1 });
    expect(scores.meanWordsPerChunk).toBe(16);
    expect(scores.random).toMatchObject({ questions: 1, recallAt1: 1 });
  });
});
