import type { SnapshotRecord } from '../store/types.js';
import { mulberry32, normals } from './random.js';

/**
 * A price history in which dealer hedging of a known gamma exposure feeds back into price, so a
 * backtest has a known answer.
 *
 * Each step of `stepMinutes`:
 * - the gamma flip F moves as a random walk pulled towards spot (so price spends time on both sides);
 * - the dealers' normalised gamma is g = tanh(κ · ln(S / F)), in (−1, 1): + above the flip, − below;
 * - an outside shock ε ~ N(0, σ²·dt) hits the price, and dealers hedge against it: with gamma g they
 *   trade −g·r for a return r, which moves price by λ times that, so r = ε − λ·g·r, that is
 *   r = ε / (1 + λ·g). +GEX (g > 0) damps the move, −GEX (g < 0) amplifies it;
 * - one snapshot is stored every `snapshotMinutes`: spot, net GEX = g × `gexScale` (USD per 1 %),
 *   the flip F and the distance to it.
 *
 * With λ > 0 the realised volatility after −GEX snapshots is higher than after +GEX ones, and it
 * grows as spot sits further below the flip: the result a backtest must find.
 */
export interface SimulatorOptions {
  readonly seed: number;
  readonly start: number;
  readonly snapshots: number;
  readonly snapshotMinutes?: number;
  readonly stepMinutes?: number;
  /** annualised vol of the outside shocks (default 0.6) */
  readonly sigma?: number;
  /** hedging price impact λ, 0 ≤ λ < 1 (default 0.6; 0 switches the feedback off) */
  readonly impact?: number;
  /** κ: how fast dealer gamma saturates with the log distance to the flip (default 20) */
  readonly kappa?: number;
  readonly spot0?: number;
  readonly gexScale?: number;
  readonly venue?: string;
  readonly underlying?: string;
}

const MINUTES_PER_YEAR = 365 * 24 * 60;

export interface SimulatedPoint {
  readonly asOf: number;
  readonly spot: number;
  readonly flip: number;
  readonly gamma: number;
}

export function simulateGexHistory(options: SimulatorOptions): SimulatedPoint[] {
  const random = mulberry32(options.seed);
  const z = normals(random);
  const step = options.stepMinutes ?? 5;
  const every = options.snapshotMinutes ?? 60;
  const stepsPer = Math.max(1, Math.round(every / step));
  const dt = step / MINUTES_PER_YEAR;
  const sd = (options.sigma ?? 0.6) * Math.sqrt(dt);
  const impact = options.impact ?? 0.6;
  const kappa = options.kappa ?? 20;
  let lnS = Math.log(options.spot0 ?? 90_000);
  let lnF = lnS + 0.02;
  const out: SimulatedPoint[] = [];
  for (let i = 0; i < options.snapshots; i++) {
    const g = Math.tanh(kappa * (lnS - lnF));
    out.push({ asOf: options.start + i * every * 60_000, spot: Math.exp(lnS), flip: Math.exp(lnF), gamma: g });
    for (let k = 0; k < stepsPer; k++) {
      const gk = Math.tanh(kappa * (lnS - lnF));
      lnS += (sd * z()) / (1 + impact * gk);
      lnF += 0.5 * sd * z() + 0.01 * (lnS - lnF);
    }
  }
  return out;
}

/** The simulated history as store records: an empty chain per snapshot and the summary the backtest reads. */
export function simulatedRecords(options: SimulatorOptions): SnapshotRecord[] {
  const scale = options.gexScale ?? 1e8;
  return simulateGexHistory(options).map((p) => {
    const netGex = p.gamma * scale;
    return {
      snapshot: {
        venue: options.venue ?? 'sim',
        underlying: options.underlying ?? 'BTC',
        asOf: p.asOf,
        spot: p.spot,
        model: { kind: 'black76', rate: 0 },
        options: [],
        dropped: [],
        source: `simulator seed ${options.seed}`,
      },
      summary: {
        spot: p.spot,
        netGex,
        callGex: Math.max(netGex, 0),
        putGex: Math.min(netGex, 0),
        regime: netGex < 0 ? 'negative' : 'positive',
        flips: [p.flip],
        nearestFlip: p.flip,
        distanceToFlipPct: ((p.flip - p.spot) / p.spot) * 100,
        callWall: null,
        putWall: null,
        options: 0,
      },
    };
  });
}
