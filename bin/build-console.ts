/** `npm run build:console`: builds the owner console and the chat widget, and prints their weight. */
import { buildConsole } from '../console/build.js';
import { buildWidget, WIDGET_GZIP_BUDGET_BYTES } from '../widget/build.js';

const { outDir, weight, total } = buildConsole();
for (const { file, bytes, gzipBytes } of weight)
  console.log(`  ${file.padEnd(12)} ${String(bytes).padStart(7)} B  ${String(gzipBytes).padStart(6)} B gzip`);
console.log(
  `  ${'total'.padEnd(12)} ${String(total.bytes).padStart(7)} B  ${String(total.gzipBytes).padStart(6)} B gzip`,
);
console.log(`Console built in ${outDir}`);
const widget = buildWidget();
console.log(
  `  ${'widget.js'.padEnd(12)} ${String(widget.bytes).padStart(7)} B  ${String(widget.gzipBytes).padStart(6)} B gzip  (what a business's page loads; budget ${WIDGET_GZIP_BUDGET_BYTES} B gzip)`,
);
console.log(`Widget built in ${widget.file}`);
if (widget.gzipBytes > WIDGET_GZIP_BUDGET_BYTES) {
  console.error(`widget.js is over its budget: ${widget.gzipBytes} B gzip > ${WIDGET_GZIP_BUDGET_BYTES} B`);
  process.exitCode = 1;
}
