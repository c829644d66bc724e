import { describe, expect, it } from 'vitest';
import { asksForPerson, classifyIntent, classifySentiment } from '../../functions/insights/classify.js';

describe('rule-based insights', () => {
  it.each([
    ['What time do you open on Sunday?', 'hours'],
    ['How much is a haircut?', 'pricing'],
    ['¿Cuánto cuesta el menú?', 'pricing'],
    ['Can I book a table for four?', 'booking'],
    ['Where are you located?', 'location'],
    ['Where is my order? It has not shipped', 'order_status'],
    ['I want a refund, this is unacceptable', 'complaint'],
    ['Can I talk to a real person?', 'human_request'],
    ['Hello!', 'greeting'],
    ['Do you like jazz?', 'other'],
  ])('labels "%s" as %s', (text, intent) => {
    expect(classifyIntent(text)).toBe(intent);
  });

  it.each([
    ['Thanks, that was really helpful!', 'positive'],
    ['The food was terrible and cold', 'negative'],
    ['It was not good at all', 'negative'],
    ['Merci, génial !', 'positive'],
    ['What are your hours?', 'neutral'],
  ])('reads the sentiment of "%s" as %s', (text, sentiment) => {
    expect(classifySentiment(text)).toBe(sentiment);
  });

  it('knows when a customer asks for a person in so many words', () => {
    expect(asksForPerson('Can I speak to a human please')).toBe(true);
    expect(asksForPerson('quiero hablar con una persona')).toBe(true);
    expect(asksForPerson('Is the person who cuts hair there on Monday?')).toBe(false);
  });
});
