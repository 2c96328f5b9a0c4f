/** The Evidence panel: the regime study of the stored history, from GET /api/study (served with --db and --prices). */
import { BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { studyChartOption } from '../../src/history/study/chart.js';
import type { StudyResult } from '../../src/history/study/study.js';

echarts.use([BarChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);

function summary(r: StudyResult): string {
  const [pos, neg] = r.byRegime;
  const d = r.negMinusPos.closeToClose;
  const har = r.har.negativeGex;
  return [
    `${r.evaluated} snapshots with a next session (${r.distinctNextSessions} sessions): +GEX n ${pos?.count ?? 0}, −GEX n ${neg?.count ?? 0}.`,
    d ? `−GEX minus +GEX close-to-close vol ${pct(d.value)} [${pct(d.ci[0])} – ${pct(d.ci[1])}].` : '',
    har ? `HAR control: −GEX dummy ${pct(har.coefficient)} (HAC SE ${pct(har.hacSe)}, n ${r.har.n}).` : '',
    'Few sessions, open interest as of the previous close, correlation not causation.',
  ]
    .filter((s) => s !== '')
    .join(' ');
}

/** Shows the section when the server has a store and prices (a 404 leaves it hidden); one chain at a time. */
export async function initEvidence(): Promise<void> {
  const section = document.getElementById('evidence');
  const select = document.getElementById('evidence-series') as HTMLSelectElement | null;
  const box = document.getElementById('evidence-chart');
  const text = document.getElementById('evidence-summary');
  if (!section || !select || !box || !text) return;
  const history = await fetch('api/history').catch(() => undefined);
  if (!history?.ok) return;
  const points = ((await history.json()) as { points: { venue: string; underlying: string }[] }).points;
  const chains = [...new Map(points.map((p) => [`${p.venue} ${p.underlying}`, p])).values()];
  if (chains.length === 0) return;
  const chart = echarts.init(box);
  (window as unknown as { gexmapEvidence?: echarts.ECharts }).gexmapEvidence = chart;
  const draw = async () => {
    const chain = chains[select.selectedIndex] ?? chains[0];
    if (!chain) return;
    const q = new URLSearchParams({ venue: chain.venue, underlying: chain.underlying });
    const res = await fetch(`api/study?${q.toString()}`).catch(() => undefined);
    if (!res?.ok) return;
    const study = (await res.json()) as StudyResult;
    section.hidden = false;
    chart.setOption(studyChartOption(study), true);
    text.textContent = summary(study);
  };
  select.replaceChildren(...chains.map((c) => new Option(`${c.venue} ${c.underlying}`)));
  select.addEventListener('change', () => void draw());
  window.addEventListener('resize', () => chart.resize());
  await draw();
}
