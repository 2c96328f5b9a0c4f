/** The dashboard: wires the controls, the event stream and the stored history to the panels. */
import { BarChart, CandlestickChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type BadgeStatus, sourceBadge } from '../../src/report/sourceBadge.js';
import { initEvidence } from './evidence.js';
import { initHistory, type StoredChoice } from './history.js';
import { ChartHost } from './panels/chartHost.js';
import { byId } from './panels/dom.js';
import { expiryPanels } from './panels/expiryCharts.js';
import { renderConventions, renderLevels } from './panels/levels.js';
import { renderPlaybook } from './panels/playbook.js';
import { fetchCandles, fetchHistory, type HistoryPoint, type PriceData, pricePanel } from './panels/price.js';
import { skewPanels } from './panels/skewCharts.js';
import { strikePanels } from './panels/strikeCharts.js';
import { renderVenues } from './panels/venues.js';
import type { Report } from './report.js';

echarts.use([
  BarChart,
  CandlestickChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  DataZoomComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

interface SourceInfo {
  id: string;
  label: string;
  state: string;
  /** the positioning models the server can report this source under */
  positionings?: string[];
}

/** What the page exposes for tests and for the curious: the report drawn and the chart instances. */
interface PageState {
  report: Report | null;
  /** the report before it on the same stream and view (the base of "what changed") */
  previous: Report | null;
  charts: Record<string, echarts.ECharts>;
  updates: number;
  receivedAt: number | null;
  /** the stored snapshot shown instead of the live source, if any */
  stored: StoredChoice | null;
  /** the candles of the price chart, or why there are none */
  prices: PriceData | null;
}
const state: PageState = {
  report: null,
  previous: null,
  charts: {},
  updates: 0,
  receivedAt: null,
  stored: null,
  prices: null,
};
(window as unknown as { gexmap: PageState }).gexmap = state;

const controls = {
  source: byId<HTMLSelectElement>('source'),
  view: byId<HTMLSelectElement>('view'),
  positioning: byId<HTMLSelectElement>('positioning'),
  range: byId<HTMLInputElement>('range'),
  spotChange: byId<HTMLInputElement>('spot-change'),
};

const priceHost = new ChartHost(byId('price-panel'), state.charts, 'chart price-chart');
const strikeHost = new ChartHost(byId('charts'), state.charts);
const expiryHost = new ChartHost(byId('expiry-charts'), state.charts, 'chart tall');

/** Controls live in the URL so a view can be shared and survives a reload. */
function readUrl(): void {
  const p = new URLSearchParams(location.search);
  for (const key of ['view', 'positioning', 'range', 'spotChange'] as const) {
    const v = p.get(key);
    if (v !== null) controls[key].value = v;
  }
}
function query(): URLSearchParams {
  const q = new URLSearchParams({
    view: controls.view.value,
    positioning: controls.positioning.value,
    range: controls.range.value,
  });
  if (controls.spotChange.value.trim() !== '') q.set('spotChange', controls.spotChange.value);
  return q;
}
function writeUrl(): void {
  const p = query();
  p.set('source', controls.source.value);
  history.replaceState(null, '', `?${p.toString()}`);
}

let sources: SourceInfo[] = [];
let storedHistory: HistoryPoint[] = [];

/** Which models the chosen source offers: positions needs a dealer book, flow a trade tape. */
function showPositionings(): void {
  const offered = sources.find((s) => s.id === controls.source.value)?.positionings ?? ['classic', 'customer-long'];
  const why: Record<string, string> = {
    positions: 'needs a dealer book loaded on the server',
    flow: 'needs a trade tape on the server',
  };
  for (const option of Array.from(controls.positioning.options)) {
    const available = offered.includes(option.value);
    option.disabled = !available;
    option.title = available ? '' : (why[option.value] ?? 'not offered by this source');
  }
  if (controls.positioning.selectedOptions[0]?.disabled) controls.positioning.value = 'classic';
}

function drawPrice(r: Report): void {
  priceHost.show([pricePanel(r, state.prices, storedHistory)]);
}

function render(r: Report, previous: Report | null): void {
  state.previous = previous;
  state.report = r;
  state.updates++;
  state.receivedAt = Date.now();
  renderLevels(r, previous);
  renderConventions(r);
  renderPlaybook(r);
  renderVenues(r);
  drawPrice(r);
  expiryHost.show(expiryPanels(r));
  strikeHost.show([...strikePanels(r), ...skewPanels(r)]);
  document.body.dataset.updates = String(state.updates);
}

/** Candles of the chosen source (again at most once a minute: hourly bars move slowly). */
let pricesFor: { source: string; at: number } | null = null;
async function loadPrices(): Promise<void> {
  const source = controls.source.value;
  if (pricesFor?.source === source && Date.now() - pricesFor.at < 60_000) return;
  pricesFor = { source, at: Date.now() };
  state.prices = null;
  const data = await fetchCandles(source);
  if (controls.source.value !== source) return;
  state.prices = data;
  document.body.dataset.prices = 'missing' in data ? 'missing' : 'candles';
  if (state.report) drawPrice(state.report);
}

function setStatus(text: string, cls: string): void {
  const el = byId('status');
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
  byId('replay-at').textContent = new Date(choice.asOf).toISOString();
  byId('replay').hidden = false;
  const stored = sourceBadge({
    kind: 'stored',
    state: 'ok',
    asOf: new Date(choice.asOf).toISOString(),
    lastGoodAgeSeconds: null,
    staleAfterSeconds: null,
  });
  setStatus(`${stored.text} · ${choice.venue} ${choice.underlying}`, stored.state);
  // a stored map is not an update of the one shown before: nothing to compare it with
  render(body, null);
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
  byId('replay').hidden = true;
  showPositionings();
  writeUrl();
  void loadPrices();
  const url = `api/sources/${encodeURIComponent(controls.source.value)}/events?${query().toString()}`;
  status = null;
  reports = 0;
  // a new stream or view: its first report has no predecessor to compare with
  let last: Report | null = null;
  events = new EventSource(url);
  events.onopen = () => {
    reports = 0;
  };
  events.addEventListener('report', (e) => {
    reports++;
    // new data from a healthy live source is good data, just arrived (a stale feed's is not: its age goes on)
    if (reports > 1 && status?.body.kind === 'live' && status.body.state === 'ok')
      status = { body: { ...status.body, lastGoodAgeSeconds: 0 }, at: Date.now() };
    const report = JSON.parse((e as MessageEvent).data) as Report;
    render(report, last);
    last = report;
    void loadPrices();
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
    byId('age').textContent = '—';
    return;
  }
  const seconds = Math.round((Date.now() - state.receivedAt) / 1000);
  byId('age').textContent = seconds < 60 ? `${seconds} s ago` : `${Math.floor(seconds / 60)} min ago`;
}

async function start(): Promise<void> {
  readUrl();
  sources = (await (await fetch('api/sources')).json()) as SourceInfo[];
  controls.source.replaceChildren(...sources.map((s) => new Option(s.label, s.id)));
  const wanted = new URLSearchParams(location.search).get('source');
  if (wanted && sources.some((s) => s.id === wanted)) controls.source.value = wanted;
  // a new source leaves a stored map for the live one; the other controls apply to what is shown
  for (const c of Object.values(controls)) c.addEventListener('change', c === controls.source ? connect : refresh);
  byId('replay-back').addEventListener('click', connect);
  setInterval(tickAge, 1000);
  connect();
  storedHistory = await fetchHistory();
  if (storedHistory.length > 0 && state.report) drawPrice(state.report);
}

start().catch((e: unknown) => setStatus(`failed to start: ${String(e)}`, 'down'));
initHistory((choice) => void showStored(choice, true)).catch(() => {});
initEvidence().catch(() => {});
