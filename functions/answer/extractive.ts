import type { Channel } from '../contracts/messages.js';
import type { SearchHit } from '../knowledge/knowledge-index.js';
import { sentences, terms } from '../knowledge/text.js';
import type { Answer, Answerer, AnswerInput } from './answerer.js';
import { customerReplies } from './customer-replies.js';

export interface ExtractiveOptions {
  /** Hits whose evidence (how much of the question they cover) is below this are not answers. */
  relevanceFloor?: number;
}

/** The longest quote per channel: a phone answer is heard, an SMS is paid per 160 characters. */
const MAX_QUOTE_CHARS: Record<Channel, number> = {
  voice: 240,
  sms: 300,
  whatsapp: 480,
  messenger: 480,
  instagram: 480,
  // A chat panel on a web page has room, and no per-message price.
  web: 600,
};
/** A sentence this short says little alone ("Delivery:"); the next one joins it. */
const SHORT_SENTENCE = 60;

/**
 * Answers with no language model: the sentence or two of the best-covering passage that answer,
 * quoted with the business's name, plus a second passage's when it is nearly as good and the
 * channel has room. When no passage covers enough of the question, it says so in the customer's
 * language and offers a person. It never writes a fact that is not in a passage.
 */
export const createExtractiveAnswerer = (options: ExtractiveOptions = {}): Answerer => {
  const floor = options.relevanceFloor ?? DEFAULT_RELEVANCE_FLOOR;

  return {
    kind: 'extractive',
    async answer(input: AnswerInput): Promise<Answer> {
      const say = customerReplies(input.language);
      const relevant = input.hits.filter((h) => h.score >= floor).sort((a, b) => b.score - a.score);
      const [top, next] = relevant;
      if (!top)
        return {
          text: say.notKnown(input.businessName),
          grounded: false,
          sources: [],
          answeredBy: 'extractive',
        };
      const room = MAX_QUOTE_CHARS[input.channel];
      const first = quoteOf(top, input.question, room);
      const used: SearchHit[] = [top];
      const quotes = [first];
      if (next && next.score >= top.score * 0.9 && next.documentId !== top.documentId) {
        const second = quoteOf(next, input.question, room - first.length);
        if (second && second !== first) {
          used.push(next);
          quotes.push(second);
        }
      }
      return {
        text: say.quoting(input.businessName, quotes),
        grounded: true,
        sources: used.map(({ documentId, chunk }) => ({ documentId, chunk })),
        answeredBy: 'extractive',
      };
    },
  };
};

/**
 * The relevance floor measured on E-Manual (BENCHMARKS.md): fitted on one manual's askers it
 * declined most of the other manual's out-of-scope questions while keeping its in-scope ones.
 */
export const DEFAULT_RELEVANCE_FLOOR = 0.7;

/**
 * The sentence of the passage sharing the most question terms, with its neighbour when that one
 * shares terms too or the first is too short to stand alone; cut to `room` characters at a word.
 */
const quoteOf = (hit: SearchHit, question: string, room: number): string => {
  const all = sentences(hit.text);
  if (all.length === 0) return '';
  const wanted = new Set(terms(question));
  const overlap = (s: string) => terms(s).filter((t) => wanted.has(t)).length;
  let best = 0;
  all.forEach((s, i) => {
    if (overlap(s) > overlap(all[best]!)) best = i;
  });
  const picked = [all[best]!];
  const neighbour = all[best + 1];
  if (
    neighbour &&
    (overlap(neighbour) > 0 || picked[0]!.length < SHORT_SENTENCE) &&
    picked[0]!.length + neighbour.length + 1 <= room
  )
    picked.push(neighbour);
  return withFullStop(cut(picked.join(' '), room));
};

const cut = (text: string, room: number): string => {
  if (text.length <= room) return text;
  const head = text.slice(0, Math.max(0, room - 1));
  return `${head.slice(0, head.lastIndexOf(' ') > 0 ? head.lastIndexOf(' ') : head.length)}…`;
};

const withFullStop = (s: string): string => (s === '' || /[.!?…)"']$/.test(s) ? s : `${s}.`);
