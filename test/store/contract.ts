import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { recordOf } from '../../src/history/summary.js';
import type { SnapshotRecord, SnapshotStore } from '../../src/store/types.js';
import { handChain } from '../support/syntheticChain.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 10, 30, 20); // four hours before a month boundary (partitioned engines)

/** A small chain at `asOf` whose numbers depend on `seed`, so that snapshots differ. */
export function testSnapshot(
  asOf: number,
  seed = 1,
  where: { venue?: string; underlying?: string } = {},
): ChainSnapshot {
  const base = handChain(
    [
      { strike: 90, type: 'P', oi: 100 * seed, iv: 0.6 },
      { strike: 100, type: 'C', oi: 50 + seed, iv: 0.5 },
      { strike: 100, type: 'P', oi: 70, iv: 0.55, days: 7 },
      { strike: 110, type: 'C', oi: 300, iv: 0.45 },
    ],
    100 + seed,
    asOf,
  );
  return {
    ...base,
    venue: where.venue ?? 'deribit',
    underlying: where.underlying ?? 'BTC',
    options: base.options.map((o, i) => (i === 0 ? { ...o, markPrice: 1.25 } : o)),
    dropped: [{ where: 'BTC-X-1-C', field: 'open_interest', reason: 'zero-open-interest', value: '0' }],
    source: `test seed ${seed}`,
  };
}

/**
 * The behaviour every history engine must have. `open` gives a new, empty store each time;
 * `reopen` (when the engine is persistent) opens the same store again after close().
 */
