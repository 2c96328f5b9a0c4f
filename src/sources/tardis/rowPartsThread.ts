import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../core/moduleWorker.js';
import { cutRowParts, type RowPart } from './rowParts.js';

/** A file for the parts worker to cut. */
export interface PartsJob {
  readonly path: string;
  readonly dir: string;
  readonly partBytes: number;
}

/** What the parts worker is sent: a file to cut, or leave to go on past the part it posted. */
export type PartsRequest = PartsJob | 'go on';

/** What the parts worker posts: that it is ready, a part on disk (it then waits), or a file's end. */
export type PartsMessage =
  | { readonly ready: true }
  | { readonly part: RowPart; readonly bytesRead: number }
  | { readonly rows: number | null };

/** The worker's side of one file being cut: where its messages go. */
interface Listener {
  message(m: PartsMessage): void;
  /** the worker failed or stopped; `started` tells whether it had loaded its module */
  failed(why: string, started: boolean): void;
}

interface PartsWorker {
  readonly worker: Worker;
  ready: boolean;
  listener: Listener | undefined;
  /** settles when the file before has been cut: the worker cuts one file at a time */
  turn: Promise<unknown>;
}

let shared: PartsWorker | undefined;

/**
 * The thread's parts worker, started on first use and kept for the next files (starting one from
 * the TypeScript sources costs a few hundred milliseconds, tsx's loader included); it does not
 * keep the process alive while idle. A worker that fails is replaced at the next use.
 */
function sharedWorker(): PartsWorker {
  if (shared !== undefined) return shared;
  const worker = startModuleWorker(import.meta.url, 'rowPartsWorker');
  const w: PartsWorker = { worker, ready: false, listener: undefined, turn: Promise.resolve() };
  const fail = (why: string) => {
    if (shared === w) shared = undefined;
    const l = w.listener;
    w.listener = undefined;
    l?.failed(why, w.ready);
  };
  worker.on('message', (m: PartsMessage) => {
    if ('ready' in m) w.ready = true;
    else w.listener?.message(m);
  });
  worker.on('error', (e) => fail(e.message));
  worker.on('exit', (code) => fail(`the parts worker stopped (exit code ${code})`));
  worker.unref();
  shared = w;
  return w;
}

/** Starts the parts worker, if it is not running, while the caller does other things first. */
export function startRowPartsWorker(): void {
  try {
    sharedWorker();
  } catch {
    // met by cutRowPartsInWorker, which cuts in this thread then
  }
}

/**
 * `cutRowParts` run in a worker thread: the decompression's megabyte buffers, the byte check and
 * the part writes stay off this thread's heap, where, beside a big heap (an import's store, a
 * benchmark's records), their garbage cost full collections of everything else. `onPart` is
 * called here, in part order, and the worker cuts on only once it has settled. When no worker can
 * start, the parts are cut in this thread instead (and `onInThread` is told why); a worker that
 * fails once started answers undefined (the line reader then reads the file).
 */
export function cutRowPartsInWorker(
  path: string,
  dir: string,
  partBytes: number,
  onPart: (part: RowPart, bytesRead: number) => Promise<void>,
  onInThread: (why: string) => void = () => {},
): Promise<number | undefined> {
  const inThread = (why: string) => {
    onInThread(why);
    return cutRowParts(path, dir, partBytes, onPart);
  };
  let w: PartsWorker;
  try {
    w = sharedWorker();
  } catch (e) {
    return inThread((e as Error).message);
  }
  const cut = w.turn.then(
    () =>
      new Promise<number | undefined>((resolve) => {
        let settled = false;
        const settle = (rows: Promise<number | undefined> | number | undefined) => {
          if (settled) return;
          settled = true;
          w.listener = undefined;
          w.worker.unref();
          resolve(rows);
        };
        w.listener = {
          message(m) {
            if ('rows' in m) settle(m.rows ?? undefined);
            else if ('part' in m)
              onPart(m.part, m.bytesRead).then(
                () => w.worker.postMessage('go on' satisfies PartsRequest),
                () => settle(undefined),
              );
          },
          // a worker that could not load its module has cut nothing: cut here
          failed: (why, started) => settle(started ? undefined : inThread(why)),
        };
        if (shared !== w) {
          w.listener.failed('the parts worker stopped', w.ready); // it failed while the file before was cut
          return;
        }
        w.worker.ref(); // the process waits for this file
        w.worker.postMessage({ path, dir, partBytes } satisfies PartsRequest);
      }),
  );
  w.turn = cut;
  return cut;
}
