/**
 * Text for a tenant at its knowledge quota: passages of about 300 words drawn from a 20,000-word
 * vocabulary with Zipf frequencies (as in real prose: few words very often, most rarely), mixed
 * with English function words, on a fixed seed so every run indexes the same text.
 */

const SYLLABLES = [
  'ka',
  'lo',
  'mer',
  'tin',
  'sa',
  'vel',
  'dor',
  'pi',
  'rum',
  'est',
  'on',
  'bra',
  'ci',
  'fen',
  'gal',
  'hu',
];
const FUNCTION_WORDS = [
  'the',
  'and',
  'of',
  'to',
  'a',
  'in',
  'is',
  'for',
  'with',
  'on',
  'that',
  'by',
  'our',
  'are',
];
const VOCABULARY_SIZE = 20_000;

/** mulberry32: small, fast, good enough for test text. */
export const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const vocabulary = (): string[] => {
  const words: string[] = [];
  for (let i = 0; words.length < VOCABULARY_SIZE; i++) {
    let n = i;
    let word = '';
    do {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    if (word.length >= 3) words.push(word);
  }
  return words;
};

export const createKnowledgeCorpus = (seed = 12) => {
  const random = seededRandom(seed);
  const words = vocabulary();
  // Zipf (s = 1): cumulative weights 1/1 + 1/2 + ... searched by bisection.
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= words.length; rank++) {
    total += 1 / rank;
    cumulative.push(total);
  }
  const zipfWord = () => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return words[low]!;
  };
  const passage = (wordCount: number): string => {
    const out: string[] = [];
    let count = 0;
    while (count < wordCount) {
      const sentence = Array.from({ length: 8 + Math.floor(random() * 12) }, () =>
        random() < 0.35 ? FUNCTION_WORDS[Math.floor(random() * FUNCTION_WORDS.length)]! : zipfWord(),
      );
      sentence[0] = sentence[0]!.charAt(0).toUpperCase() + sentence[0]!.slice(1);
      out.push(`${sentence.join(' ')}.`);
      count += sentence.length;
    }
    return out.join(' ');
  };
  return {
    passage,
    /** A question of a few mid-frequency words, as a customer would ask it. */
    question: () =>
      `Do you have ${words[200 + Math.floor(random() * 2000)]} or ${words[200 + Math.floor(random() * 2000)]}?`,
  };
};
