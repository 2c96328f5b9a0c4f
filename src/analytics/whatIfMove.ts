import type { ChainSnapshot } from '../chain/types.js';
import { buildGexReport, DEFAULT_REPORT_OPTIONS, type GexReport, type GexReportOptions } from './gexReport.js';
import { mechanicsConventions } from './mechanics/conventions.js';
import { type HedgeFlowGrid, hedgeFlowCurve } from './mechanics/hedgeFlow.js';
import { positionedView } from './positionedView.js';

/**
 * The snapshot after spot moves by `move` (a fraction: −0.05 is −5 %): every forward moves with
 * spot (F_i·S'/S), each option keeps its σ and t (sticky strike), positions unchanged — the same
 * re-pricing the profile and the hedge-flow curve use.
 */
export function movedSnapshot(snapshot: ChainSnapshot, move: number): ChainSnapshot {
  const k = 1 + move;
  if (!(k > 0 && Number.isFinite(k))) throw new RangeError(`move ${move} must leave spot above 0`);
  return {
    ...snapshot,
    spot: snapshot.spot * k,
    options: snapshot.options.map((o) => ({ ...o, forward: o.forward * k })),
  };
}

export interface MoveOutcome {
  /** the move, percent of spot */
  readonly movePct: number;
  readonly spotBefore: number;
  readonly spotAfter: number;
  /** exact: −(dealer delta(S') − dealer delta(S)) × S', USD; + = dealers buy */
  readonly hedgeFlowUsd: number;
  /** the linear gamma approximation −net GEX(S) × move in %, USD */
  readonly linearUsd: number;
  /** dealers' delta at spot before the move, USD */
  readonly dealerDeltaUsd: number;
  /** how the flow was computed, in words */
  readonly hedgeFlowRule: string;
  /** the map at the moved spot */
  readonly after: GexReport;
}

/**
 * Dealers' hedge flow for one spot move and the GEX map once spot is there. `move` is a fraction
 * (−0.05 = −5 %), not 0; the options are the report's (view, positioning, range …).
 */
export function whatIfMove(snapshot: ChainSnapshot, move: number, opts: Partial<GexReportOptions> = {}): MoveOutcome {
  const options: GexReportOptions = { ...DEFAULT_REPORT_OPTIONS, ...opts };
  if (move === 0) throw new RangeError('move 0 is no move: give a percentage of spot such as -5 or 3%');
  // three points −|m|, 0, +|m|: the ends are the move exactly
  const grid: HedgeFlowGrid = { range: Math.abs(move), points: 3 };
  const { chain, q } = positionedView(snapshot, options);
  const curve = hedgeFlowCurve(chain, q, grid);
  const j = move > 0 ? 2 : 0;
  const after = buildGexReport(movedSnapshot(snapshot, move), options);
  return {
    movePct: curve.movesPct[j]!,
    spotBefore: snapshot.spot,
    spotAfter: after.spot,
    hedgeFlowUsd: curve.flowUsd[j]!,
    linearUsd: curve.linearUsd[j]!,
    dealerDeltaUsd: curve.dealerDeltaUsd,
    hedgeFlowRule: mechanicsConventions(snapshot.model, grid).hedgeFlow!,
    after,
  };
}
