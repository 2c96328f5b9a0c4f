import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../core/moduleWorker.js';
import type { PackedRecord, WritableRecord } from '../store/types.js';
import type { ImportFile, ImportReading } from './importFiles.js';
import { type FileOutcome, readChainFile } from './importRead.js';

/** A file for a worker to read, numbered so that its reply finds its caller. */
export interface WorkerJob {
  readonly id: number;
}

/** A worker's answer: the outcome (a new chain's record packed), or a failure of gexmap itself. */
export type WorkerReply =
  | {
      readonly id: number;
      readonly outcome:
        | Exclude<FileOutcome, { kind: 'chain' }>
        | { kind: 'chain'; snapshot: Extract<FileOutcome, { kind: 'chain' }>['snapshot']; packed?: PackedRecord };
    }
  | { readonly id: number; readonly failed: { name: string; message: string; stack: string } };

/** Below this many files an import reads in its own thread: starting a worker costs more than it saves. */
export const WORKERS_FROM_FILES = 4;
/**
 * Files read ahead per worker: the writing thread hands out no file while it appends a batch (about
 * 16 SPX chains), so each worker holds enough queued to stay busy through one (at 3 they ran dry);
 * a packed SPX chain is about 1.6 MB, so memory stays flat.
 */
const AHEAD_PER_WORKER = 8;

/** The worker threads an import of `files` files uses on this machine: up to 2, none on one core. */
export function importThreads(files: number): number {
  const cores = availableParallelism();
  return files < WORKERS_FROM_FILES || cores < 2 ? 0 : Math.min(2, cores);
}

/** Reads the files of an import and yields their outcomes in file order. */
export interface ChainReaders {
  /** worker threads reading; 0 when the files are read in this thread */
  readonly threads: number;
  /** why no worker is used although some were asked for (one could not start) */
  readonly fallback?: string;
  /** a record read in a worker comes packed */
  outcomes(files: readonly ImportFile[]): AsyncGenerator<FileOutcome<WritableRecord>>;
  close(): Promise<void>;
}

/** Reads in this thread, one file after another. */
function inThread(reading: ImportReading, known: ReadonlySet<string>, fallback?: string): ChainReaders {
  return {
    threads: 0,
    ...(fallback !== undefined ? { fallback } : {}),
    async *outcomes(files) {
      for (const file of files) yield await readChainFile(file, reading, known);
    },
    close: async () => {},
  };
}

interface PoolWorker {
  readonly worker: Worker;
  readonly pending: Map<number, (r: WorkerReply) => void>;
  stopped?: string;
}

/** Starts one worker; undefined, with the reason, when it cannot start. */
function start(workerData: unknown): Promise<PoolWorker | string> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = startModuleWorker(import.meta.url, 'importWorker', { workerData });
    } catch (e) {
      resolve((e as Error).message);
      return;
    }
    const w: PoolWorker = { worker, pending: new Map() };
    let ready = false;
    const stop = (why: string) => {
      if (!ready) {
        resolve(why);
        return;
      }
      w.stopped = why;
      for (const [id, done] of w.pending) done({ id, failed: { name: 'Error', message: why, stack: '' } });
      w.pending.clear();
    };
    worker.on('message', (m: WorkerReply | { ready: true }) => {
      if ('ready' in m) {
        ready = true;
        resolve(w);
        return;
      }
      const done = w.pending.get(m.id);
      w.pending.delete(m.id);
      done?.(m);
    });
    worker.on('error', (e) => stop(`an import worker failed: ${e.message}`));
    worker.on('exit', (code) => stop(`an import worker stopped (exit code ${code})`));
  });
}

/**
 * Reads with `threads` worker threads (read, parse, summary and pins of the next files) while the
 * caller writes, the outcomes yielded in file order with at most AHEAD_PER_WORKER files a worker
 * read ahead. When no worker can start, the files are read in this thread and `fallback` says why.
 */
export async function openChainReaders(
  reading: ImportReading,
  known: ReadonlySet<string>,
  threads: number,
): Promise<ChainReaders> {
  if (threads < 1) return inThread(reading, known);
  const data = { reading, known: [...known] };
  const started = await Promise.all(Array.from({ length: threads }, () => start(data)));
  const workers = started.filter((w): w is PoolWorker => typeof w !== 'string');
  const close = () => Promise.all(workers.map((w) => w.worker.terminate())).then(() => {});
  if (workers.length === 0)
    return inThread(
      reading,
      known,
      started.find((w) => typeof w === 'string'),
    );
  let nextId = 0;
  const dispatch = (file: ImportFile): Promise<WorkerReply> => {
    const id = nextId++;
    const live = workers.filter((w) => w.stopped === undefined);
    const w = live.reduce<PoolWorker | undefined>((a, b) => (a && a.pending.size <= b.pending.size ? a : b), undefined);
    if (w === undefined) {
      const why = workers[0]?.stopped ?? 'no import worker';
      return Promise.resolve({ id, failed: { name: 'Error', message: why, stack: '' } });
    }
    return new Promise((resolve) => {
      w.pending.set(id, resolve);
      w.worker.postMessage({ id, file });
    });
  };
  return {
    threads: workers.length,
    async *outcomes(files) {
      // each promise resolves, never rejects: nothing waiting in the queue can go unhandled
      const queue: Promise<WorkerReply>[] = [];
      let next = 0;
      while (next < files.length || queue.length > 0) {
        while (next < files.length && queue.length < AHEAD_PER_WORKER * workers.length)
          queue.push(dispatch(files[next++] as ImportFile));
        const reply = (await queue.shift()) as WorkerReply;
        if ('failed' in reply) {
          const e = new Error(reply.failed.message);
          e.name = reply.failed.name;
          if (reply.failed.stack !== '') e.stack = reply.failed.stack;
          throw e;
        }
        const o = reply.outcome;
        if (o.kind !== 'chain') yield o;
        else if (o.packed === undefined) yield { kind: 'chain', snapshot: o.snapshot };
        // packed as it came: the store writes it from its columns
        else yield { kind: 'chain', snapshot: o.snapshot, record: o.packed };
      }
    },
    close,
  };
}
