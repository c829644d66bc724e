/** `npm run build:console`: builds the owner console and prints its page weight. */
import { buildConsole } from '../console/build.js';

const { outDir, weight, total } = buildConsole();
for (const { file, bytes, gzipBytes } of weight)
  console.log(`  ${file.padEnd(12)} ${String(bytes).padStart(7)} B  ${String(gzipBytes).padStart(6)} B gzip`);
console.log(
  `  ${'total'.padEnd(12)} ${String(total.bytes).padStart(7)} B  ${String(total.gzipBytes).padStart(6)} B gzip`,
);
console.log(`Console built in ${outDir}`);
