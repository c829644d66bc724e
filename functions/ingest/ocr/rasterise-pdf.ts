import { createIsomorphicCanvasFactory, getDocumentProxy, renderPageAsImage } from 'unpdf';
import { DocumentRejectedError } from '../errors.js';

/** About 200 dpi for a letter page: Tesseract reads small print well from there. */
const TARGET_WIDTH_PX = 1700;

/**
 * Renders each page of a scanned PDF to a PNG with pdf.js and the `@napi-rs/canvas` renderer
 * (a prebuilt binary inside its npm package; loaded only when a scan arrives), at most
 * `maxPages` pages, one at a time so only one page image is held.
 */
export async function* rasterisePdf(
  bytes: Uint8Array,
  filename: string,
  maxPages: number,
): AsyncGenerator<Uint8Array> {
  const canvasImport = () => import('@napi-rs/canvas');
  // The document's own canvas factory paints its images; without it pdf.js has no canvas in Node.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), {
    verbosity: 0,
    isEvalSupported: false,
    CanvasFactory: await createIsomorphicCanvasFactory(canvasImport),
  });
  try {
    if (pdf.numPages > maxPages) {
      throw new DocumentRejectedError(
        'too-long',
        `"${filename}" is a scan of ${pdf.numPages} pages; at most ${maxPages} scanned pages are read. Upload the pages customers ask about`,
      );
    }
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const { width } = page.getViewport({ scale: 1 });
      page.cleanup();
      const png = await renderPageAsImage(pdf, number, {
        canvasImport,
        scale: Math.min(4, TARGET_WIDTH_PX / Math.max(1, width)),
      });
      yield new Uint8Array(png);
    }
  } finally {
    await pdf.destroy();
  }
}
