import type { PricingModel } from '../../chain/types.js';
import { percentOf } from '../../core/units/index.js';

/** The conventions behind the mechanics numbers (hedge flow, vanna, charm, roll-off), in words. */
export function mechanicsConventions(
  model: PricingModel,
  flow: { range: number; points: number },
): Record<string, string> {
  const delta =
    model.kind === 'black76'
      ? 'Black-76: Δ = ∂V/∂F = D·φ·N(φ·d1) per unit of the expiry’s own forward (dealers hedge with the matching future), D = exp(−r·t)'
      : 'BSM: spot delta Δ = e^(−q·t)·φ·N(φ·d1)';
  const gammaRelation =
    model.kind === 'black76'
      ? 'Because Γ in GEX is ∂²V/∂F² and dΔ_F/dS = Γ_F·F_i/S, the exact slope at spot is −Σ q·m·Γ_F·(F_i/S)·S²·0.01 USD per 1 %: the linear line from net GEX leaves out the F_i/S factor (≈ 1 for near expiries), and the difference also holds the convexity of re-pricing'
      : 'For BSM Γ = dΔ/dS, so the linear line is the tangent of the exact curve at spot and the difference is the convexity of re-pricing';
  return {
    delta: `${delta}; φ = +1 call, −1 put; dealer delta = Σ q·m·Δ in underlying units, × S in USD`,
    hedgeFlow: `USD dealers must buy (+) or sell (−) to stay delta-neutral when spot moves to S' (forwards move with it, F_i(S') = F_i·S'/spot; sticky strike: each option keeps its σ and t): −(dealer delta(S') − dealer delta(spot)) × S', every option re-priced exactly; moves from −${percentOf(flow.range)} % to +${percentOf(flow.range)} % of spot on ${flow.points} evenly spaced points; per expiry too. linear = −net GEX(spot) × move in %; difference = exact − linear. ${gammaRelation}`,
    vanna:
      'dealer delta change in USD when every implied vol rises by 1 point (0.01): Σ q·m·∂Δ/∂σ·0.01·S, ∂Δ/∂σ = A·φ(d1)·(−d2/σ); + means dealers’ delta rises, so they must SELL that many USD to re-hedge (hedge flow = −vanna exposure); vanna.byStrike: the same USD per strike (calls and puts of every expiry in view), summing to perVolPointUsd',
    charm: `dealer delta change in USD per calendar day of time passing: Σ q·m·charm·S/365 with charm = −∂Δ/∂t (${model.kind === 'black76' ? 'spot, vols and forwards held fixed' : 'spot and vols held fixed, the forward carries at r − q'}); per hour = charm·S/8760, shown for options expiring within 24 h; + means dealers’ delta rises, so they must SELL that many USD (hedge flow = −charm exposure); charm.byStrike: USD per day per strike (calls and puts of every expiry in view), summing to perDayUsd`,
    rollOff:
      'the earliest expiry in view leaves: net GEX, gamma flips and walls of the view with and without it, at today’s spot with the other options unchanged; delta held in the expiring options = Σ q·m·Δ·S; as they settle (cash) that delta disappears and dealers unwind its hedge: buy (+) / sell (−) that many USD',
  };
}
