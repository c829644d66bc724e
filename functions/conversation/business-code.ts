import { randomInt } from 'node:crypto';

const MAX_STEM = 8;

/**
 * The letters a business code starts with: up to 8 lowercase ASCII letters or digits of the name,
 * accents folded (`Café Olé` -> `cafeole`).
 */
export const businessCodeStem = (name: string): string => {
  const stem = name
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, MAX_STEM);
  return stem || 'biz';
};

/**
 * A business code: the stem, `_`, and 4 digits.
 *
 * @example
 * makeBusinessCode('Bella Pizza') // 'bellapiz_4821'
 */
export const makeBusinessCode = (name: string, digits: () => number = () => randomInt(0, 10_000)): string =>
  `${businessCodeStem(name)}_${String(digits()).padStart(4, '0')}`;

export const BUSINESS_CODE_PATTERN = /^[a-z0-9]{1,8}_\d{4}$/;
