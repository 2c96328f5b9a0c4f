/**
 * The worker thread of an import (importPool.ts): reads, parses and summarises the files it is sent,
 * one at a time, and posts each outcome back with its option rows packed into typed arrays.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { packRecord } from '../store/packedRecord.js';
import type { ImportFile, ImportReading } from './importFiles.js';
import type { WorkerJob, WorkerReply } from './importPool.js';
import { readChainFile } from './importRead.js';

const port = parentPort;
if (port === null) throw new Error('importWorker.ts runs as a worker thread of gexmap import');
const { reading, known } = workerData as { reading: ImportReading; known: readonly string[] };
const knownKeys = new Set(known);

port.on('message', async ({ id, file }: WorkerJob & { file: ImportFile }) => {
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const outcome = await readChainFile(file, reading, knownKeys);
    if (outcome.kind === 'chain' && outcome.record !== undefined) {
      const packed = packRecord(outcome.record);
      transfer = packed.transfer;
      reply = { id, outcome: { kind: 'chain', snapshot: outcome.snapshot, packed: packed.packed } };
    } else reply = { id, outcome };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { id, failed: { name: err.name, message: err.message, stack: err.stack ?? '' } };
  }
  port.postMessage(reply, transfer);
});
port.postMessage({ ready: true });
