import type { EChartsOption } from 'echarts';
import type { StudyResult } from './study.js';

/**
 * Two panels side by side: mean next-session vol by regime (close-to-close and Parkinson, bars, with
 * their bootstrap intervals as markers), and next-session close-to-close vol against net GEX (points).
 */
export function studyChartOption(r: StudyResult): EChartsOption {
  const regimes = r.byRegime.filter((g) => g.count > 0);
  const labels = regimes.map((g) => `${g.group} (n=${g.count})`);
  const bar = (key: 'CloseToClose' | 'Parkinson', name: string, color: string) => ({
    name,
    type: 'bar' as const,
    xAxisIndex: 0,
    yAxisIndex: 0,
    data: regimes.map((g) => ((g[`mean${key}`] as number | null) ?? 0) * 100),
    // fixed width and no gap: the interval markers sit at ±18 px, the bars' centres
    barWidth: 36,
    barGap: '0%',
    itemStyle: { color },
  });
  const marks = (key: 'CloseToClose' | 'Parkinson', side: 0 | 1, offset: number) => ({
    name: '95 % CI',
    type: 'scatter' as const,
    xAxisIndex: 0,
    yAxisIndex: 0,
    symbol: 'rect',
    symbolSize: [14, 2],
    symbolOffset: [offset, 0],
    itemStyle: { color: '#212529' },
    data: regimes.map((g) => {
      const c = g[`ci${key}`] as readonly [number, number] | null;
      return c === null ? null : c[side] * 100;
    }),
  });
  const points = r.sessions.filter((s) => s.rvCloseToClose !== null);
  return {
    animation: false,
    title: [
      { text: 'Next-session vol by regime (mean, 95 % CI)', left: 8, textStyle: { fontSize: 13 } },
      { text: 'Next-session close-to-close vol against net GEX', left: '52%', textStyle: { fontSize: 13 } },
    ],
    legend: { top: 40, left: 8, data: ['close-to-close', 'Parkinson', '95 % CI'] },
    grid: [
      { left: 60, width: '38%', top: 90, bottom: 50 },
      { left: '58%', right: 20, top: 90, bottom: 50 },
    ],
    xAxis: [
      { type: 'category', gridIndex: 0, data: labels },
      {
        type: 'value',
        gridIndex: 1,
        name: 'net GEX, bn USD per 1 %',
        nameLocation: 'middle',
        nameGap: 28,
        scale: true,
      },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: 'annualised vol, %' },
      { type: 'value', gridIndex: 1, name: 'annualised vol, %' },
    ],
    series: [
      bar('CloseToClose', 'close-to-close', '#1c7ed6'),
      bar('Parkinson', 'Parkinson', '#74c0fc'),
      marks('CloseToClose', 0, -18),
      marks('CloseToClose', 1, -18),
      marks('Parkinson', 0, 18),
      marks('Parkinson', 1, 18),
      {
        name: 'sessions',
        type: 'scatter',
        xAxisIndex: 1,
        yAxisIndex: 1,
        symbolSize: 8,
        data: points.map((s) => ({
          value: [s.netGex / 1e9, (s.rvCloseToClose as number) * 100],
          itemStyle: { color: s.regime === 'negative' ? '#e03131' : '#2f9e44' },
        })),
      },
    ],
  };
}
