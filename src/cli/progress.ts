/**
 * Ingest progress for people: on a terminal one bar redrawn in place (files, passages, rate, ETA);
 * in CI and logs one line per stage, so logs stay short and greppable.
 */
import type { IngestProgress } from '../retrieval/store.js';

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (event: IngestProgress) => void {
  const tty = stream.isTTY === true;
  let started = performance.now();
  let lastDraw = 0;
  let last: Extract<IngestProgress, { stage: 'files' }> | undefined;
  let full = false;
  const line = (text: string) => stream.write(`${text}\n`);
  const filesLine = (e: Extract<IngestProgress, { stage: 'files' }>) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = e.done / Math.max(seconds, 1e-3);
    const eta = e.bytesDone > 0 ? (seconds * (e.bytesTotal - e.bytesDone)) / e.bytesDone : Number.NaN;
    return { seconds, rate, eta };
  };
  return (event) => {
    switch (event.stage) {
      case 'waiting':
        line(`waiting: another ingest holds the lock (${event.holder}); continuing when it finishes…`);
        break;
      case 'plan':
        started = performance.now();
        full = event.mode === 'full';
        line(
          `plan: ${event.mode === 'full' ? 'full build' : 'update'} (${event.reason}) — ${event.files} files to index ` +
            `(${(event.bytes / 1024 / 1024).toFixed(1)} MB), ${event.removed} to remove, ${event.unchanged} unchanged`,
        );
        break;
      case 'files': {
        last = event;
        const { rate, eta, seconds } = filesLine(event);
        if (tty) {
          const now = performance.now();
          if (now - lastDraw < 100 && event.done < event.total) break;
          lastDraw = now;
          const width = 24;
          const filled = Math.round((width * event.bytesDone) / Math.max(1, event.bytesTotal));
          stream.write(
            `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${event.done}/${event.total} files · ${event.passages} passages · ` +
              `${rate.toFixed(0)} files/s · ETA ${duration(eta)}   `,
          );
          if (event.done >= event.total) stream.write('\n');
        } else if (event.done >= event.total) {
          line(`files: ${event.done} read, ${event.passages} passages in ${seconds.toFixed(1)} s (${rate.toFixed(0)} files/s)`);
        }
        break;
      }
      case 'save':
        if (tty && last && last.done < last.total) stream.write('\n');
        line(full ? 'save: writing the vector graph and committing' : 'save: committing');
        break;
    }
  };
}
