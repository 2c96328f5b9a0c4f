/** The history panel: net GEX, nearest flip, walls and spot over time, from GET /api/history (served with --db). */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type HistoryChartPoint, historyChartOption } from '../../src/report/charts/history.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

type Point = HistoryChartPoint & { venue: string; underlying: string };

/** Shows the section when the server has a history store; a 404 (no store) leaves it hidden. */
export async function initHistory(): Promise<void> {
  const section = document.getElementById('history');
  const select = document.getElementById('history-series') as HTMLSelectElement | null;
  const box = document.getElementById('history-chart');
  if (!section || !select || !box) return;
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
  const draw = () => chart.setOption(historyChartOption(series.get(select.value) ?? [], `History · ${select.value}`), true);
  select.addEventListener('change', draw);
  window.addEventListener('resize', () => chart.resize());
  draw();
}
