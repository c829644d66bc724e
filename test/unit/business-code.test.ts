import { describe, expect, it } from 'vitest';
import {
  BUSINESS_CODE_PATTERN,
  businessCodeStem,
  makeBusinessCode,
} from '../../functions/conversation/business-code.js';

describe('business codes', () => {
  it('takes up to 8 lowercase letters or digits of the name, then _ and 4 digits', () => {
    expect(makeBusinessCode('Bella Pizza', () => 4821)).toBe('bellapiz_4821');
    expect(makeBusinessCode('Dr. Ng', () => 7)).toBe('drng_0007');
  });

  it('folds accents and drops everything else', () => {
    expect(businessCodeStem('Café Olé!')).toBe('cafeole');
    expect(businessCodeStem('  24/7 Plumbing  ')).toBe('247plumb');
  });

  it('falls back to a generic stem for names with no ASCII letters', () => {
    expect(businessCodeStem('寿司')).toBe('biz');
  });

  it('always matches the pattern customers type', () => {
    for (const name of ['Bella Pizza', 'Café Olé', '寿司', 'A']) {
      expect(makeBusinessCode(name)).toMatch(BUSINESS_CODE_PATTERN);
    }
  });
});
