import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countDropped } from '../../src/chain/admit.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { runCli } from '../../src/cli/main.js';
import { parseCboeCsv, parseCboeDelayedJson, readCboeFile } from '../../src/sources/cboe/index.js';
import { cboeDelayedQuotesUrl, fetchCboeDelayedQuotes } from '../../src/sources/cboe/live.js';
import { splitCsvLine } from '../../src/sources/csv/splitCsvLine.js';
import { SourceError } from '../../src/sources/venue/errors.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';
import { RawText, startVenueReplay, type VenueReplay } from '../support/venueReplay/server.js';
import { inputError } from './helpers.js';

interface DelayedOption {
  option: string;
  bid: number;
  ask: number;
  iv: number;
  open_interest: number;
  volume: number;
  delta: number;
  gamma: number;
  last_trade_price: number;
  [field: string]: unknown;
}
interface DelayedQuotes {
  timestamp: string;
  data: { current_price: number; close: number; options: DelayedOption[]; [field: string]: unknown };
}

/**
 * The recorded SPX CSV (2022-12-12, 8:30 PM EST, Last 3990.5601) rewritten in the shape of CBOE's
 * delayed-quotes JSON (see test/fixtures/cboe/README.md): one entry per leg, in the CSV's order.
 */
function delayedJsonFromCsv(csv: string): DelayedQuotes {
  const lines = csv.split(/\r?\n/).filter((l) => l !== '');
  const spot = Number(/Last:\s*([\d.]+)/.exec(lines[1] ?? '')?.[1]);
  const options: DelayedOption[] = [];
  for (const line of lines.slice(4)) {
    const c = splitCsvLine(line, 'fixture');
    for (const at of [1, 12]) {
      options.push({
        option: c[at] as string,
        last_trade_price: Number(c[at + 1]),
        bid: Number(c[at + 3]),
        ask: Number(c[at + 4]),
        volume: Number(c[at + 5]),
        iv: Number(c[at + 6]),
        delta: Number(c[at + 7]),
        gamma: Number(c[at + 8]),
        open_interest: Number(c[at + 9]),
      });
    }
  }
  // CBOE's timestamp is UTC (see src/sources/cboe/json.ts): 8:30 PM EST is 01:30 UTC the next day
  return { timestamp: '2022-12-13 01:30:00', data: { current_price: spot, close: spot, options } };
}

const CSV = readFileSync(CBOE_SPX_FILE, 'utf8');
const JSON_BODY = delayedJsonFromCsv(CSV);
const clone = (): DelayedQuotes => structuredClone(JSON_BODY);
const FAST = {
  backoff: { initialMs: 2, maxMs: 20, factor: 2, jitter: 0.5 },
  rateLimit: { perSecond: 10_000, burst: 10_000 },
};
/** The snapshot without what names where it came from: source, drop locations, how asOf was read. */
const withoutWhere = ({ sourceConventions, ...s }: ChainSnapshot) => {
  const { asOfSource: _, ...conventions } = sourceConventions ?? {};
  return { ...s, source: '', dropped: s.dropped.map(({ where: _w, ...d }) => d), conventions };
};

let fileSnapshot: ChainSnapshot;
let replay: VenueReplay;
let served: unknown = JSON_BODY;

beforeAll(async () => {
  fileSnapshot = await readCboeFile(CBOE_SPX_FILE);
  replay = await startVenueReplay({
    '/api/global/delayed_quotes/options/_SPX.json': () => served,
    '/api/global/delayed_quotes/options/SPY.json': () => JSON_BODY,
    '/broken/_SPX.json': () => new RawText('{"timestamp": "2022-12-12 20:30:00", "data": {'),
  });
});
afterAll(async () => {
  await replay.close();
});
afterEach(() => {
  replay.clearFaults();
  served = JSON_BODY;
});

