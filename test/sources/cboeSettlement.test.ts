import { describe, expect, it } from 'vitest';
import { parseCboeDelayedJson } from '../../src/sources/cboe/index.js';

/** One call of `root` expiring Friday 2025-06-20 (EDT), in the delayed-quotes JSON shape. */
function expiryOf(root: string): { iso: string; settlement: string | undefined } {
  const s = parseCboeDelayedJson(
    {
      timestamp: '2025-06-18 20:00:00',
      data: {
        current_price: 100,
        options: [{ option: `${root}250620C00100000`, bid: 1, ask: 1.2, iv: 0.2, open_interest: 10 }],
      },
    },
    { source: 'x.json' },
  );
  return { iso: new Date(s.options[0]!.expiry).toISOString(), settlement: s.sourceConventions?.settlement };
}

describe('expiry instant by option root', () => {
  it.each(['SPX', 'NDX', 'RUT', 'VIX'])('%s (AM-settled monthly) expires at the 09:30 New York open', (root) => {
    expect(expiryOf(root)).toEqual({
      iso: '2025-06-20T13:30:00.000Z',
      settlement: `expiry per option root: ${root} 09:30 New York (AM-settled, opening print)`,
    });
  });

  it.each(['SPXW', 'NDXP', 'RUTW', 'VIXW', 'SPY', 'AAPL'])('%s (PM-settled) expires at 16:00 New York', (root) => {
    expect(expiryOf(root)).toEqual({
      iso: '2025-06-20T20:00:00.000Z',
      settlement: `expiry per option root: ${root} 16:00 New York (PM-settled)`,
    });
  });
});
