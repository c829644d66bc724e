import fc from 'fast-check';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import type { Block } from '../../functions/ingest/blocks.js';
import { chunkBlocks } from '../../functions/ingest/chunker.js';
import { normalizeText } from '../../functions/ingest/normalize.js';

const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
const sentence = (n: number) => `Sentence number ${n} says something about the menu and its prices.`;

describe('chunkBlocks', () => {
  it('repeats the heading path at the top of every chunk under it', () => {
    // Prepare
    const blocks: Block[] = [
      { kind: 'heading', level: 1, text: 'Menu' },
      { kind: 'heading', level: 2, text: 'Pizzas' },
      paragraph('Margherita 9 euros.'),
      { kind: 'heading', level: 2, text: 'Drinks' },
      paragraph('Lemonade 3 euros.'),
    ];

    // Act
    const chunks = chunkBlocks(blocks);

    // Assess
    expect(chunks).toEqual(['Menu > Pizzas\nMargherita 9 euros.', 'Menu > Drinks\nLemonade 3 euros.']);
  });

  it('keeps a question with its answer even at a chunk boundary', () => {
    // Prepare
    const filler = Array.from({ length: 6 }, (_, i) => paragraph(sentence(i)));
    const blocks = [...filler, paragraph('Do you deliver on Sundays?'), paragraph('Yes, until 10 pm.')];

    // Act
    const chunks = chunkBlocks(blocks, { maxTokens: 60, overlapTokens: 0 });

    // Assess
    const withQuestion = chunks.filter((c) => c.includes('Do you deliver on Sundays?'));
    expect(withQuestion.length).toBeGreaterThan(0);
    expect(withQuestion.every((c) => c.includes('Do you deliver on Sundays?\nYes, until 10 pm.'))).toBe(true);
  });

  it('splits long text at sentences within the token budget, overlapping neighbours', () => {
    // Prepare
    const blocks = Array.from({ length: 40 }, (_, i) => paragraph(sentence(i)));

    // Act
    const chunks = chunkBlocks(blocks, { maxTokens: 80, overlapTokens: 20 });

    // Assess
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(countTokens(chunk)).toBeLessThanOrEqual(80);
    const last = (c: string) => c.split('\n').at(-1)!;
    expect(chunks[1]!.startsWith(last(chunks[0]!))).toBe(true);
  });

  it('cuts a single enormous sentence into token windows', () => {
    // Prepare
    const endless = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');

    // Act
    const chunks = chunkBlocks([paragraph(endless)], { maxTokens: 100, overlapTokens: 10 });

    // Assess
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(countTokens(chunk)).toBeLessThanOrEqual(101);
    expect(chunks.join(' ')).toContain('word1999');
  });

  it('keeps table rows whole and does not repeat identical chunks', () => {
    // Prepare
    const rows: Block[] = [
      { kind: 'row', text: 'Item: Pizza; Price: 9' },
      { kind: 'row', text: 'Item: Pasta; Price: 8' },
    ];

    // Act
    const chunks = chunkBlocks([...rows, { kind: 'heading', level: 1, text: 'Again' }, ...rows, ...rows]);

    // Assess
    expect(chunks[0]).toBe('Item: Pizza; Price: 9\nItem: Pasta; Price: 8');
    expect(new Set(chunks).size).toBe(chunks.length);
  });

  it('loses no word of the input, whatever the paragraphs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,12}( [a-z]{1,12}){0,40}$/), { minLength: 1, maxLength: 30 }),
        (texts) => {
          const chunks = chunkBlocks(texts.map(paragraph), { maxTokens: 50, overlapTokens: 10 });
          const words = new Set(chunks.join(' ').split(/\s+/));
          for (const text of texts) for (const word of text.split(' ')) expect(words.has(word)).toBe(true);
          for (const chunk of chunks) expect(countTokens(chunk)).toBeLessThanOrEqual(51);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('normalizeText', () => {
  it('folds ligatures, rejoins hyphenated line breaks and collapses whitespace', () => {
    expect(normalizeText('e\uFB00ective  \uFB01ne-\ntuning\r\n\r\n\r\nNext\u00a0line')).toBe(
      'effective finetuning\n\nNext line',
    );
  });

  it('drops control characters and restores spaces written as #', () => {
    expect(normalizeText('\u0019\u0008Hello\u200b')).toBe('Hello');
    expect(normalizeText('1101#Strayer#Drive#*#San#Jose')).toBe('1101 Strayer Drive * San Jose');
  });
});
