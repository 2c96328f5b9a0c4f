/** The history panel: net GEX, nearest flip, walls and spot over time, from GET /api/history (served with --db). */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type HistoryChartPoint, historyChartOption } from '../../src/report/charts/history.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

type Point = HistoryChartPoint & { venue: string; underlying: string; time: string };

/** A stored snapshot to show in place of the live map. */
export interface StoredChoice {
  readonly venue: string;
  readonly underlying: string;
  readonly asOf: number;
}

/**
 * Shows the section when the server has a history store; a 404 (no store) leaves it hidden.
 * Choosing a stored time (the select, or a click on the chart) calls `onShow`.
 */
export async function initHistory(onShow: (choice: StoredChoice) => void): Promise<void> {
  const section = document.getElementById('history');
  const select = document.getElementById('history-series') as HTMLSelectElement | null;
  const box = document.getElementById('history-chart');
  const at = document.getElementById('history-at') as HTMLSelectElement | null;
  const show = document.getElementById('history-show');
  if (!section || !select || !box || !at || !show) return;
  const res = await fetch('api/history').catch(() => undefined);
  if (!res?.ok) return;
  const body = (await res.json()) as { points: Point[] };
  const series = new Map<string, Point[]>();
  for (const p of body.points) {
    const key = `${p.venue} ${p.underlying}`;
    const points = series.get(key);
    if (points) points.push(p);
    else series.set(key, [p]);
  }
  if (series.size === 0) return;
  section.hidden = false;
  select.replaceChildren(...[...series.keys()].map((k) => new Option(k, k)));
  const chart = echarts.init(box);
  (window as unknown as { gexmapHistory?: echarts.ECharts }).gexmapHistory = chart;
  const current = () => series.get(select.value) ?? [];
  const draw = () => {
    const points = current();
    chart.setOption(historyChartOption(points, `History · ${select.value}`), true);
    // latest first: the usual question is "what did the map look like a little while ago"
    at.replaceChildren(...[...points].reverse().map((p) => new Option(p.time, String(p.asOf))));
  };
  const choose = () => {
    const p = current().find((x) => String(x.asOf) === at.value);
    if (p) onShow({ venue: p.venue, underlying: p.underlying, asOf: p.asOf });
  };
  select.addEventListener('change', draw);
  show.addEventListener('click', choose);
  chart.on('click', (params) => {
    const p = current()[params.dataIndex];
    if (!p) return;
    at.value = String(p.asOf);
    choose();
  });
  window.addEventListener('resize', () => chart.resize());
  draw();
}