describe('parseCboeDelayedJson', () => {
  it('gives the CSV reader snapshot for the same quotes: options, spot, asOf, drops by reason', () => {
    const s = parseCboeDelayedJson(JSON_BODY, { source: 'x.json' });
    expect(s.options.length).toBe(13_168);
    expect(countDropped(s.dropped)).toEqual(countDropped(fileSnapshot.dropped));
    expect(withoutWhere(s)).toEqual(withoutWhere(fileSnapshot));
    expect(s.source).toBe('x.json');
    expect(s.dropped[0]?.where).toBe('options[0] SPXW221212C01000000');
  });

  it('passes rate, yield and maxIv through as the CSV reader does', () => {
    const opts = { rate: 0.04, yield: 0.015, maxIv: 5 };
    const s = parseCboeDelayedJson(JSON_BODY, { source: '', ...opts });
    expect(withoutWhere(s)).toEqual(withoutWhere(parseCboeCsv(CSV, { source: '', ...opts })));
    expect(s.model).toEqual({ kind: 'bsm', rate: 0.04, yield: 0.015 });
    expect(countDropped(s.dropped)['absurd-implied-vol']).toBe(8);
  });

  it('takes spot from close when current_price is 0, and rejects a chain with neither', () => {
    const body = clone();
    body.data.current_price = 0;
    expect(parseCboeDelayedJson(body, { source: '' }).spot).toBe(3990.5601);
    body.data.close = 0;
    const err = inputError(() => parseCboeDelayedJson(body, { source: '' }));
    expect([err.where, err.field]).toEqual(['data', 'current_price']);
  });

  it('rejects a missing or non-numeric field, naming the option and the field', () => {
    const body = clone();
    const i = body.data.options.findIndex((o) => o.option === 'SPXW221216P03900000');
    delete (body.data.options[i] as Partial<DelayedOption>).open_interest;
    const missing = inputError(() => parseCboeDelayedJson(body, { source: '' }));
    expect([missing.where, missing.field]).toEqual([`options[${i}] SPXW221216P03900000`, 'open_interest']);
    expect(missing.message).toBe(`options[${i}] SPXW221216P03900000: open_interest missing`);
    const other = clone();
    (other.data.options[i] as { iv: unknown }).iv = 'n/a';
    const bad = inputError(() => parseCboeDelayedJson(other, { source: '' }));
    expect([bad.where, bad.field]).toEqual([`options[${i}] SPXW221216P03900000`, 'iv']);
  });

  it('rejects a fractional open interest, a bad symbol, a duplicate, another underlying, a bad timestamp', () => {
    const at = (edit: (b: DelayedQuotes) => void) => {
      const b = clone();
      edit(b);
      return inputError(() => parseCboeDelayedJson(b, { source: '' }));
    };
    const o = (b: DelayedQuotes, i: number) => b.data.options[i] as DelayedOption;
    expect(at((b) => (o(b, 2100).open_interest = 10.5)).field).toBe('open_interest');
    expect(at((b) => (o(b, 2100).option = '3900 put')).field).toBe('option');
    expect(at((b) => (o(b, 2100).option = 'SPXW221316P03900000')).message).toContain('no calendar date');
    const dup = at((b) => b.data.options.push({ ...o(b, 7) }));
    expect(dup.message).toContain(`duplicate instrument ${o(JSON_BODY, 7).option} (first on options[7]`);
    expect(at((b) => (o(b, 2100).option = 'NDXP221216C03900000')).message).toContain('on NDX');
    expect(at((b) => (b.timestamp = '12/12/2022 8:30 PM')).field).toBe('timestamp');
    expect(at((b) => (b.data.options = [])).where).toBe('data.options');
  });
});

