import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { buildProgram, runCli } from '../../src/cli/main.js';
import { createApp } from '../../src/server/app.js';
import { openApiDocument } from '../../src/server/openapi.js';
import { reportBuilder } from '../../src/server/reportCache.js';
import { StaticSource } from '../../src/server/sources.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { readTapeFile } from '../../src/sources/deribit/tape/file.js';
import { TradeTape } from '../../src/sources/deribit/tape/tape.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

// biome-ignore lint/suspicious/noExplicitAny: the document and the reports are compared as plain JSON
type Json = any;

/** The `report` flags with no query parameter of the same name, and why. */
const NOT_QUERY_PARAMETERS: Record<string, string> = {
  json: 'the API always answers JSON',
  svg: 'a file the CLI writes; the dashboard draws the same charts from the JSON report',
  png: 'a file the CLI writes; the dashboard draws the same charts from the JSON report',
  rows: 'how many strikes the text table shows; the JSON report holds every strike',
  positions: 'a file: given once to serve --positions, then read with positioning=positions',
  tape: 'a file: given once to serve --tape, then read with positioning=flow',
  tapeHours: 'a backfill from the venue before one report; serve reads a recorded --tape instead',
  putTape: 'a file of customer put trades; the API reads no file a client names',
  cboe: 'which chain: the source id {id}, chosen when serve starts',
  cboeSymbol: 'which chain: the source id {id}, chosen when serve starts',
  cboeBaseUrl: 'which chain: the source id {id}, chosen when serve starts',
  deribitDir: 'which chain: the source id {id}, chosen when serve starts',
  csv: 'which chain: the source id {id}, chosen when serve starts',
  mapping: 'how a CSV chain is read: fixed when serve reads it',
  referenceVenue: 'how an aggregated chain is built: fixed when serve starts',
  currency: 'which chain: the source id {id}, chosen when serve starts',
  baseUrl: 'where a live chain is read from: fixed when serve starts',
  retries: 'how a live chain is read: fixed when serve starts',
  rate: 'how a BSM chain is read: fixed when serve reads it',
  yield: 'how a BSM chain is read: fixed when serve reads it',
  asOf: 'how a CBOE download is read: fixed when serve reads it',
  db: 'the history store: given to serve --db, read by /api/history/report',
  pg: 'the history store: given to serve --pg, read by /api/history/report',
};

/** `report` flags of a stored snapshot (--db, --pg): parameters of /api/history/report (a live --venue is the {id}). */
const STORED_SNAPSHOT_PARAMETERS = ['underlying', 'at', 'venue'];

const reportCommand = () => {
  const command = buildProgram({ stdout: () => {}, stderr: () => {}, color: false }).commands.find(
    (c) => c.name() === 'report',
  );
  if (!command) throw new Error('no report command');
  return command;
};

const parameterNames = (doc: Json, path: string): string[] =>
  doc.paths[path].get.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => p.name);

async function cliReport(args: string[]): Promise<Json> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['report', ...args, '--json'], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    color: false,
  });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

let btc: ChainSnapshot;
let spx: ChainSnapshot;
let book: string;
let tape: string;
const BOOK = { 'BTC-28NOV25-90000-C': -250, 'BTC-28NOV25-85000-P': 400 };
/** A desk's recorded tape of two of the chain's options, in Deribit's public-trade fields (taker side). */
const TAPE = [
  {
    trade_id: '1',
    instrument_name: 'BTC-28NOV25-90000-C',
    timestamp: 1763540000000,
    direction: 'buy',
    amount: 12,
    price: 0.04,
  },
  {
    trade_id: '2',
    instrument_name: 'BTC-28NOV25-85000-P',
    timestamp: 1763541000000,
    direction: 'sell',
    amount: 7,
    price: 0.02,
  },
  {
    trade_id: '3',
    instrument_name: 'BTC-28NOV25-90000-C',
    timestamp: 1763542000000,
    direction: 'sell',
    amount: 2,
    price: 0.04,
  },
];

beforeAll(async () => {
  [btc, spx] = await Promise.all([readDeribitDir(DERIBIT_BTC_DIR), readCboeFile(CBOE_SPX_FILE)]);
  book = join(mkdtempSync(join(tmpdir(), 'gexmap-book-')), 'book.json');
  writeFileSync(book, JSON.stringify(BOOK));
  tape = join(dirname(book), 'tape.jsonl');
  writeFileSync(tape, `${TAPE.map((t) => JSON.stringify(t)).join('\n')}\n`);
});

describe('every query parameter of the CLI report is in the API, with the same name', () => {
  it('has a report parameter for each report flag, but for the listed exceptions', () => {
    const doc = openApiDocument();
    const params = new Set(parameterNames(doc, '/api/sources/{id}/report'));
    const missing = reportCommand()
      .options.map((o) => o.attributeName())
      .filter(
        (name) => !params.has(name) && !STORED_SNAPSHOT_PARAMETERS.includes(name) && !(name in NOT_QUERY_PARAMETERS),
      );
    expect(missing).toEqual([]);
    // every report parameter is also one of the levels, the events and the stored report
    for (const path of ['/api/sources/{id}/levels', '/api/sources/{id}/events', '/api/history/report'])
      expect(parameterNames(doc, path)).toEqual(expect.arrayContaining([...params]));
    expect(parameterNames(doc, '/api/history/report')).toEqual(expect.arrayContaining(STORED_SNAPSHOT_PARAMETERS));
  });

  it('lists as exceptions only flags the report has', () => {
    const flags = new Set(reportCommand().options.map((o) => o.attributeName()));
    expect(Object.keys(NOT_QUERY_PARAMETERS).filter((name) => !flags.has(name))).toEqual([]);
  });
});

