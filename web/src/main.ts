import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type ChartReport, chartPanels } from '../../src/report/charts/panels.js';
import { type BadgeStatus, sourceBadge } from '../../src/report/sourceBadge.js';
import { initEvidence } from './evidence.js';
import { initHistory, type StoredChoice } from './history.js';

echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

type Report = ChartReport & {
  regimeMeaning: string;
  nearestFlip: number | null;
  distanceToFlipPct: number | null;
  conventions: Record<string, string>;
  playbook?: unknown;
  venues?: unknown;
};

interface SourceInfo {
  id: string;
  label: string;
  state: string;
}

/** What the page exposes for tests and for the curious: the report drawn and the chart instances. */
interface PageState {
  report: Report | null;
  charts: Record<string, echarts.ECharts>;
  updates: number;
  receivedAt: number | null;
  /** the stored snapshot shown instead of the live source, if any */
  stored: StoredChoice | null;
}
const state: PageState = { report: null, charts: {}, updates: 0, receivedAt: null, stored: null };
(window as unknown as { gexmap: PageState }).gexmap = state;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const controls = {
  source: $<HTMLSelectElement>('source'),
  view: $<HTMLSelectElement>('view'),
  positioning: $<HTMLSelectElement>('positioning'),
  range: $<HTMLInputElement>('range'),
  spotChange: $<HTMLInputElement>('spot-change'),
};

const money = (v: number) => {
  const a = Math.abs(v);
  const s = v < 0 ? '−' : '';
  if (a >= 1e9) return `${s}${(a / 1e9).toFixed(3)} bn`;
  if (a >= 1e6) return `${s}${(a / 1e6).toFixed(2)} M`;
  if (a >= 1e3) return `${s}${(a / 1e3).toFixed(1)} k`;
  return `${s}${a.toFixed(0)}`;
};
const price = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Controls live in the URL so a view can be shared and survives a reload. */
function readUrl(): void {
  const p = new URLSearchParams(location.search);
  for (const key of ['view', 'positioning', 'range', 'spotChange'] as const) {
    const v = p.get(key);
    if (v !== null) controls[key].value = v;
  }
}
function query(): URLSearchParams {
  const q = new URLSearchParams({ view: controls.view.value, positioning: controls.positioning.value, range: controls.range.value });
  if (controls.spotChange.value.trim() !== '') q.set('spotChange', controls.spotChange.value);
  return q;
}
function writeUrl(): void {
  const p = query();
  p.set('source', controls.source.value);
  history.replaceState(null, '', `?${p.toString()}`);
}

