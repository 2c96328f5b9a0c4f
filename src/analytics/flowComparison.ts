import type { ChainSnapshot } from '../chain/types.js';
import { type FlowCoverage, type FlowPositions, flowPositioning } from '../positioning/flow.js';
import type { Positioning } from '../positioning/models.js';
import { DEFAULT_REPORT_OPTIONS } from './gexReport.js';
import { gexHeadline, type MapSummary } from './headline.js';
import { positionedView } from './positionedView.js';
import type { ExpiryView } from './views.js';

/** The numbers the flow comparison sets side by side. */
export type PositioningSummary = Pick<
  MapSummary,
  'netGex' | 'regime' | 'nearestFlip' | 'distanceToFlipPct' | 'callWall' | 'putWall' | 'absGammaStrike'
>;

export interface FlowComparison {
  readonly coverage: FlowCoverage;
  readonly classic: PositioningSummary;
  readonly flow: PositioningSummary;
}

interface CompareOptions {
  readonly view: ExpiryView;
  /** profile half-width as a fraction of spot, as in the GEX report */
  readonly range: number;
}

function summary(snapshot: ChainSnapshot, positioning: Positioning, opts: CompareOptions): PositioningSummary {
  const { chain, q } = positionedView(snapshot, { view: opts.view, positioning });
  const h = gexHeadline(chain, q, { range: opts.range, profilePoints: DEFAULT_REPORT_OPTIONS.profilePoints });
  return {
    netGex: h.netGex,
    regime: h.regime,
    nearestFlip: h.nearestFlip,
    distanceToFlipPct: h.distanceToFlipPct,
    callWall: h.callWall,
    putWall: h.putWall,
    absGammaStrike: h.absGammaStrike,
  };
}

/** `classic` and `flow` on the same snapshot and view, side by side. */
export function compareFlow(snapshot: ChainSnapshot, flow: FlowPositions, opts: CompareOptions): FlowComparison {
  return {
    coverage: flow.coverage,
    classic: summary(snapshot, { model: 'classic' }, opts),
    flow: summary(snapshot, flowPositioning(flow), opts),
  };
}
