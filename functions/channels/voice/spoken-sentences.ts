import { toSpeech } from './speakable.js';

/** Past this, a clause boundary (comma, semicolon) is good enough to start speaking. */
const LONG_CLAUSE_CHARS = 120;

/**
 * Cuts a reply arriving in pieces into speakable sentences, so speech starts after the first
 * sentence rather than the whole answer. A sentence ends at `.`, `!` or `?` once the next one
 * visibly starts (so "9 a.m. to 5" stays whole), or at a line break. Each sentence is made
 * speakable on its own (`toSpeech`: no links or markdown, numbers as said).
 *
 * @example
 * const s = new SpokenSentences();
 * s.push('We open at 9am. Call +1 555');  // ['We open at 9 a.m.']
 * s.push(' 123 4567.');                    // []
 * s.end();                                 // ['Call 1, 5 5 5, 1 2 3, 4 5 6 7.']
 */
export class SpokenSentences {
  private buffer = '';

  push(delta: string): string[] {
    this.buffer += delta;
    const out: string[] = [];
    for (;;) {
      const boundary = this.nextBoundary();
      if (boundary === undefined) break;
      const sentence = this.buffer.slice(0, boundary);
      this.buffer = this.buffer.slice(boundary);
      const spoken = speakable(sentence);
      if (spoken) out.push(spoken);
    }
    return out;
  }

  /** Whatever is left once the reply is complete. */
  end(): string[] {
    const rest = speakable(this.buffer);
    this.buffer = '';
    return rest ? [rest] : [];
  }

  private nextBoundary(): number | undefined {
    const sentence = /[.!?]+["')\]]*\s+(?=["'(\p{Lu}\p{Lo}])|\n+/u.exec(this.buffer);
    if (sentence) return sentence.index + sentence[0].length;
    if (this.buffer.length > LONG_CLAUSE_CHARS) {
      const clause = /[,;:]\s+(?=\S)/g;
      let last: RegExpExecArray | null = null;
      for (let m = clause.exec(this.buffer); m; m = clause.exec(this.buffer)) last = m;
      if (last) return last.index + last[0].length;
    }
    return undefined;
  }
}

/** `toSpeech` without its length cap, and without the full stop it adds to a clause. */
const speakable = (text: string): string => {
  if (!text.trim()) return '';
  const spoken = toSpeech(text, Number.MAX_SAFE_INTEGER);
  return /[.!?]["')\]]*\s*$/.test(text) ? spoken : spoken.replace(/\.$/, '');
};
