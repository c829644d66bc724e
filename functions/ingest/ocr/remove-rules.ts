import { type Grey, INK_BELOW } from './pixels.js';

/** A rule spans at least this share of the page's width (or height, for a vertical one)... */
const MIN_RULE_SHARE = 0.1;
/** ...and is at most this share of the page's height (or width) thick: a line, not a dark area. */
const MAX_RULE_THICKNESS_SHARE = 0.01;

/**
 * Paints out the long, thin lines of a scanned page (table rules, boxes drawn round prices,
 * underlines) before Tesseract reads it. Tesseract's page layout analysis takes a box round a
 * word for part of the text, and reads a column of boxed labels as one garbled line across them
 * (a fax of six boxed labels read as "XIN) CH XE) 1X) XC" at 39%; without the boxes, the labels
 * themselves). Glyph strokes are far shorter than a tenth of the page, and a solid dark band (a
 * header with white letters) is thicker than a rule, so both are kept.
 */
export const removeRules = (page: Grey): Grey => {
  const { width, height, data } = page;
  const ink = data.map((level) => (level < INK_BELOW ? 1 : 0));
  const rows: Lines = { step: 1, lineStep: width, lines: height, length: width };
  const columns: Lines = { step: width, lineStep: 1, lines: width, length: height };
  const maxThick = Math.max(3, MAX_RULE_THICKNESS_SHARE * Math.max(width, height));
  const out = new Uint8Array(data);
  const paintOut = (start: number, end: number, { step }: Lines) => {
    for (let pixel = start; pixel < end; pixel += step) out[pixel] = 255;
  };
  // Ink in a long run along a row; of that, the bands at most a rule thick down each column
  // (where a box's side meets its top, the side is no part of the top's thickness). Then the
  // same with rows and columns swapped.
  const across = new Uint8Array(ink.length);
  eachRun(ink, rows, Math.max(2, MIN_RULE_SHARE * width), Number.POSITIVE_INFINITY, (start, end) => {
    for (let pixel = start; pixel < end; pixel++) across[pixel] = 1;
  });
  eachRun(across, columns, 1, maxThick, (start, end) => paintOut(start, end, columns));
  const down = new Uint8Array(ink.length);
  eachRun(ink, columns, Math.max(2, MIN_RULE_SHARE * height), Number.POSITIVE_INFINITY, (start, end) => {
    for (let pixel = start; pixel < end; pixel += width) down[pixel] = 1;
  });
  eachRun(down, rows, 1, maxThick, (start, end) => paintOut(start, end, rows));
  return { width, height, data: out };
};

interface Lines {
  /** From one pixel of a line to the next. */
  step: number;
  /** From the first pixel of one line to the first of the next. */
  lineStep: number;
  lines: number;
  length: number;
}

/**
 * Calls `found(first pixel, one step past the last)` for every run of set pixels along the lines
 * whose length is between `min` and `max`.
 */
const eachRun = (
  mask: Uint8Array,
  { step, lineStep, lines, length }: Lines,
  min: number,
  max: number,
  found: (start: number, end: number) => void,
) => {
  for (let line = 0; line < lines; line++) {
    const first = line * lineStep;
    let runStart = 0;
    for (let i = 0; i <= length; i++) {
      if (i < length && mask[first + i * step]) continue;
      const run = i - runStart;
      if (run > 0 && run >= min && run <= max) found(first + runStart * step, first + i * step);
      runStart = i + 1;
    }
  }
};
