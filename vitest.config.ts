import { defineConfig } from 'vitest/config';

/**
 * pdf.js rejects some of its own internal promises on damaged cross-reference tables
 * (seen as `XRefEntryException` while fuzzing broken PDFs); nothing outside pdf.js can await
 * them, and the extraction itself still ends in a clear rejection, which the tests assert. In
 * Lambda such a stray rejection fails that invocation: the ingest message is retried and, on
 * its last receive, the document is marked failed (test/integration/ingest-crash.test.ts).
 * Only pdf.js's own exception types are let through here; any other unhandled error fails the run.
 */
const PDFJS_INTERNAL_ERRORS = new Set([
  'XRefEntryException',
  'XRefParseException',
  'FormatError',
  'InvalidPDFException',
  'MissingDataException',
  'ParserEOFException',
  'UnknownErrorException',
]);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Property tests run on a fixed seed unless FAST_CHECK_SEED says otherwise (test:fuzz:explore).
    setupFiles: ['test/fuzz/property-seed.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: {
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    onUnhandledError(error) {
      const name = (error as { name?: string } | undefined)?.name;
      if (name && PDFJS_INTERNAL_ERRORS.has(name)) return false;
    },
  },
});