export function storeContract(
  engine: string,
  factory: () => Promise<{ open: () => Promise<SnapshotStore>; cleanup?: () => Promise<void> }>,
): void {
  describe(`history store contract: ${engine}`, () => {
    let store: SnapshotStore;
    let handle: Awaited<ReturnType<typeof factory>>;
    beforeEach(async () => {
      handle = await factory();
      store = await handle.open();
    });
    afterEach(async () => {
      await store.close();
      await handle.cleanup?.();
    });

    it('reads back a written snapshot exactly: options in their order, spot, model, dropped rows and asOf', async () => {
      const base = testSnapshot(T0);
      // not in name order
      const snap = { ...base, options: [...base.options].reverse() };
      expect(await store.writeSnapshot(recordOf(snap))).toBe('written');
      const back = await store.readSnapshot(snap);
      expect(back).toBeDefined();
      expect(back!.asOf).toBe(snap.asOf);
      expect(back!.spot).toBe(snap.spot);
      expect(back!.model).toEqual(snap.model);
      expect(back!.dropped).toEqual(snap.dropped);
      expect(back!.source).toBe(snap.source);
      // in the order written (not name order), so that a report of it sums in the same order
      expect(back!.options).toEqual(snap.options);
    });

    it('stores the summary computed from the snapshot: net GEX, flips, walls, spot, regime', async () => {
      const rec = recordOf(testSnapshot(T0));
      await store.writeSnapshot(rec);
      const [point] = await store.readSummaries();
      expect(point).toEqual({ venue: 'deribit', underlying: 'BTC', asOf: T0, ...rec.summary });
    });

    it('stores the pins written with a snapshot, none for one written without, and fills only the missing ones', async () => {
      const withPins = recordOf(testSnapshot(T0));
      const { pins: _, ...without } = recordOf(testSnapshot(T0 + HOUR, 2));
      await store.writeSnapshots([withPins, without]);
      expect((await store.readPins()).map((p) => [p.asOf, p.pins])).toEqual([
        [T0, withPins.pins],
        [T0 + HOUR, null],
      ]);
      expect(await store.listWithoutPins()).toEqual([{ venue: 'deribit', underlying: 'BTC', asOf: T0 + HOUR }]);
      const other = { timeZone: 'UTC', expiries: [{ date: '2025-12-07', largestOi: 100, maxPain: 90 }] };
      const keys = [T0, T0 + HOUR].map((asOf) => ({ venue: 'deribit', underlying: 'BTC', asOf, pins: other }));
      expect(await store.fillPins(keys)).toBe(1);
      expect((await store.readPins()).map((p) => p.pins)).toEqual([withPins.pins, other]);
      expect(await store.listWithoutPins()).toEqual([]);
    });

    it('answers `exists` for a second write of the same venue, underlying and asOf and keeps one copy', async () => {
      const rec = recordOf(testSnapshot(T0));
      await store.writeSnapshot(rec);
      expect(await store.writeSnapshot(recordOf(testSnapshot(T0, 2)))).toBe('exists');
      expect(await store.listSnapshots()).toHaveLength(1);
      expect(await store.countOptionRows()).toBe(rec.snapshot.options.length);
      expect((await store.readSnapshot(rec.snapshot))!.spot).toBe(rec.snapshot.spot);
    });

    it('writes nothing at all when a snapshot fails part-way (no partial snapshot)', async () => {
      const good = testSnapshot(T0);
      const bad: ChainSnapshot = {
        ...good,
        asOf: T0 + HOUR,
        options: [
          ...good.options,
          { ...good.options[0]!, instrument: 'BAD', strike: 'not a number' as unknown as number },
        ],
      };
      await store.writeSnapshot(recordOf(good));
      const summary = recordOf(good).summary;
      await expect(store.writeSnapshot({ snapshot: bad, summary })).rejects.toThrow();
      expect((await store.listSnapshots()).map((s) => s.asOf)).toEqual([T0]);
      expect(await store.countOptionRows()).toBe(good.options.length);
      expect(await store.readSnapshot({ venue: 'deribit', underlying: 'BTC', asOf: T0 + HOUR })).toBeUndefined();
      // and the store keeps working
      expect(await store.writeSnapshot(recordOf(testSnapshot(T0 + 2 * HOUR)))).toBe('written');
    });

    it('lists by venue, underlying and time range (from inclusive, to exclusive), ordered by asOf', async () => {
      const records: SnapshotRecord[] = [];
      for (let h = 0; h < 8; h++) records.push(recordOf(testSnapshot(T0 + h * HOUR, h + 1)));
      records.push(recordOf(testSnapshot(T0 + HOUR, 9, { underlying: 'ETH' })));
      records.push(recordOf(testSnapshot(T0 + HOUR, 10, { venue: 'okx' })));
      expect(await store.writeSnapshots(records.reverse())).toEqual({ written: 10, existing: 0 });
      const btc = await store.listSnapshots({ venue: 'deribit', underlying: 'BTC' });
      expect(btc.map((s) => s.asOf)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((h) => T0 + h * HOUR));
      const range = await store.listSnapshots({
        venue: 'deribit',
        underlying: 'BTC',
        from: T0 + 2 * HOUR,
        to: T0 + 6 * HOUR,
      });
      expect(range.map((s) => s.asOf)).toEqual([2, 3, 4, 5].map((h) => T0 + h * HOUR));
      expect(range[0]!.options).toBe(4);
      expect(await store.listSnapshots({ underlying: 'ETH' })).toHaveLength(1);
      expect(await store.listSnapshots({ venue: 'okx' })).toHaveLength(1);
      expect(await store.listSnapshots()).toHaveLength(10);
      const sums = await store.readSummaries({ underlying: 'BTC', venue: 'deribit', from: T0 + 5 * HOUR });
      expect(sums.map((s) => s.spot)).toEqual([106, 107, 108]);
      expect(await store.countOptionRows({ underlying: 'BTC', venue: 'deribit', to: T0 + 4 * HOUR })).toBe(16);
    });

    it('writes a bulk batch of many snapshots (the bulk path) whole, and skips the stored ones in it', async () => {
      const wide = (asOf: number, seed: number): ChainSnapshot => {
        const one = testSnapshot(asOf, seed);
        const options = Array.from({ length: 1500 }, (_, i) => ({
          ...one.options[i % one.options.length]!,
          instrument: `BTC-W-${i}`,
          strike: 50 + i / 10,
        }));
        return { ...one, options };
      };
      await store.writeSnapshot(recordOf(wide(T0 + 3 * HOUR, 3)));
      const batch = Array.from({ length: 20 }, (_, h) => recordOf(wide(T0 + h * HOUR, h + 1)));
      expect(await store.writeSnapshots(batch)).toEqual({ written: 19, existing: 1 });
      expect(await store.countOptionRows()).toBe(20 * 1500);
      const back = await store.readSnapshot({ venue: 'deribit', underlying: 'BTC', asOf: T0 + 7 * HOUR });
      expect(back!.options).toEqual(batch[7]!.snapshot.options);
    });

    it('answers undefined for a snapshot it does not hold and empty lists for an empty range', async () => {
      await store.writeSnapshot(recordOf(testSnapshot(T0)));
      expect(await store.readSnapshot({ venue: 'deribit', underlying: 'BTC', asOf: T0 + 1 })).toBeUndefined();
      expect(await store.listSnapshots({ from: T0 + 1 })).toEqual([]);
      expect(await store.readSummaries({ underlying: 'SOL' })).toEqual([]);
    });

    it('keeps what was written after the store is closed and opened again', async () => {
      await store.writeSnapshot(recordOf(testSnapshot(T0)));
      await store.writeSnapshot(recordOf(testSnapshot(T0 + 5 * HOUR, 3)));
      await store.close();
      store = await handle.open();
      expect((await store.listSnapshots()).map((s) => s.asOf)).toEqual([T0, T0 + 5 * HOUR]);
      expect(await store.countOptionRows()).toBe(8);
    });
  });
}
