import { parentPort, workerData } from 'node:worker_threads';
import { cutRowParts } from './rowParts.js';
import type { PartsJob, PartsMessage } from './rowPartsThread.js';

/**
 * The thread that cuts a gzip Tardis file into parts (see `cutRowPartsInWorker`): it posts each
 * part once on disk and goes on when told to, then posts the row count.
 */
const port = parentPort;
if (port === null) throw new Error('rowPartsWorker runs as a worker thread');
const { path, dir, partBytes } = workerData as PartsJob;
let goOn: (() => void) | undefined;
port.on('message', () => goOn?.());
const post = (m: PartsMessage) => port.postMessage(m);
const rows = await cutRowParts(path, dir, partBytes, (part, bytesRead) => {
  const next = new Promise<void>((resolve) => {
    goOn = resolve;
  });
  post({ part, bytesRead });
  return next;
});
post({ rows: rows ?? null });
