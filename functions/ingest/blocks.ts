/**
 * The structure an extractor hands to the chunker: what each piece of text is, so chunks can
 * follow headings, keep a question with its answer and repeat a table's header on every row.
 */
export type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  /** A table or CSV row, already joined with its headers: `Item: Pizza; Price: 9`. */
  | { kind: 'row'; text: string }
  | { kind: 'page'; number: number };

export interface Extraction {
  blocks: Block[];
  /** Pages for PDFs; 1 for everything else. */
  pages: number;
}

/** Splits plain text into paragraphs at blank lines. */
export const paragraphsOf = (text: string): Block[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
    .map((p) => ({ kind: 'paragraph', text: p }));
