/** The levels panel at the top: regime, headline numbers, the key levels around spot, and what changed since the last update. */
import { compact, instant, percent, points, price, usd } from '../format.js';
import type { Report } from '../report.js';
import { type Change, mapChanges } from './changes.js';
import { byId, row } from './dom.js';

/** What a level's value means, by kind (keyLevelRule). */
function valueText(kind: string, value: number | undefined): string {
  if (value === undefined) return '';
  switch (kind) {
    case 'call-wall':
    case 'put-wall':
    case 'abs-gamma':
      return `${usd(value)} / 1 %`;
    case 'max-pain':
      return `pays ${usd(value)}`;
    case 'oi-cluster':
      return `${compact(value)} contracts`;
    case 'expected-move':
      return `±${price(value)}`;
    default:
      return compact(value);
  }
}

/** The key levels as table rows sorted by price, with a spot row where spot falls. */
function levelRows(r: Report): HTMLTableRowElement[] {
  const rows: HTMLTableRowElement[] = [];
  let spotDone = false;
  const spotRow = () => {
    const tr = row(['spot', 'spot', price(r.spot), '0.00 %', '0', '']);
    tr.className = 'spot-row';
    tr.dataset.kind = 'spot';
    tr.dataset.price = String(r.spot);
    spotDone = true;
    return tr;
  };
  for (const level of r.keyLevels) {
    if (!spotDone && level.price > r.spot) rows.push(spotRow());
    const tr = row([
      level.kind,
      level.label,
      price(level.price),
      percent(level.distancePct),
      points(level.price - r.spot),
      valueText(level.kind, level.value),
    ]);
    tr.className = `level ${level.kind}${level.price > r.spot ? ' above' : ' below'}`;
    tr.dataset.kind = level.kind;
    tr.dataset.price = String(level.price);
    tr.dataset.distancePct = String(level.distancePct);
    tr.dataset.label = level.label;
    if (level.expiry !== undefined) tr.dataset.expiry = level.expiry;
    rows.push(tr);
  }
  if (!spotDone) rows.push(spotRow());
  return rows;
}

function renderChanges(changes: readonly Change[] | null): void {
  const list = byId('changes');
  if (changes === null) {
    list.replaceChildren();
    byId('changes-note').textContent = 'first report of this view: changes show from the next update';
    return;
  }
  byId('changes-note').textContent = changes.length === 0 ? 'no level changed since the last update' : '';
  list.replaceChildren(
    ...changes.map((c) => {
      const li = document.createElement('li');
      li.textContent = c.text;
      li.dataset.kind = c.kind;
      return li;
    }),
  );
}

/**
 * Fills the levels panel; `previous` is the report before this one on the same stream and view
 * (null on the first), the base of "what changed".
 */
export function renderLevels(r: Report, previous: Report | null): void {
  const badge = byId('regime');
  badge.textContent =
    r.regime === 'positive'
      ? '+GEX · dealers long gamma · fade / range'
      : '−GEX · dealers short gamma · trend / squeeze';
  badge.className = `badge ${r.regime}`;
  badge.dataset.regime = r.regime;
  byId('regime-meaning').textContent = r.regimeMeaning;
  byId('spot').textContent = price(r.spot);
  byId('net-gex').textContent = usd(r.netGex);
  byId('net-gex').dataset.value = String(r.netGex);
  byId('flip').textContent =
    r.nearestFlip === null ? 'none in range' : `${price(r.nearestFlip)} (${percent(r.distanceToFlipPct)})`;
  byId('flip').dataset.value = r.nearestFlip === null ? '' : String(r.nearestFlip);
  byId('call-wall').textContent = price(r.callWall);
  byId('put-wall').textContent = price(r.putWall);
  byId('net-dex').textContent = usd(r.dex.netUsd);
  const pain = r.maxPain[0];
  byId('max-pain').textContent = pain ? `${price(pain.strike)} (${instant(pain.expiry).slice(5, 10)})` : '—';
  byId('asof').textContent = r.asOf;
  const table = byId<HTMLTableElement>('levels-table');
  const head = row(['kind', 'level', 'price', 'from spot', 'points', 'size'], 'th');
  table.replaceChildren(head, ...levelRows(r));
  // a long list scrolls: spot stays in view, the levels nearest it around it
  const spotRow = table.querySelector<HTMLElement>('.spot-row');
  const scroller = table.parentElement;
  if (spotRow && scroller && scroller.scrollHeight > scroller.clientHeight)
    scroller.scrollTop = spotRow.offsetTop - scroller.clientHeight / 2;
  renderChanges(previous === null ? null : mapChanges(previous, r, price));
}

export function renderConventions(r: Report): void {
  byId('conventions').replaceChildren(
    ...Object.entries(r.conventions).flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
}
