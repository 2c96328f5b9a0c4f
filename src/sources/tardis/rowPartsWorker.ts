import { parentPort } from 'node:worker_threads';
import { cutRowParts } from './rowParts.js';
import type { PartsMessage, PartsRequest } from './rowPartsThread.js';

/**
 * The thread that cuts gzip Tardis files into parts (see `cutRowPartsInWorker`), one file at a
 * time: for each it posts every part once on disk and goes on when told to, then the row count.
 */
const port = parentPort;
if (port === null) throw new Error('rowPartsWorker runs as a worker thread');
const post = (m: PartsMessage) => port.postMessage(m);
let goOn: (() => void) | undefined;
port.on('message', (m: PartsRequest) => {
  if (m === 'go on') {
    goOn?.();
    return;
  }
  void cutRowParts(m.path, m.dir, m.partBytes, (part, bytesRead) => {
    const next = new Promise<void>((resolve) => {
      goOn = resolve;
    });
    post({ part, bytesRead });
    return next;
  }).then((rows) => post({ rows: rows ?? null }));
});
post({ ready: true });
