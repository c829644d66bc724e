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
  const rows = { step: 1, lineStep: width, lines: height, length: width };
  const columns = { step: width, lineStep: 1, lines: width, length: height };
  const maxThick = Math.max(3, MAX_RULE_THICKNESS_SHARE * Math.max(width, height));
  // Ink in a long run along a row, then how thick that band of long runs is down its column
  // (where a box's side meets its top, the side is not part of the top's thickness).
  const across = longRuns(ink, rows, Math.max(2, MIN_RULE_SHARE * width));
  const acrossThickness = runLengths(across, columns);
  const down = longRuns(ink, columns, Math.max(2, MIN_RULE_SHARE * height));
  const downThickness = runLengths(down, rows);
  const out = new Uint8Array(data);
  for (let pixel = 0; pixel < out.length; pixel++) {
    const rule =
      (across[pixel] && acrossThickness[pixel]! <= maxThick) ||
      (down[pixel] && downThickness[pixel]! <= maxThick);
    if (rule) out[pixel] = 255;
  }
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

/** 1 where the pixel belongs to a run of set pixels at least `min` long along the lines. */
const longRuns = (mask: Uint8Array, lines: Lines, min: number): Uint8Array => {
  return Uint8Array.from(runLengths(mask, lines), (length) => (length >= min ? 1 : 0));
};

/** For every pixel, the length of the run of set pixels it belongs to along the lines (0 if unset). */
const runLengths = (mask: Uint8Array, { step, lineStep, lines, length }: Lines): Uint32Array => {
  const runs = new Uint32Array(mask.length);
  for (let line = 0; line < lines; line++) {
    const start = line * lineStep;
    let runStart = 0;
    for (let i = 0; i <= length; i++) {
      if (i < length && mask[start + i * step]) continue;
      for (let j = runStart; j < i; j++) runs[start + j * step] = i - runStart;
      runStart = i + 1;
    }
  }
  return runs;
};
