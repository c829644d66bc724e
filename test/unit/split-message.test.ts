import { describe, expect, it } from 'vitest';
import { splitMessage } from '../../functions/channels/split.js';

describe('splitMessage', () => {
  it('keeps a short reply whole', () => {
    expect(splitMessage('  Open at 11am.  ', 1600)).toEqual(['Open at 11am.']);
  });

  it('splits at sentence boundaries and never exceeds the limit', () => {
    const sentence = 'We are open Monday to Saturday from eleven in the morning. ';
    const text = sentence.repeat(60);
    const parts = splitMessage(text, 1600);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect([...part].length).toBeLessThanOrEqual(1600);
      expect(part.endsWith('.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(text.trim());
  });

  it('prefers paragraph breaks', () => {
    const parts = splitMessage(`${'a'.repeat(30)}\n\n${'b'.repeat(30)}`, 40);
    expect(parts).toEqual(['a'.repeat(30), 'b'.repeat(30)]);
  });

  it('cuts a word longer than the limit and never splits a surrogate pair', () => {
    const parts = splitMessage('😀'.repeat(25), 10);
    expect(parts.map((p) => [...p].length)).toEqual([10, 10, 5]);
    expect(parts.join('')).toBe('😀'.repeat(25));
  });
});
