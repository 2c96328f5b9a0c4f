import { describe, expect, it } from 'vitest';
import { handChain, type QuoteSpec, randomChain, seededRandom } from '../../test/support/syntheticChain.js';
import { toColumnar } from '../chain/columnar.js';
import type { ChainSnapshot } from '../chain/types.js';
import { dealerPositions } from '../positioning/models.js';
import { renderTextReport } from '../report/textReport.js';
import { bendBound, certifiedGammaFlips, monotoneByBend } from './certifiedFlips.js';
import { buildGexReport } from './gexReport.js';
import { gexWeights, netGexAt } from './gexWeights.js';
import { logGrid } from './profile.js';

const YEAR_DAYS = 365;
const GRID = { lo: 80, hi: 120, points: 1000 };

function setup(snapshot: ChainSnapshot) {
  const chain = toColumnar(snapshot, snapshot.options);
  const w = gexWeights(chain, dealerPositions(chain, { model: 'classic' }).q);
  return { chain, w };
}

/** Σ_i |term_i| at S: the scale a root of a sum with cancellation is judged against. */
function absSum({ chain, w }: ReturnType<typeof setup>, s: number): number {
  const x = Math.log(s);
  let total = 0;
  for (let i = 0; i < chain.n; i++) {
    const d1 = (x + chain.d1Shift[i]!) / chain.stdDev[i]!;
    total += Math.abs(s * w[i]! * Math.exp(-0.5 * d1 * d1));
  }
  return total;
}

/** A flip is an exact root where net GEX changes sign. */
function expectFlip(c: ReturnType<typeof setup>, f: number) {
  expect(Math.abs(netGexAt(c.chain, c.w, f))).toBeLessThan(1e-9 * absSum(c, f));
  expect(Math.sign(netGexAt(c.chain, c.w, f * (1 - 1e-7)))).toBe(-Math.sign(netGexAt(c.chain, c.w, f * (1 + 1e-7))));
}

/**
 * Long-dated puts (dealers short gamma: net GEX < 0 around 100) and a 29-minute call whose gamma
 * spike, centred between two grid points, lifts net GEX above zero over 0.015 % of spot only.
 */
function hiddenPair(): { snapshot: ChainSnapshot; a: number; b: number } {
  const spots = logGrid(GRID);
  const a = spots[510]!;
  const b = spots[511]!;
  const centre = Math.sqrt(a * b);
  const background: QuoteSpec[] = [{ strike: 100, type: 'P', oi: 1000, iv: 0.3, days: 365 }];
  const bg = setup(handChain(background));
  const level = -netGexAt(bg.chain, bg.w, centre) / centre;
  const iv = 0.2;
  const days = 0.02;
  const sd = iv * Math.sqrt(days / YEAR_DAYS);
  // peak/level = exp(u²/2σ²t) puts the two roots ±u = ±7.5e-5 in ln S from the centre
  const ratio = Math.exp(0.5 * (7.5e-5 / sd) ** 2);
  const strike = centre * Math.exp(0.5 * sd * sd); // d1 = 0 at the centre
  const unit = setup(handChain([{ strike, type: 'C', oi: 1, iv, days }]));
  const oi = (ratio * level) / unit.w[0]!;
  return { snapshot: handChain([...background, { strike, type: 'C', oi, iv, days }]), a, b };
}

/**
 * A call at 100 between two puts at 100·e^{±2σ√t}, same expiry and vol, forwards set so d1 = 0
 * at S = 100: by symmetry dGEX/dS = 0 there, and with put OI = call OI·e²/2 net GEX is exactly 0,
 * its maximum: a double root at the strike. `nudge` scales the call's OI by (1 + nudge).
 */
