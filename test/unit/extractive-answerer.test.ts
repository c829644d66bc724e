import { describe, expect, it } from 'vitest';
import { createExtractiveAnswerer } from '../../functions/answer/extractive.js';

const answerer = createExtractiveAnswerer();
const hit = (text: string, score: number, documentId = 'd1') => ({ documentId, chunk: 0, score, text });

describe('extractive answerer', () => {
  it('answers with the best passage in a sentence naming the business', async () => {
    const answer = await answerer.answer({
      businessName: 'Bella Pizza',
      question: 'When do you open?',
      channel: 'sms',
      hits: [hit('We open at 11am every day', 0.9), hit('Parking is free', 0.2, 'd2')],
    });
    expect(answer.text).toBe('According to Bella Pizza: We open at 11am every day.');
    expect(answer.grounded).toBe(true);
    expect(answer.sources).toEqual([{ documentId: 'd1', chunk: 0 }]);
  });

  it('adds a second passage only when it is nearly as relevant', async () => {
    const answer = await answerer.answer({
      businessName: 'Bella Pizza',
      question: 'pizza prices',
      channel: 'sms',
      hits: [hit('A large pizza costs $14.', 0.8), hit('A small pizza costs $9.', 0.78, 'd2')],
    });
    expect(answer.text).toContain('$14');
    expect(answer.text).toContain('$9');
  });

  it('says it does not know, and offers a person, when nothing clears the floor', async () => {
    const answer = await answerer.answer({
      businessName: 'Smile Dental',
      question: 'Do you sell pizza?',
      channel: 'sms',
      hits: [hit('Teeth whitening costs $199.', 0.3)],
    });
    expect(answer.grounded).toBe(false);
    expect(answer.text).toMatch(/don't have that information about Smile Dental/);
    expect(answer.text).toMatch(/Reply YES/);
    expect(answer.text).not.toContain('$199');
  });

  it('quotes only the sentences of a long passage that answer', async () => {
    const passage = `${'Our story began in Naples in 1952 with a small oven. '.repeat(8)}Delivery costs $3 within 5 km.`;
    const answer = await answerer.answer({
      businessName: 'Bella Pizza',
      question: 'How much does delivery cost?',
      channel: 'sms',
      hits: [hit(passage, 0.9)],
    });
    expect(answer.text).toBe('According to Bella Pizza: Delivery costs $3 within 5 km.');
  });
});
