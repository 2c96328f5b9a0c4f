import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCboeDelayedJson } from '../../src/sources/cboe/index.js';
import { DATA_DIR } from '../golden/paths.js';
import { inputError } from './helpers.js';

// The real _VIX.json excerpt of 2026-05-20 (venues/cboe, see SOURCE.txt): timestamp "2026-05-20 23:02:44",
// four June 17 2026 options whose last trades run from the 09:30 opening prints to 12:19:37 New York.
// The excerpt is cut before the data-level header, so spot is added here (VIX near 17).
const RAW = JSON.parse(readFileSync(resolve(DATA_DIR, 'venues/cboe/_VIX-excerpt-2026-05-20.json'), 'utf8'));
const body = (edit: (options: Record<string, unknown>[]) => void = () => {}) => {
  const b = structuredClone(RAW);
  b.data.current_price = 17.2;
  edit(b.data.options);
  return b;
};
const parse = (b: unknown) => parseCboeDelayedJson(b, { source: '_VIX.json' });

describe('CBOE delayed-quotes JSON: the real _VIX excerpt', () => {
  it('reads timestamp as UTC: 2026-05-20 23:02:44 is 19:02:44 New York, after the last trade at 12:19:37', () => {
    const s = parse(body());
    expect(new Date(s.asOf).toISOString()).toBe('2026-05-20T23:02:44.000Z');
    expect(s.sourceConventions?.asOfSource).toBe(
      'CBOE JSON timestamp "2026-05-20 23:02:44" read as UTC (2026-05-20T23:02:44.000Z); the latest last_trade_time (VIX260617C00010000, New York) is 2026-05-20T16:19:37.000Z, before it',
    );
  });

  it('takes New York time when a trade later than the UTC reading contradicts it, and refuses a trade after both', () => {
    const late = parse(body((o) => (o[1]!.last_trade_time = '2026-05-20T21:00:00')));
    expect(new Date(late.asOf).toISOString()).toBe('2026-05-21T03:02:44.000Z');
    expect(late.sourceConventions?.asOfSource).toMatch(
      /read as New York time .* precede the last trade of VIX260617P00010000/,
    );
    const err = inputError(() => parse(body((o) => (o[1]!.last_trade_time = '2026-05-21T09:30:00'))));
    expect([err.where, err.field]).toEqual(['timestamp', 'timestamp']);
  });

  it('expires the VIX monthly (root VIX) at 09:30 New York, and says so', () => {
    const s = parse(body());
    expect(new Set(s.options.map((o) => new Date(o.expiry).toISOString()))).toEqual(
      new Set(['2026-06-17T13:30:00.000Z']),
    );
    expect(s.sourceConventions?.settlement).toBe(
      'expiry per option root: VIX 09:30 New York (AM-settled, opening print)',
    );
  });

  it('prices VIX on implied forwards (Black-76) always; with no put bid here the expiry falls back, counted', () => {
    const s = parse(body());
    expect(s.model).toEqual({ kind: 'black76', rate: 0 });
    expect(s.options.every((o) => o.forward === 17.2)).toBe(true);
    expect(s.sourceConventions?.forwardSource).toMatch(
      /^put-call parity per expiry \(always for VIX: .*0 of 1 expiries implied; 1 fell back to spot·e\^\{\(r−q\)t\}: 2026-06-17 \(no strike with both a call and a put mid quote/,
    );
  });

  it('prices VIX off the parity forward once a strike has both mids: F = K + (C − P)', () => {
    const s = parse(
      body((o) => {
        o[3]!.bid = 0.01; // VIX260617P00010500: bid 0.01, ask 0.02 → mid 0.015; the call mid is 9.5
      }),
    );
    for (const o of s.options) expect(o.forward).toBeCloseTo(10.5 + (9.5 - 0.015), 12);
    expect(s.sourceConventions?.forwardSource).toMatch(/1 of 1 expiries implied$/);
  });
});
