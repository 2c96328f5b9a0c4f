import type { ColumnarChain } from '../chain/columnar.js';
import { type CertifiedFlips, certifiedGammaFlips } from './certifiedFlips.js';
import { nearestFlip } from './flips.js';
import { gexWeights, netGexAt } from './gexWeights.js';
import { findWalls } from './levels.js';
import type { LiveMetrics, LiveMetricsOptions } from './live.js';
import type { GexProfile } from './profile.js';
import { CellSums } from './profileCells.js';
import { distancePct, regimeOf } from './regime.js';

const INV_SQRT_2PI = 0.3989422804014327;

/** The columns one option is swept from, reused for every update. */
interface OneOption {
  readonly n: 1;
  readonly stdDev: Float64Array;
  readonly d1Shift: Float64Array;
}

/**
 * The live map of a chain held between updates: net GEX, flips and walls after a mark changes one
 * option's IV, without a full rebuild. Only that option's terms change, so its old contribution
 * to the profile and cell bounds (CellSums) is taken out and the new one added, its GEX at spot
 * replaces the old one in the by-strike sums, and the flips are found again from the kept bounds
 * by the certified search the report uses. Net GEX at spot is summed afresh (no drift there).
 * The chain's columns are copied in and rewritten per option with writeOptionTerms' formulas,
 * so a full rebuild of the same marks prices with the same numbers.
 */
export class LiveMap {
  private readonly chain: ColumnarChain;
  private readonly w: Float64Array;
  private readonly q: Float64Array;
  private readonly lnMoneyness: Float64Array;
  private readonly perOption: Float64Array;
  private readonly callGex: Float64Array;
  private readonly putGex: Float64Array;
  private readonly callOi: Float64Array;
  private readonly putOi: Float64Array;
  private readonly positioned: number;
  private readonly sums: CellSums;
  private readonly grid: { lo: number; hi: number; points: number };
  private readonly one: OneOption = { n: 1, stdDev: new Float64Array(1), d1Shift: new Float64Array(1) };
  private readonly oneW = new Float64Array(1);
  private readonly index: Map<string, number>;
  private flips: CertifiedFlips;

  constructor(chain: ColumnarChain, q: Float64Array, opts: LiveMetricsOptions = {}) {
    // own copies of the columns a mark rewrites
    this.chain = {
      ...chain,
      iv: Float64Array.from(chain.iv),
      stdDev: Float64Array.from(chain.stdDev),
      d1Shift: Float64Array.from(chain.d1Shift),
      gammaScale: Float64Array.from(chain.gammaScale),
    };
    const c = this.chain;
    this.q = Float64Array.from(q);
    this.w = gexWeights(c, this.q);
    this.lnMoneyness = new Float64Array(c.n);
    for (let i = 0; i < c.n; i++) this.lnMoneyness[i] = Math.log(c.fwdRatio[i]!) - Math.log(c.strike[i]!);
    const range = opts.range ?? 0.2;
    this.grid = { lo: c.spot * (1 - range), hi: c.spot * (1 + range), points: opts.profilePoints ?? 1000 };
    this.sums = new CellSums(this.grid);
    for (let i = 0; i < c.n; i++) this.sweepOne(i, 1);
    this.perOption = new Float64Array(c.n);
    this.callGex = new Float64Array(c.strikes.length);
    this.putGex = new Float64Array(c.strikes.length);
    this.callOi = new Float64Array(c.strikes.length);
    this.putOi = new Float64Array(c.strikes.length);
    let positioned = 0;
    for (let i = 0; i < c.n; i++) {
      this.perOption[i] = this.gexAtSpot(i);
      const s = c.strikeIndex[i]!;
      this.sideOf(i)[s]! += this.perOption[i]!;
      (c.phi[i] === 1 ? this.callOi : this.putOi)[s]! += c.openInterest[i]!;
      if (this.q[i] !== 0) positioned++;
    }
    this.positioned = positioned;
    this.index = new Map(c.instruments.map((name, i) => [name, i]));
    this.flips = this.findFlips();
  }