describe('CBOE delayed-quotes JSON over HTTP (--cboe-symbol)', () => {
  const base = () => `${replay.baseUrl}/api/global/delayed_quotes/options`;

  it('builds CBOE addresses: indices under _SYM, ETFs under their ticker, CBOE CDN by default', () => {
    expect(cboeDelayedQuotesUrl('SPX')).toBe('https://cdn.cboe.com/api/global/delayed_quotes/options/_SPX.json');
    expect(cboeDelayedQuotesUrl('RUT', 'http://h/x/')).toBe('http://h/x/_RUT.json');
    expect(cboeDelayedQuotesUrl('QQQ', 'http://h/x')).toBe('http://h/x/QQQ.json');
  });

  it('fetches _SPX.json, retrying HTTP 429 and 503, to the same snapshot as the CSV file', async () => {
    replay.faults.http429 = 1;
    Object.assign(replay.faults, { venueError: 1, venueErrorStatus: 503, venueErrorBody: { error: 'busy' } });
    const s = await fetchCboeDelayedQuotes('SPX', { baseUrl: base(), http: FAST });
    expect(withoutWhere(s)).toEqual(withoutWhere(fileSnapshot));
    expect(s.source).toBe(`${base()}/_SPX.json`);
    expect(replay.faults.http429 + replay.faults.venueError).toBe(0);
  });

  it('names the URL when the answer is not JSON', async () => {
    const e = await fetchCboeDelayedQuotes('SPX', {
      baseUrl: `${replay.baseUrl}/broken`,
      http: { ...FAST, retries: 0 },
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SourceError);
    expect((e as SourceError).kind).toBe('protocol');
    expect((e as Error).message).toContain(`${replay.baseUrl}/broken/_SPX.json`);
    expect((e as Error).message).toContain('not JSON');
  });

  it('refuses a chain on another underlying than the symbol asked for', async () => {
    const e = await fetchCboeDelayedQuotes('SPY', { baseUrl: base(), http: FAST }).catch((x: unknown) => x);
    expect((e as Error).message).toContain('options are on SPX, not on SPY');
  });

  it('gexmap report --cboe-symbol gives the --cboe file report: net GEX, flips, walls, counts', async () => {
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli(['report', ...args, '--json'], {
        stdout: (t) => (out += t),
        stderr: (t) => (err += t),
        color: false,
      });
      expect([code, err]).toEqual([0, '']);
      return JSON.parse(out) as Record<string, unknown>;
    };
    const live = await run(['--cboe-symbol', 'spx', '--cboe-base-url', base(), '--rate', '0.04']);
    const file = await run(['--cboe', CBOE_SPX_FILE, '--rate', '0.04']);
    const keys = Object.keys(file).filter((k) => k !== 'source');
    expect(keys.length).toBeGreaterThan(3);
    for (const k of ['netGex', 'gammaFlips', 'callWall', 'putWall', 'counts', 'dropped']) expect(keys).toContain(k);
    const { asOfSource: liveAsOf, ...liveConventions } = live.conventions as Record<string, string>;
    const { asOfSource: fileAsOf, ...fileConventions } = file.conventions as Record<string, string>;
    expect(liveAsOf).toMatch(/^CBOE JSON timestamp "2022-12-13 01:30:00" read as UTC/);
    expect(fileAsOf).toMatch(/^"Date: December 12, 2022 at 8:30 PM EST" on line 3 read as 2022-12-13T01:30:00.000Z/);
    expect(liveConventions).toEqual(fileConventions);
    for (const k of keys.filter((k) => k !== 'conventions')) expect([k, live[k]]).toEqual([k, file[k]]);
  });

  it('gexmap report --cboe-symbol exits 3 when CBOE keeps answering 503, and 2 on an unknown symbol', async () => {
    Object.assign(replay.faults, { venueError: 100, venueErrorStatus: 503, venueErrorBody: null });
    let stderr = '';
    const io = { stdout: () => {}, stderr: (t: string) => (stderr += t), color: false };
    const args = ['report', '--cboe-symbol', 'SPX', '--cboe-base-url', base(), '--retries', '1'];
    expect(await runCli(args, io)).toBe(3);
    expect(stderr).toContain('HTTP 503');
    expect(await runCli(['report', '--cboe-symbol', 'AAPL'], io)).toBe(2);
    expect(stderr).toContain('expected one of SPX, SPY, QQQ, NDX, RUT, VIX');
  });
});

describe('serve --cboe-symbol (cboeSymbolSource)', () => {
  it('polls the symbol JSON, keeps the last good chain as stale when a poll fails', async () => {
    const { cboeSymbolSource } = await import('../../src/cli/venueServe.js');
    const { PollingSource } = await import('../../src/server/venueSources.js');
    const source = cboeSymbolSource('SPX', 3600, () => {}, `${replay.baseUrl}/api/global/delayed_quotes/options`);
    try {
      const polling = source as InstanceType<typeof PollingSource>;
      await polling.polled;
      expect(source.id).toBe('cboe-spx-live');
      expect(source.status().state).toBe('ok');
      expect(source.current()?.snapshot.options.length).toBe(fileSnapshot.options.length);
      served = { timestamp: '2022-12-12 20:30:00', data: { current_price: 1 } };
      await polling.refresh();
      expect(source.status()).toMatchObject({
        state: 'stale',
        reason: 'data.options: missing or empty: no option entries',
      });
      expect(source.current()?.version).toBe(1);
    } finally {
      await source.close?.();
    }
  });
});