function doubleRoot(nudge = 0): ChainSnapshot {
  const iv = 0.3;
  const days = 30;
  const sd = iv * Math.sqrt(days / YEAR_DAYS);
  const forward = 100 * Math.exp(-0.5 * sd * sd);
  const put = 1000 * Math.exp(2) * 0.5;
  return handChain([
    { strike: 100, type: 'C', oi: 1000 * (1 + nudge), iv, days, forward },
    { strike: 100 * Math.exp(-2 * sd), type: 'P', oi: put, iv, days, forward },
    { strike: 100 * Math.exp(2 * sd), type: 'P', oi: put, iv, days, forward },
  ]);
}

describe('certified gamma flips', () => {
  it('finds a pair of flips 0.015 % apart between two grid points, under a short-dated spike', () => {
    const { snapshot, a, b } = hiddenPair();
    const c = setup(snapshot);
    // invisible on the grid: both neighbouring points are negative
    expect(netGexAt(c.chain, c.w, a)).toBeLessThan(0);
    expect(netGexAt(c.chain, c.w, b)).toBeLessThan(0);
    const { flips, search } = certifiedGammaFlips(c.chain, c.w, GRID);
    expect(search.certified).toBe(true);
    expect(search.splitCells).toBeGreaterThan(0);
    expect(flips).toHaveLength(2);
    const [lo, hi] = flips as [number, number];
    expect(lo).toBeGreaterThan(a);
    expect(hi).toBeLessThan(b);
    expect((hi - lo) / lo).toBeGreaterThan(0.00012);
    expect((hi - lo) / lo).toBeLessThan(0.00018);
    expectFlip(c, lo);
    expectFlip(c, hi);
  });

  it('reports the hidden pair in the GEX report with flipSearch certified', () => {
    const report = buildGexReport(hiddenPair().snapshot);
    expect(report.gammaFlips).toHaveLength(2);
    expect(report.flipSearch).toMatchObject({ certified: true, cells: 999, touches: [] });
    expect(report.flipSearch.splitCells).toBeGreaterThan(0);
  });

  it('reports a double root at a strike once, as a touch and not as a flip', () => {
    const c = setup(doubleRoot());
    const { flips, search } = certifiedGammaFlips(c.chain, c.w, GRID);
    expect(flips).toEqual([]);
    expect(search.certified).toBe(true);
    expect(search.touches).toHaveLength(1);
    expect(Math.abs(search.touches[0]! / 100 - 1)).toBeLessThan(1e-7);
  });

  it('splits the double root into two flips when the call grows by 1e-6, and drops it when it shrinks', () => {
    const up = setup(doubleRoot(1e-6));
    const split = certifiedGammaFlips(up.chain, up.w, GRID);
    expect(split.search).toMatchObject({ certified: true, touches: [] });
    expect(split.flips).toHaveLength(2);
    for (const f of split.flips) expectFlip(up, f);
    expect(split.flips[0]!).toBeLessThan(100);
    expect(split.flips[1]!).toBeGreaterThan(100);
    const down = setup(doubleRoot(-1e-6));
    expect(certifiedGammaFlips(down.chain, down.w, GRID)).toMatchObject({
      flips: [],
      search: { certified: true, touches: [] },
    });
  });

  describe('at the edges of the range', () => {
    // dealers short the 90 puts, long the 110 calls: one flip between them
    const c = setup(
      handChain([
        { strike: 90, type: 'P', oi: 1000 },
        { strike: 110, type: 'C', oi: 1000 },
      ]),
    );
    const flip = certifiedGammaFlips(c.chain, c.w, GRID).flips[0]!;

    it('finds a flip just inside either edge and none just outside', () => {
      const near = (lo: number, hi: number) => certifiedGammaFlips(c.chain, c.w, { lo, hi, points: 1000 });
      const justAbove = near(flip * (1 - 1e-7), flip * 1.3);
      expect(justAbove.flips).toHaveLength(1);
      expect(Math.abs(justAbove.flips[0]! / flip - 1)).toBeLessThan(1e-10);
      const justBelow = near(flip * 0.7, flip * (1 + 1e-7));
      expect(justBelow.flips).toHaveLength(1);
      expect(Math.abs(justBelow.flips[0]! / flip - 1)).toBeLessThan(1e-10);
      for (const outside of [near(flip * (1 + 1e-6), flip * 1.3), near(flip * 0.7, flip * (1 - 1e-6))]) {
        expect(outside.flips).toEqual([]);
        expect(outside.search.certified).toBe(true);
      }
    });

    it('counts a flip lying on an edge at most once', () => {
      for (const grid of [
        { lo: flip, hi: flip * 1.3, points: 1000 },
        { lo: flip * 0.7, hi: flip, points: 1000 },
      ]) {
        const { flips, search } = certifiedGammaFlips(c.chain, c.w, grid);
        expect(flips.length).toBeLessThanOrEqual(1);
        for (const f of flips) expect(Math.abs(f / flip - 1)).toBeLessThan(1e-10);
        expect(search.certified).toBe(true);
      }
    });
  });

  it('classifies a double root on an edge by the sign beyond the edge: a touch, not a flip', () => {
    const c = setup(doubleRoot());
    for (const grid of [
      { lo: 100, hi: 120, points: 1000 },
      { lo: 80, hi: 100, points: 1000 },
    ]) {
      const { flips, search } = certifiedGammaFlips(c.chain, c.w, grid);
      expect(flips).toEqual([]);
      expect(search.certified).toBe(true);
      expect(search.touches).toHaveLength(1);
      expect(Math.abs(search.touches[0]! / 100 - 1)).toBeLessThan(1e-7);
    }
  });

  it('says it is not certified, and why, when the bisections run out', () => {
    const c = setup(doubleRoot());
    const { flips, search } = certifiedGammaFlips(c.chain, c.w, GRID, { maxSplits: 3 });
    expect(flips).toEqual([]);
    expect(search.certified).toBe(false);
    expect(search.splitCells).toBe(3);
    expect(search.reason).toMatch(
      /^gave up after 3 bisections: a pair of flips is not excluded in S 9\d\.\d+–\d+\.\d+/,
    );
  });

  it('keeps a sign change found past the cap, uncertified', () => {
    const c = setup(hiddenPair().snapshot);
    const { flips, search } = certifiedGammaFlips(c.chain, c.w, GRID, { maxSplits: 0 });
    expect(search.certified).toBe(false);
    expect(flips.length % 2).toBe(0);
  });

  it('finds the same sign changes as a 40,000-point direct scan on random chains with short-dated spikes', () => {
    for (const seed of [2, 4, 6]) {
      const c = spikyChain(seed);
      const grid = { lo: 85, hi: 115, points: 1000 };
      const { flips, search } = certifiedGammaFlips(c.chain, c.w, grid);
      const dense = logGrid({ ...grid, points: 40_000 });
      const changes: number[] = [];
      for (let j = 1; j < dense.length; j++)
        if (netGexAt(c.chain, c.w, dense[j - 1]!) * netGexAt(c.chain, c.w, dense[j]!) < 0) changes.push(dense[j]!);
      expect(search.certified).toBe(true);
      expect(flips).toHaveLength(changes.length);
      for (const [k, s] of changes.entries()) expect(Math.abs(flips[k]! / s - 1)).toBeLessThan(2e-5);
    }
  });

  it('certifies no flip for an empty chain', () => {
    const c = setup(handChain([]));
    expect(certifiedGammaFlips(c.chain, c.w, GRID)).toMatchObject({ flips: [], search: { certified: true } });
  });
});

