/** Tooltips of every chart: the axis value and each series' value written by the page's formats, never raw floats. */
import type { EChartsOption } from 'echarts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

interface AxisParam {
  readonly marker?: unknown;
  readonly seriesName?: string;
  readonly axisValue?: unknown;
  readonly value?: unknown;
}

/** The y of a point: `[x, y]` data or a plain value. */
function yOf(value: unknown): number | null {
  const v = Array.isArray(value) ? value[1] : value;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** An axis tooltip: `x` formats the axis value (a number or a category), `y` each series' value. */
export function axisTooltip(
  x: (v: never) => string,
  y: (v: number) => string,
): NonNullable<EChartsOption['tooltip']> & { trigger: 'axis' } {
  return {
    trigger: 'axis',
    confine: true,
    formatter: (raw: unknown) => {
      const params = (Array.isArray(raw) ? raw : [raw]) as AxisParam[];
      const head = params[0]?.axisValue;
      const rows = params
        .map((p) => {
          const v = yOf(p.value);
          if (v === null) return '';
          return `${typeof p.marker === 'string' ? p.marker : ''}${escapeHtml(p.seriesName ?? '')} <b>${escapeHtml(y(v))}</b>`;
        })
        .filter((r) => r !== '');
      return [escapeHtml(x(head as never)), ...rows].join('<br>');
    },
  };
}

export { escapeHtml };
