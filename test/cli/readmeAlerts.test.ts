import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAlertConfig } from '../../src/server/alerts/config.js';
import { type AlertReport, detectAlerts } from '../../src/server/alerts/detect.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const section = README.slice(README.indexOf('### Alerts'), README.indexOf('### Chart export'));
const jsonBlocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string));

/** One step that raises every kind: the regime turns, spot passes the flip and both walls, a rule fires. */
const prev: AlertReport = {
  asOf: '2025-11-19T11:20:36.882Z',
  spot: 99,
  netGex: 1e6,
  regime: 'positive',
  gammaFlips: [100],
  nearestFlip: 100,
  callWall: 100,
  putWall: 100,
  playbook: { rules: [{ rule: 'squeeze-risk', status: 'not-fired' }] },
};
const next: AlertReport = {
  ...prev,
  asOf: '2025-11-19T11:21:36.882Z',
  spot: 101,
  netGex: -1e6,
  regime: 'negative',
  playbook: { rules: [{ rule: 'squeeze-risk', status: 'fired', inputs: { netGex: -1e6 } }] },
};

describe('the README on alerts', () => {
  it('lists every alert kind with exactly the data fields the detector sends', () => {
    const alerts = detectAlerts('deribit-btc', prev, next);
    expect(new Set(alerts.map((a) => a.kind)).size).toBe(5);
    for (const a of alerts) {
      const row = new RegExp(`^\\| \`${a.kind}\` \\|[^|]+\\| (.+) \\|$`, 'm').exec(section);
      expect(row, a.kind).not.toBeNull();
      const named = [...(row?.[1] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1]);
      for (const field of Object.keys(a.data)) expect(named, `${a.kind}: ${field}`).toContain(field);
    }
  });

  it('gives an alert example of the shape sent, and config entries serve accepts', () => {
    const [example] = jsonBlocks.filter((b) => 'kind' in b);
    const sent = detectAlerts('deribit-btc', prev, next).find((a) => a.kind === example.kind);
    expect(Object.keys(example).sort()).toEqual(Object.keys(sent ?? {}).sort());
    expect(Object.keys(example.data).sort()).toEqual(Object.keys(sent?.data ?? {}).sort());
    const configs = jsonBlocks.filter((b) => 'webhooks' in b);
    expect(configs.length).toBeGreaterThanOrEqual(2);
    const dir = mkdtempSync(join(tmpdir(), 'gexmap-alerts-'));
    for (const [i, config] of configs.entries()) {
      const file = join(dir, `alerts-${i}.json`);
      writeFileSync(file, JSON.stringify(config));
      expect(readAlertConfig(file).webhooks.length).toBeGreaterThan(0);
    }
  });
});
