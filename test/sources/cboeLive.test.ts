import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { fetchCboeCsv } from '../../src/sources/cboe/live.js';
import { SourceError } from '../../src/sources/venue/errors.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';
import { RawText, startVenueReplay, type VenueReplay } from '../support/venueReplay/server.js';

let replay: VenueReplay;
const FAST = {
  backoff: { initialMs: 2, maxMs: 20, factor: 2, jitter: 0.5 },
  rateLimit: { perSecond: 10_000, burst: 10_000 },
};

beforeAll(async () => {
  const csv = readFileSync(CBOE_SPX_FILE, 'utf8');
  replay = await startVenueReplay({ '/delayed/spx_quotedata.csv': () => new RawText(csv) });
});
afterAll(async () => {
  await replay.close();
});
afterEach(() => replay.clearFaults());

describe('CBOE delayed quotes over HTTP, read by the CSV reader', () => {
  it('parses the downloaded file to the same snapshot as the file on disk', async () => {
    const url = `${replay.baseUrl}/delayed/spx_quotedata.csv`;
    const live = await fetchCboeCsv(url, { http: FAST });
    const file = await readCboeFile(CBOE_SPX_FILE);
    expect({ ...live, source: '' }).toEqual({ ...file, source: '' });
    expect(live.source).toBe(url);
  });

  it('retries HTTP 429 and slow answers, and refuses an HTML page as a protocol error', async () => {
    const url = `${replay.baseUrl}/delayed/spx_quotedata.csv`;
    replay.faults.http429 = 2;
    Object.assign(replay.faults, { slowMs: 400, slowCount: 1 });
    expect((await fetchCboeCsv(url, { http: { ...FAST, timeoutMs: 150 } })).options.length).toBeGreaterThan(1000);
    replay.faults.httpMalformed = 100;
    const e = await fetchCboeCsv(url, { http: { ...FAST, retries: 1 } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SourceError);
    expect((e as SourceError).kind).toBe('protocol');
  });

  it('gexmap report --cboe URL exits 3 when the server keeps refusing', async () => {
    replay.faults.http429 = 100;
    let stderr = '';
    const code = await runCli(['report', '--cboe', `${replay.baseUrl}/delayed/spx_quotedata.csv`, '--retries', '0'], {
      stdout: () => {},
      stderr: (t) => (stderr += t),
      color: false,
    });
    expect(code).toBe(3);
    expect(stderr).toContain('HTTP 429');
  });
});

describe('serve --cboe URL (cboeUrlSource)', () => {
  it('polls the URL and serves the chain as a live source', async () => {
    const { cboeUrlSource } = await import('../../src/cli/venueServe.js');
    const { PollingSource } = await import('../../src/server/venueSources.js');
    const source = cboeUrlSource(`${replay.baseUrl}/delayed/spx_quotedata.csv`, 3600, () => {});
    try {
      await (source as InstanceType<typeof PollingSource>).polled;
      expect(source.status().state).toBe('ok');
      expect(source.current()?.snapshot.underlying).toBe((await readCboeFile(CBOE_SPX_FILE)).underlying);
    } finally {
      await source.close?.();
    }
  });
});
