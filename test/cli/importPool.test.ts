import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listImportFiles } from '../../src/cli/importFiles.js';
import { openChainReaders } from '../../src/cli/importPool.js';
import { type FileOutcome, keyOf } from '../../src/cli/importRead.js';
import { recordOf } from '../../src/history/summary.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { isPacked, packRecord, unpacked, unpackRecord } from '../../src/store/packedRecord.js';
import { SPX_HISTORY_DIR, SPX_HISTORY_FILES } from '../support/spxHistory.js';

const reading = { cboe: {} };

async function outcomesOf(threads: number, known: ReadonlySet<string> = new Set()) {
  const listing = await listImportFiles([{ kind: 'cboe', path: SPX_HISTORY_DIR }]);
  // a file gone between the listing and the read is refused, in its place
  const files = [
    ...listing.files.slice(0, 3),
    { kind: 'cboe' as const, path: join(SPX_HISTORY_DIR, 'gone.csv'), inFolder: true },
    ...listing.files.slice(3),
  ];
  const readers = await openChainReaders(reading, known, threads);
  const outcomes: FileOutcome[] = [];
  let packed = 0;
  try {
    for await (const o of readers.outcomes(files)) {
      if (o.kind === 'chain' && o.record !== undefined && isPacked(o.record)) packed++;
      // compared as records: a worker's comes packed
      outcomes.push(
        o.kind === 'chain' && o.record !== undefined ? { ...o, record: unpacked(o.record) } : (o as FileOutcome),
      );
    }
  } finally {
    await readers.close();
  }
  return { threads: readers.threads, fallback: readers.fallback, outcomes, files, packed };
}

describe('the import workers', () => {
  it('start from the TypeScript sources, two of them, without falling back to this thread', async () => {
    const readers = await openChainReaders(reading, new Set(), 2);
    await readers.close();
    expect(readers.fallback).toBeUndefined();
    expect(readers.threads).toBe(2);
  });

  it('give every file of the real SPX history the outcome this thread gives it, records equal, in file order', async () => {
    const inThread = await outcomesOf(0);
    const pooled = await outcomesOf(2);
    expect(pooled.threads).toBe(2);
    expect(pooled.outcomes).toHaveLength(pooled.files.length);
    expect(pooled.outcomes.map((o) => o.kind)).toEqual(inThread.outcomes.map((o) => o.kind));
    expect(pooled.outcomes.filter((o) => o.kind === 'chain')).toHaveLength(SPX_HISTORY_FILES.length);
    expect(pooled.outcomes[3]).toEqual({ kind: 'refused', error: expect.stringContaining('gone.csv') });
    pooled.outcomes.forEach((o, i) => {
      if (o.kind === 'chain') expect(o.snapshot.file).toBe(pooled.files[i]?.path);
    });
    expect(pooled.outcomes).toEqual(inThread.outcomes);
    // the workers' records reach the writer packed, this thread's as they are
    expect(pooled.packed).toBe(SPX_HISTORY_FILES.length);
    expect(inThread.packed).toBe(0);
  }, 180_000);

  it('leave out the record (summary and pins) of a chain the store held before', async () => {
    const first = await readCboeFile(join(SPX_HISTORY_DIR, SPX_HISTORY_FILES[0]?.file ?? ''));
    const { outcomes } = await outcomesOf(1, new Set([keyOf(first)]));
    const chains = outcomes.filter((o) => o.kind === 'chain');
    const known = chains.filter((o) => o.record === undefined);
    expect(known.map((o) => o.snapshot.asOf)).toEqual([first.asOf]);
    expect(chains.length - known.length).toBe(SPX_HISTORY_FILES.length - 1);
  }, 180_000);
});

describe('packRecord', () => {
  it('gives back the real SPX record, every option with the same fields and values', async () => {
    const record = recordOf(await readCboeFile(join(SPX_HISTORY_DIR, SPX_HISTORY_FILES[0]?.file ?? '')));
    const { packed, transfer } = packRecord(record);
    expect(transfer).toHaveLength(3);
    expect(unpackRecord(structuredClone(packed, { transfer }))).toEqual(record);
  });

  it('keeps a mark, a volume and a venue only on the options that had them', () => {
    const base = { expiry: 1e12, strike: 100, openInterest: 5, iv: 0.5, forward: 101, multiplier: 1 };
    const options = [
      { ...base, instrument: 'A-C', type: 'C' as const, markPrice: 0, volume: 3, venue: 'deribit' },
      { ...base, instrument: 'Ä-P', type: 'P' as const, markPrice: -0 },
      { ...base, instrument: '', type: 'C' as const },
    ];
    const record = recordOf({
      venue: 'multi',
      underlying: 'BTC',
      asOf: 1e12 - 86_400_000,
      spot: 100,
      model: { kind: 'black76', rate: 0 },
      options,
      dropped: [],
      source: 'test',
    });
    const back = unpackRecord(packRecord(record).packed).snapshot.options;
    expect(back).toStrictEqual(options);
    expect(Object.is(back[1]?.markPrice, -0)).toBe(true);
  });
});
