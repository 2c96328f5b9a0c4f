import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { cutRowParts, type RowPart } from './rowParts.js';

/** What the parts worker is given. */
export interface PartsJob {
  readonly path: string;
  readonly dir: string;
  readonly partBytes: number;
}

/** What the parts worker posts: a part on disk (it then waits to be told to go on), or the end. */
export type PartsMessage = { readonly part: RowPart; readonly bytesRead: number } | { readonly rows: number | null };

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
  const inThread = (e: unknown) => {
    onInThread((e as Error).message);
    return cutRowParts(path, dir, partBytes, onPart);
  };
  let worker: Worker;
  try {
    worker = spawn({ path, dir, partBytes } satisfies PartsJob);
  } catch (e) {
    return inThread(e);
  }
  return new Promise((resolve) => {
    let heard = false;
    let settled = false;
    const settle = (rows: Promise<number | undefined> | number | undefined) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      resolve(rows);
    };
    worker.on('message', (m: PartsMessage) => {
      heard = true;
      if ('rows' in m) settle(m.rows ?? undefined);
      else
        onPart(m.part, m.bytesRead).then(
          () => worker.postMessage('go on'),
          () => settle(undefined),
        );
    });
    // a worker that could not load its module has cut nothing: cut here
    worker.on('error', (e) => settle(heard ? undefined : inThread(e)));
    worker.on('exit', () => settle(undefined));
  });
}

/**
 * The worker's entry: the built `.js` beside this module, or, run from the TypeScript sources
 * (tests, benchmarks, `npm run gexmap`), the `.ts` one loaded through tsx's loader, registered in
 * the worker first (a worker does not inherit the loader of the thread that starts it).
 */
function spawn(job: PartsJob): Worker {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new Worker(new URL('./rowPartsWorker.js', here), { workerData: job });
  // tsx's ES-module API (`import` of tsx/esm/api), found through its package.json from here
  const manifest = createRequire(here).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as TsxManifest;
  const api = new URL(exports['./esm/api'].import.default, pathToFileURL(manifest)).href;
  const entry = new URL('./rowPartsWorker.ts', here).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: job });
}

interface TsxManifest {
  readonly exports: { readonly './esm/api': { readonly import: { readonly default: string } } };
}
