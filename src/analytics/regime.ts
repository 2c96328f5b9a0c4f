/** Sign of dealer gamma at spot and what it means for how price behaves once it moves. */
export type Regime = 'positive' | 'negative';

export const REGIME_MEANING: Record<Regime, string> = {
  positive:
    'dealers long gamma: they sell rallies and buy dips, leaning against moves; volatility tends to be suppressed, ranges hold, price is drawn to large OI strikes (fade / range)',
  negative:
    'dealers short gamma: they buy rallies and sell dips, chasing moves; breakouts tend to run and squeezes happen (trend / squeeze)',
};

export function regimeOf(netGex: number): Regime {
  return netGex < 0 ? 'negative' : 'positive';
}

/** Signed distance from spot to a level in percent of spot (+ above spot). */
export function distancePct(level: number, spot: number): number {
  return ((level - spot) / spot) * 100;
}
