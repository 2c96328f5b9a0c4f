import type { EChartsOption } from 'echarts';
import type { BacktestResult, GroupRow } from './backtest.js';

/** Mean realised vol per group (bars) with its bootstrap interval (markers), regimes then distance buckets. */
export function backtestChartOption(r: BacktestResult): EChartsOption {
  const rows: GroupRow[] = [...r.byRegime.filter((g) => g.count > 0), ...r.byDistance];
  const labels = rows.map((g) => `${g.group}\n(n=${g.count})`);
  return {
    animation: false,
    title: {
      text: `Realised vol over the next ${r.horizonHours} h by regime and distance to flip`,
      left: 8,
      textStyle: { fontSize: 13 },
    },
    legend: { top: 24, data: ['mean realised vol', 'CI low', 'CI high'] },
    grid: { left: 60, right: 20, top: 60, bottom: 50 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', name: 'annualised vol, %' },
    series: [
      {
        name: 'mean realised vol',
        type: 'bar',
        data: rows.map((g, i) => ({
          value: g.meanVol * 100,
          itemStyle: { color: i < 2 && g.group.includes('−') ? '#e03131' : '#1c7ed6' },
        })),
      },
      {
        name: 'CI low',
        type: 'scatter',
        symbol: 'rect',
        symbolSize: [18, 2],
        data: rows.map((g) => g.volCi[0] * 100),
        itemStyle: { color: '#212529' },
      },
      {
        name: 'CI high',
        type: 'scatter',
        symbol: 'rect',
        symbolSize: [18, 2],
        data: rows.map((g) => g.volCi[1] * 100),
        itemStyle: { color: '#212529' },
      },
    ],
  };
}
