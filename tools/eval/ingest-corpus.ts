/**
 * The ingest evaluation (`npm run eval:ingest`): uploads every file under a
 * folder to a fresh local stack (in memory, embedded index: no embedding calls) exactly as an
 * owner would (presigned POST, multipart upload), waits for each document's final status, and
 * prints a table (file, status, reason, chunks, seconds), PDF throughput and the stack's peak
 * RSS. The stack runs in a child process, so a file that hangs the worker is caught by the
 * per-file timeout and the stack restarted. Exits 0 only if no file crashed or hung the worker.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { chunkBlocks } from '../../functions/ingest/chunker.js';
import { type DocumentKind, declaredKind, isImageKind } from '../../functions/ingest/document-types.js';
import { DocumentRejectedError } from '../../functions/ingest/errors.js';
import { extractDocument } from '../../functions/ingest/extract.js';
import { CRASH_REASON } from '../../functions/ingest/ingest-document.js';

const PLATFORM_KEY = 'eval-platform-key';

interface Row {
  file: string;
  status: string;
  reason: string;
  chunks: number;
  pages: number;
  seconds: number;
  kind: string;
  /** The start of the first passage, as the API shows it. */
  preview?: string;
}

interface Stack {
  child: ChildProcess;
  url: string;
  apiKey: string;
}

const startStack = async (): Promise<Stack> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
    // Blank provider settings win over a developer's .env: the figures exclude embedding calls.
    env: {
      ...process.env,
      PORT: '0',
      FRONTDESK_STATE_DIR: ':memory:',
      PLATFORM_ADMIN_KEY: PLATFORM_KEY,
      PINECONE_INDEX: '',
      PINECONE_API_KEY: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /ready on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`local stack exited with ${code}: ${output}`)));
  });
  const created = await api(url, PLATFORM_KEY, 'POST', '/v1/tenants', { name: 'Eval Tenant' });
  return { child, url, apiKey: created.apiKey };
};

// biome-ignore lint/suspicious/noExplicitAny: the script reads whatever the API answered.
const api = async (url: string, key: string, method: string, route: string, body?: unknown): Promise<any> => {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (response.status >= 300)
    throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
};

/** Peak resident set size of a process (Linux), in MB. */
const peakRssMb = (pid: number | undefined): number | undefined => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
  } catch {
    return undefined;
  }
};

const ingest = async (
  stack: Stack,
  name: string,
  bytes: Uint8Array,
  timeoutMs: number,
): Promise<Omit<Row, 'file' | 'kind'>> => {
  const started = performance.now();
  const created = await api(stack.url, stack.apiKey, 'POST', '/v1/documents', {
    filename: path.basename(name),
    size: Math.max(1, bytes.byteLength),
  });
  const form = new FormData();
  for (const [field, value] of Object.entries(created.upload.fields as Record<string, string>)) {
    form.append(field, value);
  }
  form.append('file', new Blob([bytes]), path.basename(name));
  await fetch(created.upload.url, { method: 'POST', body: form });
  const deadline = started + timeoutMs;
  while (performance.now() < deadline) {
    const document = await api(stack.url, stack.apiKey, 'GET', `/v1/documents/${created.documentId}`);
    if (document.status === 'ready' || document.status === 'failed') {
      const crashed = document.reason === CRASH_REASON;
      return {
        status: crashed ? 'CRASHED' : document.status,
        reason: document.reason ?? '',
        chunks: document.chunks,
        pages: document.pages ?? 0,
        seconds: (performance.now() - started) / 1000,
        preview: document.preview ?? undefined,
      };
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    status: 'HUNG',
    reason: `no final status after ${timeoutMs / 1000} s`,
    chunks: 0,
    pages: 0,
    seconds: timeoutMs / 1000,
  };
};

/** A ~25 MB PDF: 300 pages of text plus a large attachment, as a brochure with media would be. */
const makeLargePdf = async (): Promise<Uint8Array> => {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < 300; p++) {
    const page = pdf.addPage([612, 792]);
    for (let line = 0; line < 45; line++) {
      page.drawText(
        `Page ${p + 1}, line ${line + 1}: our menu item ${p * 45 + line} costs ${line + 5} euros.`,
        {
          x: 40,
          y: 760 - line * 16,
          size: 10,
          font,
        },
      );
    }
  }
  const filler = new Uint8Array(22 * 1024 * 1024).map((_v, i) => (i * 2654435761) >>> 24);
  await pdf.attach(filler, 'media.bin', { mimeType: 'application/octet-stream' });
  return pdf.save({ useObjectStreams: false });
};

