import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { StaticSource } from '../../src/server/sources.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';

describe('the API refuses to answer a report whose numbers are not finite', () => {
  it('answers 500 naming the source and the path instead of "netGex": null', async () => {
    const real = await readDeribitDir(DERIBIT_BTC_DIR);
    // a snapshot handed to the server by a library user, past every reader's checks
    const huge = { ...real, options: real.options.map((o, i) => (i === 0 ? { ...o, openInterest: 1e308 } : o)) };
    const app = createApp({
      sources: [new StaticSource('real', 'Deribit BTC', real), new StaticSource('huge', 'Deribit BTC', huge)],
    });
    expect((await app.request('/api/sources/real/report')).status).toBe(200);
    const res = await app.request('/api/sources/huge/report');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: expect.stringMatching(/^report of source huge: report\.\S+ is (-?Infinity|NaN), not a finite number$/),
    });
  });
});
