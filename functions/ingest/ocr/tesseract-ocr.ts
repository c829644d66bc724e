import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RecognisedPage } from './recognised-text.js';

type Tesseract = typeof import('tesseract.js');
type TesseractWorker = Awaited<ReturnType<Tesseract['createWorker']>>;

let worker: Promise<TesseractWorker> | undefined;

/**
 * The English model shipped inside `@tesseract.js-data/eng` (LSTM, best_int): read from disk,
 * never downloaded. tesseract.js's wasm core comes from `tesseract.js-core`, also on disk.
 */
const languagePath = (): string => {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
};

/**
 * One Tesseract worker per extraction thread, started on the first scan or photo (tesseract.js
 * and its 14 MB model are loaded only then) and reused after.
 */
const tesseract = (): Promise<TesseractWorker> => {
  worker ??= import('tesseract.js').then(({ createWorker, OEM }) =>
    createWorker('eng', OEM.LSTM_ONLY, { langPath: languagePath(), cacheMethod: 'none', gzip: true }),
  );
  return worker;
};

/** Fewer characters than this from the page layout analysis: try again as scattered text. */
const SPARSE_RETRY_CHARACTERS = 8;

/**
 * Reads the text of one image (PNG, JPEG, BMP...), line by line with each line's confidence.
 * Tesseract's page layout analysis can miss text set in boxes or scattered over the page (a
 * price board, a poster): when it finds almost nothing, the image is read again as sparse text.
 */
export const recogniseImage = async (image: Uint8Array): Promise<RecognisedPage> => {
  const engine = await tesseract();
  const { PSM } = await import('tesseract.js');
  await engine.setParameters({ tessedit_pageseg_mode: PSM.AUTO });
  const page = await read(engine, image);
  if (page.reduce((sum, line) => sum + line.text.trim().length, 0) >= SPARSE_RETRY_CHARACTERS) return page;
  await engine.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT });
  return read(engine, image);
};

const read = async (engine: TesseractWorker, image: Uint8Array): Promise<RecognisedPage> => {
  const { data } = await engine.recognize(Buffer.from(image), {}, { blocks: true, text: true });
  const page: RecognisedPage = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) page.push({ text: line.text, confidence: line.confidence });
      page.push({ text: '', confidence: 100 });
    }
  }
  return page;
};