export interface IngestEvalOptions {
  folder: string;
  /** A file without a final status after this long counts as hung (the stack is restarted). */
  timeoutMs: number;
  /** Adds a generated 25 MB PDF to the folder's files. */
  largePdf: boolean;
}

/**
 * Runs the evaluation and prints its tables; resolves to the exit code: 1 if a file crashed or
 * hung the worker, else 0.
 */
export const runIngestEval = async (options: IngestEvalOptions): Promise<number> => {
  const files = (readdirSync(options.folder, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => statSync(path.join(options.folder, f)).isFile())
    .sort();
  const inputs: Array<{ name: string; load: () => Promise<Uint8Array> }> = files.map((f) => ({
    name: f,
    load: async () => new Uint8Array(readFileSync(path.join(options.folder, f))),
  }));
  if (options.largePdf) inputs.push({ name: '(generated) large-25MB.pdf', load: makeLargePdf });

  const rows: Row[] = [];
  let stack = await startStack();
  const runStarted = performance.now();
  let peakMb = 0;
  for (const input of inputs) {
    let kind = 'unsupported';
    try {
      kind = declaredKind(input.name, undefined);
    } catch {
      rows.push({
        file: input.name,
        kind,
        status: 'refused',
        reason: 'unsupported type (refused at upload)',
        chunks: 0,
        pages: 0,
        seconds: 0,
      });
      continue;
    }
    const result = await ingest(stack, input.name, await input.load(), options.timeoutMs);
    rows.push({ file: input.name, kind, ...result });
    peakMb = Math.max(peakMb, peakRssMb(stack.child.pid) ?? 0);
    if (result.status === 'HUNG') {
      stack.child.kill('SIGKILL');
      stack = await startStack();
    }
  }
  peakMb = Math.max(peakMb, peakRssMb(stack.child.pid) ?? 0);
  stack.child.kill('SIGTERM');

  const cut = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
  console.log(
    `\n${'file'.padEnd(48)} ${'status'.padEnd(8)} ${'chunks'.padStart(6)} ${'pages'.padStart(5)} ${'seconds'.padStart(7)}  reason`,
  );
  for (const r of rows) {
    console.log(
      `${cut(r.file, 48).padEnd(48)} ${r.status.padEnd(8)} ${String(r.chunks).padStart(6)} ${String(r.pages).padStart(5)} ${r.seconds.toFixed(2).padStart(7)}  ${cut(r.reason, 110)}`,
    );
  }
  // Scanned PDFs (no text layer) are read by OCR: they are timed apart from the text-layer PDFs.
  const isScan = async (name: string, bytes: Uint8Array): Promise<boolean> => {
    try {
      await extractDocument('pdf', bytes, name);
      return false;
    } catch (error) {
      if (error instanceof DocumentRejectedError && error.code === 'no-text-layer') return true;
      return false;
    }
  };
  const scans = new Set<string>();
  for (const r of rows.filter((row) => row.kind === 'pdf')) {
    const input = inputs.find((i) => i.name === r.file);
    if (input && (await isScan(r.file, await input.load()))) scans.add(r.file);
  }
  const pdfs = rows.filter((r) => r.kind === 'pdf' && r.status === 'ready' && !scans.has(r.file));
  const pdfSeconds = pdfs.reduce((s, r) => s + r.seconds, 0);
  const sum = (list: Row[], key: 'pages' | 'chunks') => list.reduce((s, r) => s + r[key], 0);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  console.log(
    `\nfiles: ${rows.length} (${[...counts].map(([s, n]) => `${s} ${n}`).join(', ')}) in ${((performance.now() - runStarted) / 1000).toFixed(1)} s`,
  );
  console.log(
    `PDF throughput (ready PDFs, upload to ready, no embedding calls): ${sum(pdfs, 'pages')} pages, ${sum(pdfs, 'chunks')} chunks in ${pdfSeconds.toFixed(2)} s = ${(sum(pdfs, 'pages') / pdfSeconds).toFixed(1)} pages/s, ${(sum(pdfs, 'chunks') / pdfSeconds).toFixed(1)} chunks/s`,
  );
  console.log(`peak RSS of the local stack process: ${peakMb.toFixed(0)} MB`);
  console.log('\nScanned PDFs and photos (no text layer), read by OCR:');
  const isPhoto = (kind: string) => isImageKind(kind as DocumentKind);
  for (const r of rows.filter((row) => scans.has(row.file) || isPhoto(row.kind))) {
    console.log(
      `  ${r.file}: ${r.status} in ${r.seconds.toFixed(1)} s, ${r.chunks} chunks${r.status === 'ready' ? `: "${cut(r.preview ?? '', 160)}"` : `: ${r.reason}`}`,
    );
  }

  // The pipeline's own cost, without the local stack, S3, DynamoDB or any embedding call:
  // extraction and chunking of the PDFs that ingested, in this process.
  // pdf.js compiles and loads its tables on first use, once per process (a Lambda cold start):
  // time that apart, then measure warm throughput.
  const corpusPdfs = inputs.filter((i) => pdfs.some((r) => r.file === i.name));
  let warmUpMs = 0;
  if (corpusPdfs[0]) {
    const started = performance.now();
    await extractDocument('pdf', await corpusPdfs[0].load(), corpusPdfs[0].name);
    warmUpMs = performance.now() - started;
  }
  let corePages = 0;
  let coreChunks = 0;
  let coreMs = 0;
  for (const input of corpusPdfs) {
    const bytes = await input.load();
    const started = performance.now();
    const extraction = await extractDocument('pdf', bytes, input.name);
    coreChunks += chunkBlocks(extraction.blocks).length;
    coreMs += performance.now() - started;
    corePages += extraction.pages;
  }
  console.log(
    `PDF extract + chunk only (in process, warm; first PDF in a fresh process took ${(warmUpMs / 1000).toFixed(2)} s): ${corePages} pages, ${coreChunks} chunks in ${(coreMs / 1000).toFixed(2)} s = ${((corePages * 1000) / coreMs).toFixed(1)} pages/s, ${((coreChunks * 1000) / coreMs).toFixed(1)} chunks/s; peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  // OCR's own cost in this process: the first document loads tesseract.js and its model (cold);
  // the same documents again are warm. RSS is sampled every 20 ms (Tesseract's wasm runs in a
  // thread of this process, so the process's RSS holds it). Photos (JPEG, PNG, HEIC) count as a page.
  const kindOf = (name: string) => rows.find((r) => r.file === name)?.kind as DocumentKind;
  const scanInputs = inputs.filter((i) => scans.has(i.name) || isPhoto(kindOf(i.name)));
  if (scanInputs.length > 0) {
    const baselineMb = process.memoryUsage.rss() / 1024 / 1024;
    let peakOcrMb = baselineMb;
    const sampler = setInterval(() => {
      peakOcrMb = Math.max(peakOcrMb, process.memoryUsage.rss() / 1024 / 1024);
    }, 20);
    const pass = async () => {
      let pages = 0;
      const started = performance.now();
      for (const input of scanInputs) {
        try {
          pages += (
            await extractDocument(kindOf(input.name), await input.load(), input.name, undefined, {
              maxPages: 20,
            })
          ).pages;
        } catch {
          pages += 1;
        }
      }
      return { pages, ms: performance.now() - started };
    };
    const cold = await pass();
    const warm = await pass();
    clearInterval(sampler);
    console.log(
      `OCR (embedded Tesseract, in process): ${warm.pages} scanned pages and photos in ${(warm.ms / 1000).toFixed(2)} s warm = ${((warm.pages * 1000) / warm.ms).toFixed(2)} pages/s (cold, loading the engine and model: ${(cold.ms / 1000).toFixed(2)} s); RSS ${baselineMb.toFixed(0)} MB before, peak ${peakOcrMb.toFixed(0)} MB during OCR`,
    );
  }
  const broken = rows.filter((r) => r.status === 'CRASHED' || r.status === 'HUNG');
  if (broken.length > 0) {
    console.error(
      `\n${broken.length} file(s) crashed or hung the worker: ${broken.map((r) => r.file).join(', ')}`,
    );
    return 1;
  }
  return 0;
};
