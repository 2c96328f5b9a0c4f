/** The playbook rules of the report, fired or not, with the inputs each read (as its title). */
import { compact, price, sig } from '../format.js';
import type { Report } from '../report.js';
import { byId } from './dom.js';

export function renderPlaybook(r: Report): void {
  const section = byId('playbook');
  const rules = r.playbook?.rules;
  if (!rules || rules.length === 0) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  byId('playbook-rules').replaceChildren(
    ...rules.map((rule) => {
      const li = document.createElement('li');
      li.className = rule.status;
      li.dataset.rule = rule.rule;
      const levels = rule.levels && rule.levels.length > 0 ? ` · levels ${rule.levels.map(price).join(', ')}` : '';
      const inputs = Object.entries((rule.inputs ?? {}) as Record<string, number | null>)
        .map(([k, v]) => `${k} ${v === null ? 'n/a' : Math.abs(v) >= 1000 ? compact(v) : sig(v)}`)
        .join(', ');
      li.textContent = `${rule.rule}: ${rule.status}${rule.meaning ? ` — ${rule.meaning}` : ''}${levels}`;
      li.title = inputs;
      return li;
    }),
  );
  byId('playbook-caveat').textContent = r.playbook.caveat ?? '';
}
