import { expect, it } from 'vitest';
import { okxLiveFeed } from '../../src/sources/okx/liveFeed.js';
import { classifyOkxMessage } from '../../src/sources/okx/messages.js';
import { parseOkxChain } from '../../src/sources/okx/parse.js';
import { okxHttp } from '../../src/sources/okx/rest.js';
import { venueCapture } from '../support/venueCaptures.js';
import { OKX_RATE_LIMIT, okxPayloads, pushOptSummary, startOkxReplay } from '../support/venueReplay/okx.js';
import { waitFor } from './deribitLive/helpers.js';
import { dataChanges, healthy, streamedVenueSuite } from './streamedVenueSuite.js';

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

/** The captured 50011 answer, sent with HTTP 429. */
const OKX_RATE_LIMIT_FAULT = { venueErrorStatus: OKX_RATE_LIMIT.status, venueErrorBody: OKX_RATE_LIMIT.body };

streamedVenueSuite(
  {
    title: 'OKX live source: REST snapshot plus the opt-summary WebSocket channel',
    start: () => startOkxReplay(),
    open: (replay, stream) =>
      okxLiveFeed({
        currency: 'BTC',
        http: okxHttp({ baseUrl: replay.baseUrl, retries: 0, rateLimit: { perSecond: 10_000, burst: 10_000 } }),
        stream,
        restMs: 3_600_000,
      }),
    pushSome: (replay, _snapshot, ts, frame) => pushOptSummary(replay, movedRows(3, 0.01, ts), frame),
  },
  (ctx) => {
    it('subscribes with the documented request and writes pushed markVol and fwdPx into the chain', async () => {
      const s = ctx.open();
      await s.start();
      await waitFor(() => healthy(s), 'the subscription');
      const before = s.current()!;
      const changes = dataChanges(s);
      const rows = movedRows(5, 0.05, before.asOf + 1000);
      pushOptSummary(ctx.replay, rows);
      await waitFor(() => changes() > 0, 'the push');
      const after = s.current()!;
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
      expect(after.asOf).toBe(before.asOf + 1000);
      for (const o of after.options) {
        const e = expected.options.find((x) => x.instrument === o.instrument)!;
        expect(o.iv).toBe(e.iv);
        expect(o.forward).toBe(e.forward);
      }
      expect(after.options.filter((o, i) => o.iv !== before.options[i]!.iv).length).toBeGreaterThan(0);
    });

    it('moves only the IV for a push without fwdPx, keeping the forward of the REST snapshot', async () => {
      const s = ctx.open();
      await s.start();
      await waitFor(() => healthy(s), 'the subscription');
      const before = s.current()!;
      const changes = dataChanges(s);
      const held = new Set(before.options.map((o) => o.instrument));
      const rows = movedRows(40, 0.05, before.asOf + 500)
        .filter((r) => held.has(r.instId as string))
        .slice(0, 3)
        .map(({ fwdPx: _, ...r }) => r);
      expect(rows).toHaveLength(3);
      pushOptSummary(ctx.replay, rows);
      await waitFor(() => changes() > 0, 'the push');
      for (const r of rows) {
        const was = before.options.find((o) => o.instrument === r.instId)!;
        const now = s.current()!.options.find((o) => o.instrument === r.instId)!;
        expect(now.iv).toBe(Number(r.markVol));
        expect(now.iv).not.toBe(was.iv);
        expect(now.forward).toBe(was.forward);
      }
      expect(s.streamStats.protocolErrors).toBe(0);
    });

    it('reads the recorded 2021 opt-summary frame (arg by uly, rows without fwdPx) as IV-only rows', () => {
      const [frame] = venueCapture('okx', 'ws-opt-summary-2021-12-tardis.json');
      expect(classifyOkxMessage(JSON.stringify(frame))).toEqual({
        kind: 'summaries',
        rows: [
          { name: 'ETH-USD-211222-4000-C', markVol: 0.7794507758, ts: 1640001659301 },
          { name: 'ETH-USD-211231-9600-C', markVol: 1.8880399194, ts: 1640001659181 },
        ],
      });
    });

    it('is stale with the venue code when a REST refresh is refused, keeping the last good chain', async () => {
      const s = ctx.open();
      await s.start();
      await waitFor(() => healthy(s), 'the subscription');
      Object.assign(ctx.replay.faults, { venueError: 100, ...OKX_RATE_LIMIT_FAULT });
      await s.refresh();
      expect(s.health()).toMatchObject({
        stale: true,
        staleReason: expect.stringContaining('50011'),
        lastError: { kind: 'rate-limited', code: '50011' },
      });
      expect(s.current()).toBeDefined();
    });
  },
);
