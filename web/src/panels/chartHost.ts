/**
 * The chart boxes of the page: one ECharts instance per panel id, created on first use, disposed when
 * its panel goes, resized with its box. Level labels (spot, flips, walls) are HTML over the canvas,
 * horizontal, placed by the layout rules so that none overlap: the page can measure what it shows.
 */
import type { EChartsOption } from 'echarts';
import * as echarts from 'echarts/core';
import { spreadApart, stackRows } from './layout.js';

/** A price drawn as a line across a chart, named by a label. */
export interface LevelMark {
  readonly value: number;
  readonly text: string;
  readonly color: string;
}

export interface Panel {
  readonly id: string;
  readonly option: EChartsOption;
  /** level labels: along the x axis (vertical lines, labels in rows above the plot) or the y axis (labels in the right margin) */
  readonly marks?: { readonly axis: 'x' | 'y'; readonly levels: readonly LevelMark[] };
  /** a line under the chart: what it leaves out, or why it is empty */
  readonly note?: string;
}

/** Top of the first label row, below the title (px). */
const LABEL_TOP = 28;
const ROW = 15;

interface Box {
  readonly div: HTMLDivElement;
  readonly chart: echarts.ECharts;
  readonly labels: HTMLDivElement;
  readonly note: HTMLParagraphElement;
  panel: Panel;
}

export class ChartHost {
  private readonly boxes = new Map<string, Box>();

  constructor(
    private readonly container: HTMLElement,
    /** the page's record of chart instances by id (tests read their options) */
    private readonly registry: Record<string, echarts.ECharts>,
    private readonly className = 'chart',
  ) {}

  /** Draws these panels in this order; panels not named any more are removed. */
  show(panels: readonly Panel[]): void {
    const ids = new Set(panels.map((p) => p.id));
    for (const [id, box] of this.boxes) if (!ids.has(id)) this.remove(id, box);
    for (const panel of panels) {
      const box = this.boxes.get(panel.id) ?? this.create(panel);
      box.panel = panel;
      this.container.append(box.div); // keeps the panel order
      box.chart.setOption(panel.option, { notMerge: true });
      box.note.textContent = panel.note ?? '';
      box.note.hidden = panel.note === undefined;
      // a panel with nothing to draw (no prices) shrinks to its title and note
      box.div.classList.toggle('empty', panel.option.series === undefined);
      box.div.dataset.empty = String(panel.option.series === undefined);
      placeLabels(box);
    }
  }

  private create(panel: Panel): Box {
    const div = document.createElement('div');
    div.className = `${this.className} panel-box`;
    div.id = `chart-${panel.id}`;
    div.dataset.testid = `chart-${panel.id}`;
    const canvasBox = document.createElement('div');
    canvasBox.className = 'canvas-box';
    const labels = document.createElement('div');
    labels.className = 'level-labels';
    const note = document.createElement('p');
    note.className = 'chart-note';
    div.append(canvasBox, labels, note);
    this.container.append(div);
    const chart = echarts.init(canvasBox);
    const box: Box = { div, chart, labels, note, panel };
    this.boxes.set(panel.id, box);
    this.registry[panel.id] = chart;
    chart.on('datazoom', () => placeLabels(box));
    // adding a panel reflows the grid: every chart follows its own box
    new ResizeObserver(() => {
      chart.resize();
      placeLabels(box);
    }).observe(canvasBox);
    return box;
  }

  private remove(id: string, box: Box): void {
    box.chart.dispose();
    box.div.remove();
    this.boxes.delete(id);
    delete this.registry[id];
  }
}

function gridOf(option: EChartsOption): { left: number; right: number; top: number; bottom: number } {
  const g = (Array.isArray(option.grid) ? option.grid[0] : option.grid) ?? {};
  const n = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
  return { left: n(g.left, 64), right: n(g.right, 24), top: n(g.top, 36), bottom: n(g.bottom, 62) };
}

function labelSpan(box: Box, mark: LevelMark): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = 'level-label';
  span.textContent = mark.text;
  span.style.color = mark.color;
  span.style.borderColor = mark.color;
  span.dataset.value = String(mark.value);
  box.labels.append(span);
  return span;
}

/**
 * Puts the panel's level labels where their lines are: x marks in rows above the plot (the grid's top
 * grows to hold the rows), y marks in the right margin, moved apart the least. Labels whose line is
 * out of view are not shown.
 */
function placeLabels(box: Box): void {
  box.labels.replaceChildren();
  const marks = box.panel.marks;
  if (!marks || marks.levels.length === 0 || box.chart.isDisposed()) return;
  const width = box.chart.getWidth();
  const height = box.chart.getHeight();
  const grid = gridOf(box.panel.option);
  if (marks.axis === 'x') {
    const shown: { span: HTMLSpanElement; at: number; size: number }[] = [];
    for (const mark of marks.levels) {
      const x = box.chart.convertToPixel({ xAxisIndex: 0 }, mark.value) as number;
      if (!Number.isFinite(x) || x < grid.left || x > width - grid.right) continue;
      const span = labelSpan(box, mark);
      shown.push({ span, at: x, size: span.offsetWidth });
    }
    // a label near an edge is shifted inside the box, so rows are laid out on the shifted centres
    for (const s of shown) s.at = Math.min(Math.max(s.at, s.size / 2 + 2), width - s.size / 2 - 2);
    const rows = stackRows(shown);
    shown.forEach((s, i) => {
      s.span.style.left = `${s.at - s.size / 2}px`;
      s.span.style.top = `${LABEL_TOP + (rows[i] ?? 0) * ROW}px`;
    });
    const top = LABEL_TOP + (Math.max(-1, ...rows) + 1) * ROW + 6;
    if (top !== grid.top) {
      // rows changed: the plot starts below them (x positions do not depend on the grid's top)
      box.panel = { ...box.panel, option: { ...box.panel.option, grid: { ...grid, top } } };
      box.chart.setOption({ grid: { top } });
    }
    return;
  }
  const shown: { span: HTMLSpanElement; at: number; size: number }[] = [];
  for (const mark of marks.levels) {
    const y = box.chart.convertToPixel({ yAxisIndex: 0 }, mark.value) as number;
    if (!Number.isFinite(y) || y < grid.top || y > height - grid.bottom) continue;
    const span = labelSpan(box, mark);
    shown.push({ span, at: y, size: span.offsetHeight });
  }
  const centres = spreadApart(shown, grid.top, height - grid.bottom);
  shown.forEach((s, i) => {
    s.span.style.left = `${width - grid.right + 4}px`;
    s.span.style.top = `${(centres[i] ?? s.at) - s.size / 2}px`;
  });
}
