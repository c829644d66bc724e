import { createIsomorphicCanvasFactory, getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { DocumentRejectedError } from '../errors.js';
import { greyPgm, inkAndPaper, toGrey } from './pixels.js';
import { removeRules } from './remove-rules.js';

/** About 200 dpi for a letter page: Tesseract reads small print well from there. */
const TARGET_WIDTH_PX = 1700;

/** pdf.js's `ImageKind.GRAYSCALE_1BPP`: an image of black and white pixels only. */
const ONE_BIT_IMAGE = 1;

/** One page of a scan, ready for OCR. */
export interface ScannedPage {
  /**
   * The page in grey (PGM), its rules painted out (`remove-rules.ts`); a bilevel page in black
   * and white only, so a coloured fill behind the scan (a blue page under white labels) is paper
   * rather than a grey Tesseract may take for ink.
   */
  image: Uint8Array;
  /**
   * Every image on the page is 1-bit (a fax, a scanner's black-and-white mode: CCITT, JBIG2):
   * each pixel is black or white, so the page cannot be blurry, whatever OCR makes of it.
   */
  bilevel: boolean;
}

type PdfPage = Awaited<ReturnType<Awaited<ReturnType<typeof getDocumentProxy>>['getPage']>>;

/**
 * Renders each page of a scanned PDF with pdf.js and the `@napi-rs/canvas` renderer (a prebuilt
 * binary inside its npm package; loaded only when a scan arrives), at most `maxPages` pages, one
 * at a time so only one page image is held.
 */
export async function* rasterisePdf(
  bytes: Uint8Array,
  filename: string,
  maxPages: number,
): AsyncGenerator<ScannedPage> {
  // The document's own canvas factory paints its images; without it pdf.js has no canvas in Node.
  const CanvasFactory = await createIsomorphicCanvasFactory(() => import('@napi-rs/canvas'));
  const pdf = await getDocumentProxy(new Uint8Array(bytes), {
    verbosity: 0,
    isEvalSupported: false,
    CanvasFactory,
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
      const bilevel = await onlyOneBitImages(page);
      const viewport = page.getViewport({
        scale: Math.min(4, TARGET_WIDTH_PX / Math.max(1, page.getViewport({ scale: 1 }).width)),
      });
      const canvases = new CanvasFactory();
      const drawing = canvases.create(viewport.width, viewport.height);
      await page.render({ canvas: drawing.canvas, canvasContext: drawing.context, viewport }).promise;
      const grey = toGrey(drawing.context.getImageData(0, 0, drawing.canvas.width, drawing.canvas.height));
      // The page's canvas (16 MB at this size) goes now, not whenever the collector finds it.
      canvases.destroy(drawing);
      page.cleanup();
      yield { image: greyPgm(removeRules(bilevel ? inkAndPaper(grey) : grey)), bilevel };
    }
  } finally {
    await pdf.destroy();
  }
}

/** Whether the page paints images and all of them are 1-bit (image masks are, by definition). */
const onlyOneBitImages = async (page: PdfPage): Promise<boolean> => {
  const { OPS } = await getResolvedPDFJS();
  const { fnArray, argsArray } = await page.getOperatorList();
  let images = 0;
  for (const [index, op] of fnArray.entries()) {
    if (op === OPS.paintImageMaskXObject || op === OPS.paintImageMaskXObjectGroup) {
      images++;
      continue;
    }
    if (op !== OPS.paintImageXObject && op !== OPS.paintInlineImageXObject) continue;
    images++;
    const argument = argsArray[index][0];
    const image =
      typeof argument === 'string'
        ? await new Promise<{ kind?: number } | null>((resolve) =>
            (argument.startsWith('g_') ? page.commonObjs : page.objs).get(argument, resolve),
          )
        : (argument as { kind?: number } | null);
    if (image?.kind !== ONE_BIT_IMAGE) return false;
  }
  return images > 0;
};
