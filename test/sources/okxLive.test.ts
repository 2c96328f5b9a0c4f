import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OkxLiveSource } from '../../src/server/okxSource.js';
import { parseOkxChain } from '../../src/sources/okx/parse.js';
import { okxHttp } from '../../src/sources/okx/rest.js';
import { okxPayloads, pushOptSummary, startOkxReplay } from '../support/venueReplay/okx.js';
import type { VenueReplay } from '../support/venueReplay/server.js';
import { waitFor } from './deribitLive/helpers.js';

let replay: VenueReplay;
let source: OkxLiveSource | undefined;
const FAST = { initialMs: 5, maxMs: 40, factor: 2, jitter: 0.5 };

beforeAll(async () => {
  replay = await startOkxReplay();
});
afterAll(async () => {
  await replay.close();
});
afterEach(() => {
  source?.close();
  source = undefined;
  replay.clearFaults();
});

function open(): OkxLiveSource {
  source = new OkxLiveSource({
    currency: 'BTC',
    http: okxHttp({ baseUrl: replay.baseUrl, retries: 0, rateLimit: { perSecond: 10_000, burst: 10_000 } }),
    stream: { url: replay.wsUrl, pingMs: 0, reconnect: FAST },
    restMs: 3_600_000,
  });
  return source;
}

/** The recorded summaries of the first `n` options with markVol and fwdPx moved, at a later ts. */
function movedRows(n: number, volUp: number, ts: number): Record<string, string>[] {
  const rows = (okxPayloads().summaries.data as Record<string, string>[]).slice(0, n);
  return rows.map((r) => ({
    ...r,
    markVol: String(Number(r.markVol) + volUp),
    fwdPx: String(Number(r.fwdPx) * 1.01),
    ts: String(ts),
  }));
}

describe('OKX live source: REST snapshot plus the opt-summary WebSocket channel', () => {
  it('subscribes with the documented request and writes pushed markVol and fwdPx into the chain', async () => {
    const s = open();
    await s.polled;
    await waitFor(() => s.status().state === 'ok', 'the subscription');
    const before = s.current()!;
    const rows = movedRows(5, 0.05, before.snapshot.asOf + 1000);
    pushOptSummary(replay, rows);
    await waitFor(() => (s.current()?.version ?? 0) > before.version, 'the push');
    const after = s.current()!.snapshot;
    const expected = parseOkxChain({
      ...okxPayloads(),
      summaries: {
        code: '0',
        msg: '',
        data: (okxPayloads().summaries.data as Record<string, string>[]).map(
          (r) => rows.find((x) => x.instId === r.instId) ?? r,
        ),
      },
      source: after.source,
    });
    expect(after.asOf).toBe(before.snapshot.asOf + 1000);
    for (const o of after.options) {
      const e = expected.options.find((x) => x.instrument === o.instrument)!;
      expect(o.iv).toBe(e.iv);
      expect(o.forward).toBe(e.forward);
    }
    expect(after.options.filter((o, i) => o.iv !== before.snapshot.options[i]!.iv).length).toBeGreaterThan(0);
  });

  it('shows stale while the WebSocket is dropped, reconnects, subscribes again and is ok', async () => {
    const s = open();
    await s.polled;
    await waitFor(() => s.status().state === 'ok', 'the first subscription');
    const connections = replay.wsStats.connections;
    let sawStale = false;
    s.subscribe(() => {
      if (s.status().state === 'stale') sawStale = true;
    });
    replay.dropWs();
    await waitFor(() => sawStale, 'the stale state');
    expect(s.status().reason).toMatch(/stream down/);
    expect(s.current()).toBeDefined();
    await waitFor(() => replay.wsStats.connections > connections && s.status().state === 'ok', 'the reconnection');
  });

  it('skips malformed and truncated frames and keeps applying the next pushes', async () => {
    const s = open();
    await s.polled;
    await waitFor(() => s.status().state === 'ok', 'the subscription');
    const v = s.current()!.version;
    pushOptSummary(replay, movedRows(3, 0.01, s.current()!.snapshot.asOf + 1), () => '<html>502</html>');
    pushOptSummary(replay, movedRows(3, 0.01, s.current()!.snapshot.asOf + 1), (t) => t.slice(0, t.length / 2));
    pushOptSummary(replay, movedRows(3, 0.02, s.current()!.snapshot.asOf + 2));
    await waitFor(() => (s.current()?.version ?? 0) > v, 'the good push');
    expect(s.current()!.version).toBe(v + 1);
    expect(s.status().state).toBe('ok');
  });

  it('is down with the reason while the first REST snapshot is rate-limited, then stale when a refresh fails', async () => {
    replay.faults.http429 = 100;
    const s = open();
    await s.polled;
    expect(s.status()).toMatchObject({ state: 'down', reason: expect.stringContaining('HTTP 429') });
    replay.clearFaults();
    await s.refresh();
    await waitFor(() => s.status().state === 'ok', 'recovery');
    replay.faults.venueError = 100;
    replay.faults.venueErrorStatus = 429;
    replay.faults.venueErrorBody = { code: '50011', msg: 'Too Many Requests', data: [] };
    await s.refresh();
    expect(s.status()).toMatchObject({ state: 'stale', reason: expect.stringContaining('50011') });
  });
});
