import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { fmtUsd } from '../../src/report/format.js';
import { readTapeFile } from '../../src/sources/deribit/tape/file.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { waitFor } from '../sources/deribitLive/helpers.js';
import { type DeribitReplay, recordedBtcMarket, startDeribitReplay } from '../support/deribitReplay/index.js';

let replay: DeribitReplay;

beforeAll(async () => {
  replay = await startDeribitReplay({ markets: [recordedBtcMarket({ historyTrades: 1200, historyHours: 48 })] });
});
afterAll(async () => {
  await replay.close();
});
afterEach(() => {
  replay.clearFaults();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function start(args: string[]): { done: Promise<Run>; out: () => string } {
  let stdout = '';
  let stderr = '';
  const done = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false }).then(
    (code) => ({ code, stdout, stderr }),
  );
  return { done, out: () => stdout };
}

const run = (args: string[]) => start(args).done;
const live = () => ['--venue', 'deribit', '--currency', 'BTC', '--base-url', replay.baseUrl, '--retries', '1'];

async function closedPort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => done(p));
    });
  });
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('gexmap report --venue deribit', () => {
  it('gives the same report from the live REST snapshot as from the recorded files', async () => {
    const a = await run(['report', ...live(), '--json']);
    const b = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--json']);
    expect(a.code).toBe(0);
    const ra = JSON.parse(a.stdout);
    const rb = JSON.parse(b.stdout);
    expect(ra.source).toBe(`${replay.baseUrl} BTC options (REST)`);
    expect({ ...ra, source: '' }).toEqual({ ...rb, source: '' });
  });

  it('shows flow and classic side by side from a backfilled tape, with the flow report itself under flow', async () => {
    const r = await run(['report', ...live(), '--positioning', 'flow', '--tape-hours', '48', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const classic = JSON.parse((await run(['report', ...live(), '--json'])).stdout);
    expect(report.positioning).toBe('flow');
    expect(report.flowComparison.classic.netGex).toBe(classic.netGex);
    expect(report.flowComparison.flow.netGex).toBe(report.netGex);
    expect(report.flowComparison.coverage.trades).toBe(1200);
    expect(report.flowComparison.coverage.share).toBeGreaterThan(0);
    expect(report.flowComparison.coverage.share).toBeLessThan(1);
  });

  it('writes the backfill to a tape file that later reports read on their own, with the same flow', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gexmap-tape-')), 'btc.jsonl');
    const first = await run(['report', ...live(), '--tape', path, '--tape-hours', '48', '--rows', '5']);
    expect(first.code).toBe(0);
    expect(existsSync(path)).toBe(true);
    expect((await readTapeFile(path)).length).toBe(1200);
    expect(first.stdout).toContain('Positioning: classic vs flow');
    expect(first.stdout).toMatch(/flow coverage: the tape explains \d+\.\d % of open interest/);
    const again = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--tape', path, '--rows', '5']);
    expect(again.code).toBe(0);
    const block = (text: string) => text.slice(text.indexOf('Positioning: classic vs flow'));
    expect(block(again.stdout)).toBe(block(first.stdout));
    const resumed = await run(['report', ...live(), '--tape', path, '--tape-hours', '48', '--json']);
    expect(JSON.parse(resumed.stdout).flowComparison.coverage.trades).toBe(1200);
    expect((await readTapeFile(path)).length).toBe(1200);
  });

  it('refuses --positioning flow without a tape, as a usage error', async () => {
    const r = await run(['report', ...live(), '--positioning', 'flow']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--positioning flow needs a trade tape');
  });

  it('exits 3 with one clear line when the venue cannot be reached', async () => {
    const port = await closedPort();
    const r = await run([
      'report',
      '--venue',
      'deribit',
      '--currency',
      'BTC',
      '--base-url',
      `http://127.0.0.1:${port}`,
      '--retries',
      '0',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      new RegExp(`^gexmap: venue: .*127\\.0\\.0\\.1:${port} unreachable.*check the network and the --base-url\\)\\n$`),
    );
    noStack(r.stderr);
  });

  it('exits 3 naming the rate limit when the venue keeps answering 429', async () => {
    replay.faults.http429 = 1000;
    // no retries: the refusal is the behaviour under test, not the backoff before it
    const r = await run([
      'report',
      '--venue',
      'deribit',
      '--currency',
      'BTC',
      '--base-url',
      replay.baseUrl,
      '--retries',
      '0',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('HTTP 429');
    expect(r.stderr).toContain('rate-limiting');
    noStack(r.stderr);
  });

  it('exits 3 when the answers stay malformed, and 2 for a currency that is not one', async () => {
    replay.faults.httpTruncated = 1000;
    const r = await run(['report', ...live()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('not JSON (malformed or truncated');
    noStack(r.stderr);
    replay.clearFaults();
    const bad = await run([
      'report',
      '--venue',
      'deribit',
      '--currency',
      'BTC-PERPETUAL',
      '--base-url',
      replay.baseUrl,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('currency (BTC-PERPETUAL)');
  });
});

describe('gexmap report --positioning flow on a terminal', () => {
  it.each([40, 60, 100])('fits classic vs flow and the coverage in %i columns', async (width) => {
    let stdout = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: () => {}, color: false, width };
    expect(await runCli(['report', ...live(), '--positioning', 'flow', '--tape-hours', '48'], io)).toBe(0);
    expect(stdout.split('\n').filter((l) => [...l].length > width)).toEqual([]);
    expect(stdout).toContain('Positioning: classic vs flow');
    expect(stdout).toMatch(/flow coverage: the tape explains/);
  });
});

describe('gexmap watch', () => {
  it('redraws regime, net GEX, flip, walls and the strike chart on updates, then exits after --frames', async () => {
    const ticker = setInterval(() => replay.tick(), 15);
    try {
      const r = await run(['watch', ...live(), '--frames', '4', '--refresh', '0', '--heartbeat', '0', '--rows', '5']);
      expect(r.code).toBe(0);
      const frames = r.stdout.split('gexmap watch · deribit BTC').slice(1);
      expect(frames).toHaveLength(4);
      // one start-up line, on stderr, naming what it follows and where; stdout is the frames alone
      const ws = replay.baseUrl.replace(/^http/, 'ws');
      expect(r.stderr).toBe(
        `gexmap watching deribit BTC on ${ws}/ws/api/v2 (REST ${replay.baseUrl}) · classic positioning · all expiries\n`,
      );
      expect(r.stdout.startsWith('gexmap watch · deribit BTC')).toBe(true);
      const last = frames[3] as string;
      expect(last).toContain('● LIVE');
      for (const text of [
        'Net GEX',
        'Regime     NEGATIVE\n           dealers short gamma',
        'Gamma flip',
        'Call wall',
        'Put wall',
        '◀ spot',
        'frame 4',
      ]) {
        expect(last).toContain(text);
      }
    } finally {
      clearInterval(ticker);
    }
    await waitFor(() => replay.clients() === 0, 'the watch to close its connection');
  });

  it('with --positioning flow, frames the tape coverage and the net GEX of the flow report of the same chain', async () => {
    const flow = JSON.parse(
      (await run(['report', ...live(), '--positioning', 'flow', '--tape-hours', '48', '--json'])).stdout,
    );
    const classic = JSON.parse((await run(['report', ...live(), '--json'])).stdout);
    expect(fmtUsd(flow.netGex)).not.toBe(fmtUsd(classic.netGex));
    const r = await run([
      'watch',
      ...live(),
      '--positioning',
      'flow',
      '--tape-hours',
      '48',
      '--frames',
      '1',
      '--heartbeat',
      '0',
      '--rows',
      '3',
    ]);
    expect(r.code).toBe(0);
    const { share, trades } = flow.flowComparison.coverage;
    expect(r.stdout).toContain(
      `flow coverage: the tape explains ${(share * 100).toFixed(1)} % of open interest · ${trades.toLocaleString('en-US')} trades`,
    );
    expect(r.stdout).toContain(`Net GEX    ${fmtUsd(flow.netGex)} USD per 1 % move`);
  });

  it('shows a staleness indicator while the stream is down, and LIVE again after it recovers', async () => {
    const ticker = setInterval(() => replay.tick(), 15);
    try {
      const w = start(['watch', ...live(), '--frames', '60', '--refresh', '0', '--heartbeat', '0', '--rows', '3']);
      await waitFor(() => w.out().includes('● LIVE'), 'a live frame');
      const liveAt = w.out().indexOf('● LIVE');
      replay.faults.refuseWebSocket = true;
      replay.dropConnections();
      await waitFor(() => w.out().indexOf('▲ STALE', liveAt) > 0, 'a stale frame after the live one');
      const staleAt = w.out().indexOf('▲ STALE', liveAt);
      expect(w.out().slice(staleAt)).toMatch(/^▲ STALE for \d+ s: disconnected/);
      replay.faults.refuseWebSocket = false;
      const r = await w.done;
      expect(r.code).toBe(0);
      expect(r.stdout.slice(staleAt)).toContain('● LIVE');
    } finally {
      clearInterval(ticker);
    }
  });

  it('exits 3 with one clear line when the venue cannot be reached at start', async () => {
    const port = await closedPort();
    const r = await run([
      'watch',
      '--venue',
      'deribit',
      '--currency',
      'ETH',
      '--base-url',
      `http://127.0.0.1:${port}`,
      '--retries',
      '0',
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^gexmap: venue: public\/get_\w+: http:\/\/127\.0\.0\.1:\d+ unreachable/);
    noStack(r.stderr);
    expect(r.stdout).toBe('');
  });

  it('exits 0 on SIGINT, closing its connection, without a stack trace', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/bin.ts', 'watch', ...live(), '--heartbeat', '0', '--rows', '3', '--refresh', '0'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await waitFor(() => stdout.includes('frame 1') && replay.clients() === 1, 'the first frame', 30_000);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // its start-up line and nothing else
    expect(stderr).toMatch(/^gexmap watching deribit BTC on ws:\/\/[^\n]+ · classic positioning · all expiries\n$/);
    await waitFor(() => replay.clients() === 0, 'the connection to close');
  });
});
