/** The smile of the first expiries (its vol axis clipped to the 2nd–98th percentile) and the ATM term structure. */
import { instant, share, sig } from '../format.js';
import type { Report } from '../report.js';
import type { Panel } from './chartHost.js';
import { COLORS, SERIES_COLORS } from './colors.js';
import { percentileRange } from './layout.js';
import { legend, title, valueAxis } from './strikeView.js';
import { axisTooltip } from './tooltip.js';

const pctTick = (v: number) => `${sig(v * 100)} %`;

/**
 * IV smile (OTM quotes) of the first four expiries against ln(K/F). Far wings of short expiries reach
 * several hundred percent: the vol axis shows the 2nd–98th percentile of the points drawn, padded.
 */
function smile(report: Report, maxExpiries = 4): Panel | undefined {
  const expiries = report.skew.expiries.filter((e) => e.smile.length > 1).slice(0, maxExpiries);
  if (expiries.length === 0) return undefined;
  const ivs = expiries.flatMap((e) => e.smile.map((p) => p.iv));
  const clip = percentileRange(ivs, 0.02, 0.98);
  const pad = clip ? (clip[1] - clip[0]) * 0.05 : 0;
  // the far wings' moneyness too: the axis holds the body of the smile
  const xClip = percentileRange(
    expiries.flatMap((e) => e.smile.map((p) => p.logMoneyness)),
    0.02,
    0.98,
  );
  return {
    id: 'smile',
    option: {
      animation: false,
      title: title('IV smile by expiry (OTM quotes) vs ln(K/F)'),
      tooltip: { ...axisTooltip((x: number) => `ln(K/F) ${sig(x)}`, share), trigger: 'axis' },
      legend: legend(),
      grid: { left: 56, right: 24, top: 36, bottom: 78 },
      xAxis: {
        type: 'value',
        ...(xClip ? { min: xClip[0], max: xClip[1] } : { scale: true }),
        name: 'ln(K / F)',
        nameLocation: 'middle',
        nameGap: 24,
        axisLabel: { formatter: (v: number) => sig(v, 2), showMinLabel: false, showMaxLabel: false },
      },
      yAxis: {
        type: 'value',
        ...(clip ? { min: Math.max(0, clip[0] - pad), max: clip[1] + pad } : { scale: true }),
        axisLabel: { formatter: pctTick },
        splitLine: { lineStyle: { color: COLORS.grid } },
      },
      series: expiries.map((e, i) => ({
        name: `${instant(e.expiry).slice(0, 10)} (${sig(e.daysToExpiry, 2)} d)`,
        type: 'line' as const,
        color: SERIES_COLORS[i % SERIES_COLORS.length] as string,
        showSymbol: false,
        clip: true,
        data: e.smile.map((p) => [p.logMoneyness, p.iv]),
      })),
    },
  };
}

function termStructure(report: Report): Panel | undefined {
  const points = report.skew.termStructure.filter((p) => p.atmIv !== null);
  if (points.length === 0) return undefined;
  return {
    id: 'term-structure',
    option: {
      animation: false,
      title: title('ATM IV term structure'),
      tooltip: axisTooltip((x: number) => `${sig(x)} days`, share),
      legend: legend(),
      grid: { left: 56, right: 24, top: 36, bottom: 78 },
      xAxis: { type: 'value', name: 'days to expiry', nameLocation: 'middle', nameGap: 24 },
      yAxis: { ...(valueAxis() as object), scale: true, axisLabel: { formatter: pctTick } },
      series: [
        {
          name: 'ATM IV',
          type: 'line',
          color: COLORS.net,
          data: points.map((p) => [p.daysToExpiry, p.atmIv as number]),
          lineStyle: { width: 2 },
        },
      ],
    },
  };
}

export function skewPanels(report: Report): Panel[] {
  return [smile(report), termStructure(report)].filter((p): p is Panel => p !== undefined);
}
