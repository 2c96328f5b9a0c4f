import pc from 'picocolors';
import { strikeRows } from '../analytics/byStrike.js';
import type { LiveMetrics } from '../analytics/live.js';
import type { StreamHealth } from '../chain/streamHealth.js';
import type { FlowCoverage } from '../positioning/flow.js';
import { fmtPct, fmtPrice, fmtUsd } from './format.js';
import { barChartLayout, netGexBarChart, strikesAroundSpot } from './strikeChart.js';
import { DEFAULT_TEXT_WIDTH, wrapText } from './wrap.js';

/** What the frame says of the feed's health (Deribit's feed status has all of it, resyncs included). */
export type LiveFrameStatus = StreamHealth & { readonly resyncs?: number };

export interface LiveFrameInput {
  /** `deribit BTC` */
  readonly title: string;
  readonly metrics: LiveMetrics & { readonly flow?: FlowCoverage };
  readonly status: LiveFrameStatus;
  /** wall clock, ms: for the age of stale data */
  readonly now: number;
  /** `classic`, `flow` … and the view, in words */
  readonly positioning: string;
  readonly view: string;
  readonly rows: number;
  readonly color: boolean;
  readonly frame: number;
  /** terminal columns the frame fits (default 100; 0: not fitted) */
  readonly width?: number;
}

const SHORT_REGIME = {
  positive: 'dealers long gamma: moves tend to fade, ranges hold (range)',
  negative: 'dealers short gamma: moves tend to run, squeezes happen (trend / squeeze)',
} as const;

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/** One screen of `gexmap watch`: staleness first, then regime, net GEX, flip, walls and a compact strike chart. */
export function renderLiveFrame(input: LiveFrameInput): string {
  const c = input.color ? pc : pc.createColors(false);
  const { metrics: m, status: s } = input;
  const out: string[] = [];
  const state = s.stale
    ? c.bold(
        c.yellow(
          `▲ STALE ${s.staleSince === null ? '' : `for ${ago(input.now - s.staleSince)}`}: ${s.staleReason ?? 'not live'}`,
        ),
      )
    : c.bold(c.green('● LIVE'));
  out.push(`${c.bold(`gexmap watch · ${input.title} · ${new Date(m.asOf).toISOString()} · spot ${fmtPrice(m.spot)}`)}`);
  out.push(state);
  out.push(
    `positioning ${input.positioning} · ${input.view} · ${m.options} options · ${s.notifications} updates · ${s.reconnects} reconnects${s.resyncs !== undefined ? ` · ${s.resyncs} resyncs` : ''}${s.protocolErrors ? ` · ${s.protocolErrors} unreadable messages skipped` : ''}`,
  );
  if (m.flow) {
    out.push(
      `flow coverage: the tape explains ${(m.flow.share * 100).toFixed(1)} % of open interest · ${m.flow.trades.toLocaleString('en-US')} trades (${m.flow.blockTrades} block)${m.flow.firstTrade === null ? '' : ` since ${new Date(m.flow.firstTrade).toISOString()}`}`,
    );
  }
  out.push('');
  const regimeColor = m.regime === 'positive' ? c.green : c.red;
  out.push(`${c.bold('Net GEX')}    ${regimeColor(fmtUsd(m.netGex))} USD per 1 % move`);
  // the regime in one word, what it means on the line below
  out.push(`${c.bold('Regime')}     ${regimeColor(m.regime.toUpperCase())}`);
  out.push(`           ${SHORT_REGIME[m.regime]}`);
  const flip =
    m.nearestFlip === null
      ? m.flipSearch.certified
        ? 'none within the range'
        : `none found; search not certified: ${m.flipSearch.reason}`
      : `${fmtPrice(m.nearestFlip)} (${fmtPct(m.distanceToFlipPct)} from spot)`;
  out.push(`${c.bold('Gamma flip')} ${flip}`);
  out.push(
    `${c.bold('Call wall')}  ${fmtPrice(m.callWall)}   ${c.bold('Put wall')} ${fmtPrice(m.putWall)}   ${c.bold('Abs-gamma')} ${fmtPrice(m.absGammaStrike)}`,
  );
  out.push('');
  const rows = strikesAroundSpot(strikeRows(m.byStrike), m.spot, input.rows);
  const markers = { spot: m.spot, flip: m.nearestFlip, callWall: m.callWall, putWall: m.putWall };
  const width = input.width ?? DEFAULT_TEXT_WIDTH;
  const bars = barChartLayout(rows, markers, width, 24);
  out.push(netGexBarChart(rows, markers, bars.halfWidth, { tags: bars.tags }));
  out.push('');
  out.push(c.dim(`frame ${input.frame} · Ctrl-C to quit · GEX maps hedging mechanics, not direction`));
  return wrapText(out.join('\n'), width);
}
