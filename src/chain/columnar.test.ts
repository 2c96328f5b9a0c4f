import { beforeAll, describe, expect, it } from 'vitest';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../../test/golden/paths.js';
import { at } from '../core/at.js';
import { readCboeFile } from '../sources/cboe/read.js';
import { readDeribitDir } from '../sources/deribit/read.js';
import { type ColumnarChain, columnarSubset, toColumnar, writeOptionTerms } from './columnar.js';
import type { ChainSnapshot } from './types.js';

const TERMS = ['t', 'stdDev', 'discount', 'd1Shift', 'gammaScale'] as const;
const DAY = 86_400_000;

let chains: [string, ChainSnapshot][];
beforeAll(async () => {
  chains = [
    ['Deribit BTC (Black-76)', await readDeribitDir(DERIBIT_BTC_DIR)],
    ['CBOE SPX (BSM, rate 4 %, yield 1.5 %)', await readCboeFile(CBOE_SPX_FILE, { rate: 0.04, yield: 0.015 })],
  ];
});

const lnMoneyness = (c: ColumnarChain) => c.fwdRatio.map((r, i) => Math.log(r) - Math.log(c.strike[i] as number));

describe('per-option terms (writeOptionTerms, shared by toColumnar and the live chain)', () => {
  it('rewritten at a later asOf and new vols, equal toColumnar of the chain at that asOf to the last digit', () => {
    for (const [name, snap] of chains) {
      const later = snap.asOf + 3 * DAY + 1234;
      const kept = snap.options.filter((o) => o.expiry > later);
      const moved = kept.map((o, i) => ({ ...o, iv: o.iv * (1 + ((i % 5) - 2) * 0.01) }));
      const cols = toColumnar(snap, kept);
      cols.iv.set(moved.map((o) => o.iv));
      writeOptionTerms(cols, snap.model, later, lnMoneyness(cols));
      const fresh = toColumnar({ ...snap, asOf: later }, moved);
      for (const k of TERMS) expect(Array.from(cols[k]), `${name}: ${k}`).toEqual(Array.from(fresh[k]));
    }
  });

  it('follow ColumnarChain’s formulas per model: Γ·S² scale D/(fwdRatio·σ√t) on the forward, D·fwdRatio/(σ√t) on spot', () => {
    for (const [name, snap] of chains) {
      const c = toColumnar(snap, snap.options);
      for (let i = 0; i < c.n; i += 97) {
        const o = at(snap.options, i);
        const t = (o.expiry - snap.asOf) / (365 * DAY);
        const sd = o.iv * Math.sqrt(t);
        const ratio = o.forward / snap.spot;
        const d = Math.exp(-snap.model.rate * t);
        const scale = snap.model.kind === 'black76' ? d / (ratio * sd) : (d * ratio) / sd;
        expect(c.t[i], name).toBeCloseTo(t, 15);
        expect(c.discount[i], name).toBeCloseTo(d, 15);
        expect(at(c.d1Shift, i) / (Math.log(ratio / o.strike) + sd * sd * 0.5), name).toBeCloseTo(1, 12);
        expect(at(c.gammaScale, i) / scale, name).toBeCloseTo(1, 12);
      }
      if (snap.model.kind === 'bsm') expect(c.discount.some((d) => d < 1)).toBe(true);
    }
  });
});

/** Every column as its bytes, so that equality is to the last bit (-0 and NaN included). */
function bits(c: ColumnarChain): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c))
    out[k] = ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v;
  return out;
}

describe('columnarSubset (the options at some indices, from the chain already built)', () => {
  it('equals toColumnar of the same options, every column to the last bit, strikes and expiries renumbered', () => {
    for (const [name, snap] of chains) {
      const whole = toColumnar(snap, snap.options);
      const first = Math.min(...snap.options.map((o) => o.expiry));
      const picks: [string, (i: number) => boolean][] = [
        ['without the first expiry', (i) => at(snap.options, i).expiry !== first],
        ['the first expiry alone', (i) => at(snap.options, i).expiry === first],
        ['every third option', (i) => i % 3 === 0],
        ['none', () => false],
      ];
      for (const [what, keep] of picks) {
        const kept = Int32Array.from(snap.options.keys()).filter(keep);
        const fresh = toColumnar(
          snap,
          Array.from(kept, (i) => at(snap.options, i)),
        );
        expect(bits(columnarSubset(whole, kept)), `${name}: ${what}`).toEqual(bits(fresh));
      }
    }
  });

  it('views the chain’s own per-option columns for one run of neighbours, and copies them otherwise', () => {
    for (const [name, snap] of chains) {
      const whole = toColumnar(snap, snap.options);
      const run = columnarSubset(
        whole,
        Int32Array.from({ length: whole.n - 5 }, (_, k) => k + 2),
      );
      const spread = columnarSubset(
        whole,
        Int32Array.from({ length: 10 }, (_, k) => 3 * k),
      );
      for (const k of ['strike', 'iv', 'stdDev', 'd1Shift', 'gammaScale', 'phi'] as const) {
        expect(run[k].buffer === whole[k].buffer, `${name}: ${k} of a run`).toBe(true);
        expect(run[k][0], `${name}: ${k} of a run`).toBe(whole[k][2]);
        expect(spread[k].buffer === whole[k].buffer, `${name}: ${k} of every third`).toBe(false);
      }
      expect(run.instruments).toEqual(whole.instruments.slice(2, whole.n - 3));
    }
  });
});
