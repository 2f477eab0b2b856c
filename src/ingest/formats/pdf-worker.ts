/**
 * pdf.js runs on a worker thread of its own, started on the first PDF and ended once no PDF has
 * come for a moment. Why: pdf.js and its parser are 4 MB of JavaScript that, loaded through tsx
 * (`npm start`), cost the process some 230 MB for good; a thread without tsx's loader costs ~40 MB,
 * given back when it ends. A PDF that hangs or eats memory ends the thread, not the bot, and is
 * reported with a reason. The thread is plain JavaScript run with `eval` (as graph-builder.ts
 * does), so it needs no build step and no TypeScript loader.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PageText } from './pdf-lines.js';

export type PdfReadResult = { ok: true; pages: PageText[] } | { ok: false; name: string; message: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let pdfjs;
parentPort.on('message', async ({ id, data }) => {
  let task;
  try {
    pdfjs ??= await import(workerData.moduleUrl);
    task = pdfjs.getDocument({
      data,
      cMapUrl: workerData.cMapUrl,
      cMapPacked: true,
      standardFontDataUrl: workerData.standardFontDataUrl,
      wasmUrl: workerData.wasmUrl,
      disableFontFace: true,
      useSystemFonts: false,
      isEvalSupported: false,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    });
    const doc = await task.promise;
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const pieces = [];
      for (const item of content.items) {
        if (typeof item.str !== 'string' || !Array.isArray(item.transform)) continue;
        const [a, b, c, d, x, y] = item.transform;
        const slanted = Math.abs(b) > Math.abs(a) * 0.1 || Math.abs(c) > Math.abs(d) * 0.1;
        pieces.push({ str: item.str, x, y, width: item.width, size: Math.hypot(c, d) || item.height, hasEOL: item.hasEOL, slanted });
      }
      page.cleanup();
      pages.push({ page: n, pieces });
    }
    parentPort.postMessage({ id, ok: true, pages });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, name: String((err && err.name) || 'Error'), message: String((err && err.message) || err) });
  } finally {
    if (task) await task.destroy().catch(() => undefined);
  }
});
`;

/** A PDF taking longer than this is given up (its thread is ended). */
const READ_TIMEOUT_MS = 120_000;
/** The thread ends after this long without a PDF. */
const IDLE_MS = 2_000;
/** Heap limit of the thread: a pathological PDF fails alone instead of taking the bot's memory. */
const MAX_HEAP_MB = 1024;

const packageDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const dirUrl = (name: string) => `${path.join(packageDir, name)}${path.sep}`;

class PdfThread {
  private worker: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;

  /** One PDF at a time: pdf.js is single-threaded anyway, and the thread holds one document. */
  read(bytes: Uint8Array, timeoutMs = READ_TIMEOUT_MS): Promise<PdfReadResult> {
    const run = this.queue.then(() => this.run(bytes, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private start(): Worker {
    clearTimeout(this.idleTimer);
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // Not the parent's flags: they load tsx, which is what the thread is here to avoid.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB },
      workerData: {
        moduleUrl: pathToFileURL(path.join(packageDir, 'legacy', 'build', 'pdf.mjs')).href,
        cMapUrl: dirUrl('cmaps'),
        standardFontDataUrl: dirUrl('standard_fonts'),
        wasmUrl: dirUrl('wasm'),
      },
    });
    worker.on('error', () => undefined); // reported to the waiting read by its own listener
    this.worker = worker;
    return worker;
  }

  private end(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
  }

  private run(bytes: Uint8Array, timeoutMs: number): Promise<PdfReadResult> {
    const worker = this.start();
    worker.ref(); // a pending PDF keeps the process alive (an ingest awaiting it)
    const id = this.nextId++;
    return new Promise<PdfReadResult>((resolve) => {
      const finish = (result: PdfReadResult, broken: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (broken) this.end(worker);
        else {
          worker.unref();
          this.idleTimer = setTimeout(() => this.end(worker), IDLE_MS).unref();
        }
        resolve(result);
      };
      const onMessage = (message: { id: number } & PdfReadResult) => {
        if (message.id !== id) return;
        const { id: _id, ...result } = message;
        finish(result, false);
      };
      const onError = (err: Error & { code?: string }) =>
        finish({ ok: false, name: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'OutOfMemory' : err.name, message: err.message }, true);
      const onExit = (code: number) => finish({ ok: false, name: 'Exit', message: `the PDF reader stopped (exit code ${code})` }, true);
      const timer = setTimeout(() => finish({ ok: false, name: 'Timeout', message: `no text after ${Math.round(timeoutMs / 1000)} s` }, true), timeoutMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      const data = new Uint8Array(bytes); // a copy the thread may own
      worker.postMessage({ id, data }, [data.buffer]);
    });
  }
}

const thread = new PdfThread();

/** The positioned text of every page of a PDF, read by pdf.js on its own thread. */
export function readPdfText(bytes: Uint8Array, timeoutMs?: number): Promise<PdfReadResult> {
  return thread.read(bytes, timeoutMs);
}
