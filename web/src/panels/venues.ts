/** The per-venue breakdown of an aggregated map (absent for a single venue). */
import { price, share, usd } from '../format.js';
import type { Report } from '../report.js';
import { byId, row } from './dom.js';

export function renderVenues(r: Report): void {
  const section = byId('venues');
  const raw = r.venues;
  if (!raw?.venues || raw.venues.length === 0) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  byId('venues-table').replaceChildren(
    row(['venue', 'options', 'net GEX', 'share of net', 'share of gross', 'call wall', 'put wall'], 'th'),
    ...raw.venues.map((v) => {
      const tr = row([
        v.venue,
        String(v.options),
        usd(v.netGex),
        share(v.shareOfNet),
        share(v.shareOfGross),
        price(v.callWall),
        price(v.putWall),
      ]);
      tr.dataset.venue = v.venue;
      return tr;
    }),
  );
  byId('venues-rule').textContent = raw.rule ?? '';
}
