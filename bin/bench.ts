/**
 * `npm run bench -- --json <out> --corpus <folder of PDFs>`: bundle sizes and cold init of every
 * function, webhook latency and throughput, answer-worker overhead, ingest throughput, the first
 * search after a knowledge change at the knowledge quota, and the cost of 1,000 answered
 * messages. Prints a table and writes the figures as JSON. `--only knowledge` runs just the
 * knowledge-index part.
 * `npm run bench -- --bombs [--json <out>]`: only the parser bombs, seconds to `failed` and peak RSS.
 * `npm run bench -- --people [--base <other checkout>] [--json <out>]`: what accounts cost (issue 14):
 * bundle and init of the admin API and answer worker, and auth per request, key against ID token.
 */
import { fileURLToPath } from 'node:url';
import { runBenchCli } from '../tools/bench/cli.js';

await runBenchCli(process.argv.slice(2), fileURLToPath(import.meta.url));