  /** Option i's new implied vol (a mark). Unknown instruments and non-positive vols are refused, naming them. */
  applyIv(instrument: string, iv: number): LiveMetrics {
    const i = this.index.get(instrument);
    if (i === undefined) throw new RangeError(`live map: unknown instrument ${JSON.stringify(instrument)}`);
    if (!(iv > 0 && Number.isFinite(iv))) {
      throw new RangeError(`live map: ${JSON.stringify(instrument)} iv (${iv}) must be a finite number > 0`);
    }
    const c = this.chain;
    this.sweepOne(i, -1);
    const iv0 = c.iv as Float64Array;
    const sd = iv * Math.sqrt(c.t[i]!);
    iv0[i] = iv;
    (c.stdDev as Float64Array)[i] = sd;
    (c.d1Shift as Float64Array)[i] = this.lnMoneyness[i]! + 0.5 * sd * sd;
    const ratio = c.fwdRatio[i]!;
    const discount = c.discount[i]!;
    (c.gammaScale as Float64Array)[i] = c.model.kind === 'black76' ? discount / (ratio * sd) : (discount * ratio) / sd;
    this.w[i] = this.q[i]! * c.multiplier[i]! * c.gammaScale[i]! * 0.01 * INV_SQRT_2PI;
    this.sweepOne(i, 1);
    const before = this.perOption[i]!;
    this.perOption[i] = this.gexAtSpot(i);
    this.sideOf(i)[c.strikeIndex[i]!]! += this.perOption[i]! - before;
    this.flips = this.findFlips();
    return this.metrics();
  }

  /** Net GEX, flips and walls now, as liveMetrics gives them for the same chain and positions. */
  metrics(): LiveMetrics {
    const c = this.chain;
    const netGex = netGexAt(c, this.w, c.spot);
    let callGex = 0;
    let putGex = 0;
    for (let s = 0; s < c.strikes.length; s++) {
      callGex += this.callGex[s]!;
      putGex += this.putGex[s]!;
    }
    const byStrike = {
      strikes: c.strikes,
      callGex: Float64Array.from(this.callGex),
      putGex: Float64Array.from(this.putGex),
      callOi: this.callOi,
      putOi: this.putOi,
    };
    const { flips, search } = this.flips;
    const nearest = nearestFlip(flips, c.spot);
    return {
      asOf: c.asOf,
      spot: c.spot,
      netGex,
      callGex,
      putGex,
      regime: regimeOf(netGex),
      gammaFlips: flips,
      flipSearch: search,
      nearestFlip: nearest,
      distanceToFlipPct: nearest === null ? null : distancePct(nearest, c.spot),
      ...findWalls(byStrike),
      byStrike,
      positioned: this.positioned,
      options: c.n,
    };
  }

  /** The net GEX profile the flips were searched on (USD per 1 % at each grid spot). */
  profile(): GexProfile {
    return this.flips.profile;
  }

  private sideOf(i: number): Float64Array {
    return this.chain.phi[i] === 1 ? this.callGex : this.putGex;
  }

  private gexAtSpot(i: number): number {
    const c = this.chain;
    const d1 = (Math.log(c.spot) + c.d1Shift[i]!) / c.stdDev[i]!;
    return c.spot * this.w[i]! * Math.exp(-0.5 * d1 * d1);
  }

  /** Adds (1) or takes out (−1) option i's terms in the profile and cell bounds. */
  private sweepOne(i: number, sign: 1 | -1): void {
    if (this.w[i] === 0) return;
    this.one.stdDev[0] = this.chain.stdDev[i]!;
    this.one.d1Shift[0] = this.chain.d1Shift[i]!;
    this.oneW[0] = this.w[i]!;
    this.sums.add(this.one, this.oneW, sign);
  }

  private findFlips(): CertifiedFlips {
    return certifiedGammaFlips(this.chain, this.w, this.grid, { cells: this.sums.cells(this.chain.n) });
  }
}
