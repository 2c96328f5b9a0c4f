import type { ChainSnapshot, OptionQuote } from '../../src/chain/types.js';
import { mulberry32 } from '../../src/history/random.js';

const DAY = 86_400_000;

/** Deterministic pseudo-random numbers so synthetic chains are reproducible. */
export const seededRandom = mulberry32;

export interface QuoteSpec {
  readonly strike: number;
  readonly type: 'C' | 'P';
  readonly oi: number;
  readonly iv?: number;
  readonly days?: number;
  readonly forward?: number;
}

/** A hand-made chain (spot 100 unless given, Black-76, rate 0, multiplier 1). */
export function handChain(specs: readonly QuoteSpec[], spot = 100, asOf = Date.UTC(2025, 0, 1, 8)): ChainSnapshot {
  const options: OptionQuote[] = specs.map((s, i) => ({
    instrument: `X-${s.days ?? 30}D-${s.strike}-${s.type}-${i}`,
    expiry: asOf + (s.days ?? 30) * DAY,
    strike: s.strike,
    type: s.type,
    openInterest: s.oi,
    iv: s.iv ?? 0.5,
    forward: s.forward ?? spot,
    multiplier: 1,
  }));
  return {
    venue: 'test',
    underlying: 'X',
    asOf,
    spot,
    model: { kind: 'black76', rate: 0 },
    options,
    dropped: [],
    source: 'synthetic',
  };
}

/** A large random chain shaped like a real one: many expiries, strikes around spot, skewed vols. */
export function randomChain(n: number, seed = 1, spot = 4000): ChainSnapshot {
  const rnd = seededRandom(seed);
  const specs: QuoteSpec[] = [];
  for (let i = 0; i < n; i++) {
    const days = [0.2, 1, 2, 7, 14, 30, 60, 90, 180, 365, 730][Math.floor(rnd() * 11)] as number;
    const strike = Math.round((spot * Math.exp((rnd() - 0.5) * 0.8)) / 5) * 5;
    specs.push({
      strike,
      type: rnd() < 0.5 ? 'C' : 'P',
      oi: Math.floor(rnd() * 5000) + 1,
      iv: 0.1 + rnd() * 0.6,
      days,
      forward: spot * (1 + (days / 365) * 0.03),
    });
  }
  return handChain(specs, spot);
}