describe('the API reads each parameter in the unit of its CLI flag', () => {
  it('answers the same SPX report as gexmap report --json for the same values', async () => {
    const values = [
      ['expiries', '30d'],
      ['range', '10'],
      ['spotChange', '-3'],
      ['lookback', '24h'],
      ['pinDays', '3'],
      ['pinBand', '4'],
      ['flowRange', '5'],
      ['threshold', 'rangeReachPct=2'],
      ['threshold', 'nearBandPct=4'],
      ['weight', 'oi'],
    ];
    const flag = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const cli = await cliReport(['--cboe', CBOE_SPX_FILE, ...values.flatMap(([n, v]) => [flag(n ?? ''), v ?? ''])]);
    const app = createApp({ sources: [new StaticSource('cboe-spx', 'CBOE SPX', spx)], checkAnswers: true });
    const res = await app.request(`/api/sources/cboe-spx/report?${new URLSearchParams(values).toString()}`);
    expect(res.status).toBe(200);
    const api = await res.json();
    expect(api.pins.band.pct).toBe(4);
    expect(api.hedgeFlow.movesPct.at(-1)).toBe(5);
    expect(api.playbook.rules[1].thresholds.rangeReachPct).toBe(2);
    expect({ ...api, source: cli.source }).toEqual(cli);
  });

  it('reads positioning=positions from the book serve was given, as report --positions does', async () => {
    const cli = await cliReport(['--deribit-dir', DERIBIT_BTC_DIR, '--positioning', 'positions', '--positions', book]);
    const source = new StaticSource('deribit-btc', 'Deribit BTC', btc);
    const served = createApp({
      sources: [source],
      buildReport: reportBuilder({ positions: BOOK }),
      checkAnswers: true,
    });
    const api = await (await served.request('/api/sources/deribit-btc/report?positioning=positions')).json();
    expect(api.positioning).toBe('positions');
    expect(api.counts.options - api.counts.unpositioned).toBe(2);
    expect({ ...api, source: cli.source }).toEqual(cli);
  });

  it('reads positioning=flow from the tape serve was given, as report --tape does, with its comparison', async () => {
    const cli = await cliReport(['--deribit-dir', DERIBIT_BTC_DIR, '--positioning', 'flow', '--tape', tape]);
    const recorded = new TradeTape();
    recorded.add(await readTapeFile(tape));
    const source = new StaticSource('deribit-btc', 'Deribit BTC', btc);
    const tapeFlow = recorded.flowByInstrument();
    const served = createApp({ sources: [source], buildReport: reportBuilder({ tapeFlow }), checkAnswers: true });
    const api = await (await served.request('/api/sources/deribit-btc/report?positioning=flow')).json();
    expect(api.positioning).toBe('flow');
    expect(api.flowComparison.coverage).toMatchObject({ traded: 2, trades: 3 });
    expect({ ...api, source: cli.source }).toEqual(cli);
  });

  it('refuses positioning=positions or flow on a server without the book or the tape, naming the serve flag', async () => {
    const app = createApp({ sources: [new StaticSource('deribit-btc', 'Deribit BTC', btc)] });
    const positions = await app.request('/api/sources/deribit-btc/report?positioning=positions');
    expect(positions.status).toBe(400);
    expect((await positions.json()).error).toMatch(/--positions FILE/);
    const flow = await app.request('/api/sources/deribit-btc/report?positioning=flow');
    expect(flow.status).toBe(400);
    expect((await flow.json()).error).toMatch(/--tape FILE/);
  });

  it('refuses a bad value naming the parameter, as the CLI names its flag', async () => {
    const app = createApp({ sources: [new StaticSource('deribit-btc', 'Deribit BTC', btc)] });
    const refusal = async (query: string) =>
      (await (await app.request(`/api/sources/deribit-btc/report?${query}`)).json()).error;
    expect(await refusal('pinDays=0')).toBe(
      'bad request: pinDays 0 must be a number of days above 0 and at most 3660, e.g. 7 or 7d',
    );
    expect(await refusal('threshold=rangeReachPct=0x1')).toBe(
      'bad request: threshold rangeReachPct 0x1 is not a number',
    );
    expect(await refusal('threshold=nope=1')).toMatch(/^bad request: threshold nope is unknown: use one of/);
    expect(await refusal('pinBand=200')).toMatch(/^bad request: pinBand 200 is outside/);
  });

  it('takes expiries and its older name view, but not both', async () => {
    const app = createApp({ sources: [new StaticSource('deribit-btc', 'Deribit BTC', btc)] });
    const byNew = await (await app.request('/api/sources/deribit-btc/report?expiries=next')).json();
    const byOld = await (await app.request('/api/sources/deribit-btc/report?view=next')).json();
    expect(byNew.view).toEqual({ kind: 'next' });
    expect(byOld).toEqual(byNew);
    const both = await app.request('/api/sources/deribit-btc/report?expiries=next&view=all');
    expect(both.status).toBe(400);
    expect((await both.json()).error).toBe(
      'bad request: expiries and view are one parameter (view is its older name): give one',
    );
  });
});