/** A random chain of 300 options with 80 short-dated spikes among them. */
function spikyChain(seed: number) {
  const rnd = seededRandom(seed);
  const base = randomChain(300, seed, 100);
  const spikes = handChain(
    Array.from({ length: 80 }, () => ({
      strike: 100 * Math.exp((rnd() - 0.5) * 0.3),
      type: rnd() < 0.5 ? ('C' as const) : ('P' as const),
      oi: 1 + rnd() * 50,
      iv: 0.1 + rnd() * 0.4,
      days: 0.001 + rnd() * 0.05,
    })),
  );
  return setup({ ...base, options: [...base.options, ...spikes.options] });
}

describe('the bend test before the exact cell scan', () => {
  it('gives the same flips to the last bit and the same search as the exact scan of every open cell', () => {
    type Case = [ReturnType<typeof setup>, { lo: number; hi: number; points: number }];
    const cases: Case[] = [
      [setup(hiddenPair().snapshot), GRID],
      [setup(doubleRoot()), GRID],
      [setup(doubleRoot(1e-6)), GRID],
      [setup(doubleRoot(-1e-6)), GRID],
      [setup(doubleRoot()), { lo: 100, hi: 120, points: 1000 }],
      [
        setup(
          handChain([
            { strike: 90, type: 'P', oi: 1000 },
            { strike: 110, type: 'C', oi: 1000 },
          ]),
        ),
        GRID,
      ],
      ...[2, 4, 6].map((seed): Case => [spikyChain(seed), { lo: 85, hi: 115, points: 1000 }]),
    ];
    for (const [c, grid] of cases) {
      const fast = certifiedGammaFlips(c.chain, c.w, grid);
      const exact = certifiedGammaFlips(c.chain, c.w, grid, { exactCells: true });
      expect(fast.flips).toEqual(exact.flips);
      expect(fast.search).toEqual(exact.search);
    }
  });

  it('bounds |d²G/d(ln S)²| on a chain with short-dated spikes', () => {
    const c = spikyChain(4);
    const bend = bendBound(c.chain, c.w);
    const g = (x: number) => netGexAt(c.chain, c.w, Math.exp(x)) / Math.exp(x);
    const h = 1e-4;
    let largest = 0;
    for (let x = Math.log(85); x < Math.log(115); x += 1e-4)
      largest = Math.max(largest, Math.abs(g(x + h) - 2 * g(x) + g(x - h)) / (h * h));
    expect(largest).toBeLessThanOrEqual(bend);
    // the spikes' curvature is what the bound is made of: it is not loose by orders of magnitude
    expect(largest).toBeGreaterThan(1e-3 * bend);
  });

  it('settles a cell only with both ends certain by twice their error and a rise the bend cannot undo', () => {
    const hx = 1e-3;
    expect(monotoneByBend(-5, 5, 1, hx, 1e6)).toBe(true); // rise 10 − 2 > 1e6·1e-6
    expect(monotoneByBend(-5, 5, 1, hx, 9e6)).toBe(false); // 9 > 8: G' may reach zero
    expect(monotoneByBend(-1.5, 5, 1, hx, 1)).toBe(false); // the left end is not certain by twice its error
    expect(monotoneByBend(3, 9, 1, hx, 1)).toBe(true); // same sign, monotone: no root
    expect(monotoneByBend(Number.NaN, 9, 1, hx, 1)).toBe(false);
    expect(monotoneByBend(-5, 5, 1, hx, Number.POSITIVE_INFINITY)).toBe(false);
  });
});

describe('the text report on a flip search', () => {
  const report = buildGexReport(doubleRoot(-1e-3));

  it('says no flip within the range only when the search is certified', () => {
    expect(report.flipSearch.certified).toBe(true);
    const text = renderTextReport(report, { rows: 5, color: false });
    expect(text).toContain('no flip within 80.00 – 120.00: net GEX keeps one sign over the whole range');
  });

  it('says no flip found and why when it is not', () => {
    const uncertified = { ...report, flipSearch: { ...report.flipSearch, certified: false, reason: 'gave up' } };
    const text = renderTextReport(uncertified, { rows: 5, color: false });
    expect(text).not.toContain('no flip within');
    expect(text).toContain('no flip found within 80.00 – 120.00; search not certified: gave up');
  });

  it('names a touch of zero', () => {
    const text = renderTextReport(buildGexReport(doubleRoot()), { rows: 5, color: false });
    expect(text).toMatch(/net GEX touches zero without changing sign at 100\.00/);
  });
});
