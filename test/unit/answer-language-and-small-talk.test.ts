import { describe, expect, it } from 'vitest';
import { customerReplies } from '../../functions/answer/customer-replies.js';
import { createExtractiveAnswerer } from '../../functions/answer/extractive.js';
import { leansOnContext, searchQueryFor } from '../../functions/answer/follow-up.js';
import { detectCustomerLanguage, detectLanguage } from '../../functions/answer/language.js';
import { LANGUAGES } from '../../functions/answer/language-codes.js';
import { smallTalkOf } from '../../functions/answer/small-talk.js';
import { gapKeyOf, isRealQuestion } from '../../functions/insights/gaps.js';
import { LexicalIndex } from '../../functions/knowledge/lexical-index.js';

describe('small talk', () => {
  it('recognises greetings, thanks, goodbyes and acknowledgements, with their language', () => {
    expect(smallTalkOf('hi')).toEqual({ kind: 'greeting', language: 'en' });
    expect(smallTalkOf('Hello? Anyone?')).toEqual({ kind: 'greeting', language: 'en' });
    expect(smallTalkOf('YES')).toEqual({ kind: 'acknowledgement', language: 'en' });
    expect(smallTalkOf('ok thanks, bye!')).toMatchObject({ kind: 'goodbye' });
    expect(smallTalkOf('¡Muchas gracias!')).toEqual({ kind: 'thanks', language: 'es' });
    expect(smallTalkOf('Olá')).toEqual({ kind: 'greeting', language: 'pt' });
    expect(smallTalkOf('Vielen Dank')).toEqual({ kind: 'thanks', language: 'de' });
    expect(smallTalkOf('hi Bella Pizza', 'Bella Pizza')).toMatchObject({ kind: 'greeting' });
  });

  it('leaves anything with a question in it to the answerer', () => {
    expect(smallTalkOf('hi, do you deliver?')).toBeUndefined();
    expect(smallTalkOf('thanks, and how much is parking?')).toBeUndefined();
  });

  it('never makes small talk or wordless messages a gap, and merges reworded questions', () => {
    expect(isRealQuestion('YES')).toBe(false);
    expect(isRealQuestion('Hello? Anyone?')).toBe(false);
    expect(isRealQuestion('???')).toBe(false);
    expect(isRealQuestion('Do you sell gift vouchers?')).toBe(true);
    expect(gapKeyOf('Is there a student discount?')).toBe(gapKeyOf('Do you have student discounts?'));
    expect(gapKeyOf('Is there a student discount?')).not.toBe(gapKeyOf('Is there a senior discount?'));
  });
});

describe('follow-ups', () => {
  const booking = [
    { role: 'customer' as const, text: 'Can I book a table for 6?' },
    { role: 'assistant' as const, text: 'Book a table by calling 555-0100.' },
  ];

  it('reads "Is there parking?" on its own, and "and on Sundays?" against the history', () => {
    expect(leansOnContext('Is there parking?')).toBe(false);
    expect(searchQueryFor('Is there parking?', booking)).toBe('Is there parking?');
    expect(leansOnContext('Can I park there?')).toBe(true);
    expect(leansOnContext('and on Sundays?')).toBe(true);
    expect(leansOnContext('how much is it?')).toBe(true);
    expect(searchQueryFor('how much is it?', booking)).toContain('book a table');
  });
});

describe('language', () => {
  it('tells short chat messages apart in the five languages it replies in', () => {
    expect(detectLanguage('Do you take credit cards?')).toBe('en');
    expect(detectLanguage('¿Aceptan tarjeta de crédito?')).toBe('es');
    expect(detectLanguage('Posso levar meu cachorro?')).toBe('pt');
    expect(detectLanguage('Acceptez-vous les cartes de crédit ?')).toBe('fr');
    expect(detectLanguage('Kann ich mit Kreditkarte zahlen?')).toBe('de');
  });

  it("falls back to the customer's earlier messages, then the business's language", () => {
    const history = [{ role: 'customer' as const, text: 'Quero reservar uma mesa para 6' }];
    expect(detectCustomerLanguage('A que horas abrem?', history)).toBe('pt');
    expect(detectCustomerLanguage('A que horas abrem?', [], 'Portuguese')).toBe('pt');
    expect(detectCustomerLanguage('12', [], undefined)).toBe('en');
  });

  it('has every customer reply in every language, each one different from English', () => {
    const english = customerReplies('en');
    for (const code of LANGUAGES.filter((c) => c !== 'en')) {
      const say = customerReplies(code);
      expect(say.notKnown('X')).not.toBe(english.notKnown('X'));
      expect(say.smallTalk('greeting', 'X')).toContain('X');
      expect(say.handoffDone('X')).not.toBe(english.handoffDone('X'));
      expect(say.rateLimited()).not.toBe(english.rateLimited());
      expect(say.truncatedNotice(9)).toContain('9');
    }
  });
});

describe('refusal evidence and quoting', () => {
  const index = new LexicalIndex();
  index.replaceDocument('facts', [
    { documentId: 'facts', chunk: 0, text: 'Parking is free behind the restaurant on Elm Street.' },
    { documentId: 'facts', chunk: 1, text: "We're open Monday to Saturday from 11am to 10pm." },
    { documentId: 'facts', chunk: 2, text: 'We deliver within 5 km of the restaurant for a $3 fee.' },
  ]);
  const best = (question: string) => Math.max(0, ...index.query(question, 5).map((h) => h.score));

  it('scores a passage by how much of the question it covers, weighing rare words most', () => {
    expect(best('Do you have gluten-free pizza?')).toBeLessThan(0.5);
    expect(best('What are your opening hours?')).toBe(1);
    expect(best('Do you deliver to my house?')).toBe(1);
    expect(best('Is there parking?')).toBe(1);
  });

  it('quotes within the channel length: a call gets less than a chat', async () => {
    const passage = `${'Our ovens came from Naples and we bake every loaf by hand in small batches. '.repeat(3)}Delivery costs $3 within 5 km and takes about 40 minutes to most of the city.`;
    const answerer = createExtractiveAnswerer({ relevanceFloor: 0.5 });
    const hit = { documentId: 'd', chunk: 0, score: 0.9, text: passage };
    const voice = await answerer.answer({
      businessName: 'B',
      question: 'How much is delivery?',
      channel: 'voice',
      hits: [hit],
    });
    expect(voice.text).toBe(
      'According to B: Delivery costs $3 within 5 km and takes about 40 minutes to most of the city.',
    );
    expect(voice.text.length).toBeLessThanOrEqual(240 + 'According to B: '.length);
  });
});
