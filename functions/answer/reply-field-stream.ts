/**
 * Reads the `reply` string of the answer JSON (`{"reply": "...", "known": ...}`) while the model
 * is still writing it, so the words can be spoken before the JSON is complete. Escapes are
 * decoded as they complete; an escape cut between two chunks waits for the next one.
 *
 * @example
 * const field = new ReplyFieldStream();
 * field.push('{"reply":"We open at 9');   // 'We open at 9'
 * field.push('am.\\n","known":true}');     // 'am.\n'
 */
export class ReplyFieldStream {
  private buffer = '';
  private state: 'seeking' | 'reading' | 'done' = 'seeking';

  /** The reply text that `chunk` completes, possibly empty. */
  push(chunk: string): string {
    if (this.state === 'done') return '';
    this.buffer += chunk;
    if (this.state === 'seeking') {
      const start = /"reply"\s*:\s*"/.exec(this.buffer);
      if (!start) {
        // Keep only a tail long enough to hold a split `"reply" : "`.
        if (this.buffer.length > 64) this.buffer = this.buffer.slice(-32);
        return '';
      }
      this.state = 'reading';
      this.buffer = this.buffer.slice(start.index + start[0].length);
    }
    return this.read();
  }

  get finished(): boolean {
    return this.state === 'done';
  }

  private read(): string {
    let out = '';
    let i = 0;
    while (i < this.buffer.length) {
      const c = this.buffer[i]!;
      if (c === '"') {
        this.state = 'done';
        this.buffer = '';
        return out;
      }
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      const next = this.buffer[i + 1];
      if (next === undefined) break;
      if (next === 'u') {
        const hex = this.buffer.slice(i + 2, i + 6);
        if (hex.length < 4) break;
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += 6;
        continue;
      }
      out += ESCAPES[next] ?? next;
      i += 2;
    }
    this.buffer = this.buffer.slice(i);
    return out;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