function renderSummary(r: Report): void {
  const badge = $('regime');
  badge.textContent = r.regime === 'positive' ? '+GEX · dealers long gamma · fade / range' : '−GEX · dealers short gamma · trend / squeeze';
  badge.className = `badge ${r.regime}`;
  badge.dataset.regime = r.regime;
  $('regime-meaning').textContent = r.regimeMeaning;
  $('spot').textContent = price(r.spot);
  $('net-gex').textContent = money(r.netGex);
  $('net-gex').dataset.value = String(r.netGex);
  $('flip').textContent =
    r.nearestFlip === null ? 'none in range' : `${price(r.nearestFlip)} (${(r.distanceToFlipPct ?? 0).toFixed(2)} %)`;
  $('flip').dataset.value = r.nearestFlip === null ? '' : String(r.nearestFlip);
  $('call-wall').textContent = price(r.callWall);
  $('put-wall').textContent = price(r.putWall);
  $('max-pain').textContent = r.maxPain[0] ? `${price(r.maxPain[0].strike)} (${r.maxPain[0].expiry.slice(0, 10)})` : '—';
  $('asof').textContent = r.asOf;
  const conv = $('conventions');
  conv.replaceChildren(
    ...Object.entries(r.conventions).flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
}

interface Rule {
  rule: string;
  status: string;
  meaning?: string;
  levels?: number[];
  inputs?: Record<string, number | null>;
}

function renderPlaybook(r: Report): void {
  const section = $('playbook');
  const raw = r.playbook as { rules?: Rule[]; caveat?: string } | undefined;
  const rules = raw?.rules;
  if (!rules || rules.length === 0) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  $('playbook-rules').replaceChildren(
    ...rules.map((rule) => {
      const li = document.createElement('li');
      li.className = rule.status;
      li.dataset.rule = rule.rule;
      const levels = rule.levels && rule.levels.length > 0 ? ` · levels ${rule.levels.map(price).join(', ')}` : '';
      const inputs = Object.entries(rule.inputs ?? {})
        .map(([k, v]) => `${k} ${v === null ? 'n/a' : Math.abs(v) >= 1000 ? money(v) : v.toFixed(3)}`)
        .join(', ');
      li.textContent = `${rule.rule}: ${rule.status}${rule.meaning ? ` — ${rule.meaning}` : ''}${levels}`;
      li.title = inputs;
      return li;
    }),
  );
  $('playbook-caveat').textContent = raw?.caveat ?? '';
}

interface VenueRow {
  venue: string;
  options: number;
  netGex: number;
  shareOfNet: number | null;
  shareOfGross: number | null;
  callWall: number | null;
  putWall: number | null;
}

/** The per-venue breakdown of an aggregated map (absent for a single venue). */
function renderVenues(r: Report): void {
  const section = $('venues');
  const raw = r.venues as { venues?: VenueRow[]; rule?: string } | undefined;
  if (!raw?.venues || raw.venues.length === 0) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const share = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
  const row = (cells: string[], tag: 'th' | 'td') => {
    const tr = document.createElement('tr');
    for (const c of cells) {
      const cell = document.createElement(tag);
      cell.textContent = c;
      tr.append(cell);
    }
    return tr;
  };
  $('venues-table').replaceChildren(
    row(['venue', 'options', 'net GEX', 'share of net', 'share of gross', 'call wall', 'put wall'], 'th'),
    ...raw.venues.map((v) => {
      const tr = row(
        [v.venue, String(v.options), money(v.netGex), share(v.shareOfNet), share(v.shareOfGross), price(v.callWall), price(v.putWall)],
        'td',
      );
      tr.dataset.venue = v.venue;
      return tr;
    }),
  );
  $('venues-rule').textContent = raw.rule ?? '';
}

function renderCharts(r: Report): void {
  const container = $('charts');
  const panels = chartPanels(r);
  const ids = new Set(panels.map((p) => p.id));
  for (const [id, chart] of Object.entries(state.charts)) {
    if (!ids.has(id)) {
      chart.dispose();
      document.getElementById(`chart-${id}`)?.remove();
      delete state.charts[id];
    }
  }
  for (const panel of panels) {
    let chart = state.charts[panel.id];
    if (!chart) {
      const div = document.createElement('div');
      div.className = 'chart';
      div.id = `chart-${panel.id}`;
      div.dataset.testid = `chart-${panel.id}`;
      container.append(div);
      chart = echarts.init(div);
      state.charts[panel.id] = chart;
      // Adding a panel reflows the grid: every chart follows its own box.
      const instance = chart;
      new ResizeObserver(() => instance.resize()).observe(div);
    }
    chart.setOption(panel.option, { notMerge: true });
  }
}

function render(r: Report): void {
  state.report = r;
  state.updates++;
  state.receivedAt = Date.now();
  renderSummary(r);
  renderPlaybook(r);
  renderVenues(r);
  renderCharts(r);
  document.body.dataset.updates = String(state.updates);
}

function setStatus(text: string, cls: string): void {
  const el = $('status');
  el.textContent = text;
  el.className = `status ${cls}`;
  el.dataset.state = cls;
}

let events: EventSource | null = null;

/** The source's last status event, and when it came (its data age grows from there). */
let status: { readonly body: BadgeStatus; readonly at: number } | null = null;
/** reports on this connection: the first is whatever the source holds, each later one is new data */
let reports = 0;

/** The badge from the last status: `live` only while a live source's data is fresh. */
function showBadge(): void {
  if (!status || state.stored) return;
  const { body, at } = status;
  const age = body.lastGoodAgeSeconds === null ? null : body.lastGoodAgeSeconds + (Date.now() - at) / 1000;
  const badge = sourceBadge(body, age);
  setStatus(badge.text, badge.state);
}

/** Shows a stored snapshot's whole map (with the current controls) instead of the live one. */
async function showStored(choice: StoredChoice, scroll = false): Promise<void> {
  events?.close();
  events = null;
  state.stored = choice;
  const q = query();
  q.set('venue', choice.venue);
  q.set('underlying', choice.underlying);
  q.set('at', String(choice.asOf));
  setStatus('loading the stored map…', 'stored');
  const res = await fetch(`api/history/report?${q.toString()}`);
  const body = (await res.json()) as Report & { error?: string };
  if (state.stored !== choice) return; // another choice, or back to live, meanwhile
  if (!res.ok) {
    setStatus(`stored map unavailable: ${body.error ?? res.status}`, 'down');
    return;
  }
  $('replay-at').textContent = new Date(choice.asOf).toISOString();
  $('replay').hidden = false;
  const stored = sourceBadge({
    kind: 'stored',
    state: 'ok',
    asOf: new Date(choice.asOf).toISOString(),
    lastGoodAgeSeconds: null,
    staleAfterSeconds: null,
  });
  setStatus(`${stored.text} · ${choice.venue} ${choice.underlying}`, stored.state);
  render(body);
  // a time is chosen at the foot of the page: bring the map it changed into view
  if (scroll) window.scrollTo({ top: 0 });
}

/** Controls apply to whatever is shown: the live source, or the stored snapshot being looked at. */
function refresh(): void {
  if (state.stored) void showStored(state.stored);
  else connect();
}

function connect(): void {
  events?.close();
  state.stored = null;
  $('replay').hidden = true;
  writeUrl();
  const url = `api/sources/${encodeURIComponent(controls.source.value)}/events?${query().toString()}`;
  status = null;
  reports = 0;
  events = new EventSource(url);
  events.onopen = () => {
    reports = 0;
  };
  events.addEventListener('report', (e) => {
    reports++;
    // new data from a healthy live source is good data, just arrived (a stale feed's is not: its age goes on)
    if (reports > 1 && status?.body.kind === 'live' && status.body.state === 'ok')
      status = { body: { ...status.body, lastGoodAgeSeconds: 0 }, at: Date.now() };
    render(JSON.parse((e as MessageEvent).data) as Report);
    showBadge();
  });
  events.addEventListener('status', (e) => {
    status = { body: JSON.parse((e as MessageEvent).data) as BadgeStatus, at: Date.now() };
    showBadge();
  });
  events.onerror = () => {
    status = null;
    setStatus('disconnected, retrying…', 'down');
  };
}

function tickAge(): void {
  showBadge();
  if (state.receivedAt === null) return;
  // a recorded or stored map has no updates to age: its badge says when it is from
  if (state.stored || status?.body.kind === 'recorded') {
    $('age').textContent = '—';
    return;
  }
  const seconds = Math.round((Date.now() - state.receivedAt) / 1000);
  $('age').textContent = seconds < 60 ? `${seconds} s ago` : `${Math.floor(seconds / 60)} min ago`;
}

async function start(): Promise<void> {
  readUrl();
  const sources = (await (await fetch('api/sources')).json()) as SourceInfo[];
  controls.source.replaceChildren(
    ...sources.map((s) => {
      const o = document.createElement('option');
      o.value = s.id;
      o.textContent = s.label;
      return o;
    }),
  );
  const wanted = new URLSearchParams(location.search).get('source');
  if (wanted && sources.some((s) => s.id === wanted)) controls.source.value = wanted;
  // a new source leaves a stored map for the live one; the other controls apply to what is shown
  for (const c of Object.values(controls)) c.addEventListener('change', c === controls.source ? connect : refresh);
  $('replay-back').addEventListener('click', connect);
  setInterval(tickAge, 1000);
  connect();
}

start().catch((e: unknown) => setStatus(`failed to start: ${String(e)}`, 'down'));
initHistory((choice) => void showStored(choice, true)).catch(() => {});
initEvidence().catch(() => {});
