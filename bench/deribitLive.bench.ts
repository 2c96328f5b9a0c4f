/**
 * Live benchmark. First the figure: one markprice update (one option's new vol) on the
 * aggregated BTC map over four venues (the recorded Deribit chain once per venue, ≈ 3,000 options),
 * to new net GEX, flips and walls by the incremental LiveMap, against a full rebuild. Then one
 * whole-chain `markprice.options.btc_usd` notification for the whole recorded BTC
 * chain (760 marks) applied to the live columnar chain, then net GEX, the 1,000-point profile with
 * exact flips, and the walls recomputed. `npm run bench:live` prints a table; `-- --json` one JSON
 * array of {step, ms}. Figures are medians of several runs after a warm-up (target: under 2 ms).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { liveMetrics } from '../src/analytics/live.js';
import { LiveMap } from '../src/analytics/liveMap.js';
import { aggregateChains } from '../src/chain/aggregate.js';
import { toColumnar } from '../src/chain/columnar.js';
import { LiveChain } from '../src/chain/liveChain.js';
import { at } from '../src/core/at.js';
import { dealerPositions } from '../src/positioning/models.js';
import { type DeribitBookSummary, parseDeribitChain } from '../src/sources/deribit/index.js';
import { classifyWsMessage } from '../src/sources/deribit/live/messages.js';
import { type MarkUpdate, parseMarkPrices } from '../src/sources/deribit/live/parse.js';
import { consume, printSink } from './support/sink.js';

const DIR = resolve(import.meta.dirname, '../../shared/data/deribit-btc-2025-11-19');
const WARMUP = 10;
const RUNS = 41;

const instruments = JSON.parse(readFileSync(resolve(DIR, 'get_instruments.json'), 'utf8'));
const summaries = JSON.parse(
  readFileSync(resolve(DIR, 'get_book_summary_by_currency.json'), 'utf8'),
) as DeribitBookSummary[];
const snapshot = parseDeribitChain({ instruments, summaries, source: DIR });
const live = LiveChain.fromSnapshot(snapshot, { settlement: 'inverse' });

// The aggregated map of the issue: the recorded Deribit chain listed on four venues, each copy with its
// own venue tag (the OKX, Bybit and Binance captures hold a few instruments each, not a whole chain).
const VENUES = ['deribit', 'okx', 'bybit', 'binance'];
const aggregate = aggregateChains(VENUES.map((venue) => ({ ...snapshot, venue })));
const aggChain = toColumnar(aggregate, aggregate.options);
const aggQ = dealerPositions(aggChain, { model: 'classic' }).q;
const liveMap = new LiveMap(aggChain, aggQ);
const positionedNames = aggChain.instruments.filter((_, i) => aggQ[i] !== 0);
let tick = 0;
/** One mark on the aggregated map: the next positioned option's vol moved by up to ±2 vol points. */
function nextMark(): { instrument: string; iv: number } {
  tick++;
  const instrument = at(positionedNames, (tick * 7919) % positionedNames.length);
  const i = aggChain.instruments.indexOf(instrument);
  return { instrument, iv: at(aggChain.iv, i) * (1 + 0.04 * Math.sin(tick)) };
}

let k = 0;
/** The next whole-chain mark notification: every vol moved a little, one second later. */
function nextMarks(): MarkUpdate[] {
  k++;
  const timestamp = snapshot.asOf + k * 1000;
  return summaries.map((s, i) => ({
    instrument: s.instrument_name,
    markPrice: s.mark_price,
    iv: Math.round((s.mark_iv ?? 50) * 100 + 7 * Math.sin(k + i)) / 100 / 100,
    timestamp,
  }));
}

function nextFrame(): string {
  const marks = nextMarks().map((m) => ({
    instrument_name: m.instrument,
    mark_price: m.markPrice,
    iv: m.iv,
    timestamp: m.timestamp,
  }));
  return JSON.stringify({
    jsonrpc: '2.0',
    method: 'subscription',
    params: { channel: 'markprice.options.btc_usd', data: marks },
  });
}

function recompute(): void {
  const chain = live.columnar();
  const metrics = liveMetrics(chain, dealerPositions(chain, { model: 'classic' }).q);
  consume(metrics.netGex + metrics.gammaFlips.length);
}

function median(prepare: () => unknown, fn: (input: never) => void): number {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const input = prepare();
    const t0 = performance.now();
    fn(input as never);
    const dt = performance.now() - t0;
    if (i >= WARMUP) times.push(dt);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] as number;
}

const rows = [
  {
    step: `aggregated BTC map, ${VENUES.length} venues (${aggChain.n} options): one markprice update to net GEX, flips, walls`,
    ms: median(nextMark, (mark: { instrument: string; iv: number }) => {
      const m = liveMap.applyIv(mark.instrument, mark.iv);
      consume(m.netGex + m.gammaFlips.length + (m.callWall ?? 0));
    }),
  },
  {
    step: `same map, full rebuild (columnar chain + liveMetrics) for comparison`,
    ms: median(
      () => undefined,
      () => {
        const chain = toColumnar(aggregate, aggregate.options);
        consume(liveMetrics(chain, dealerPositions(chain, { model: 'classic' }).q).netGex);
      },
    ),
  },
  {
    step: 'apply markprice (760 marks) + net GEX, flips, walls',
    ms: median(nextMarks, (marks: MarkUpdate[]) => {
      live.applyMarks(marks);
      recompute();
    }),
  },
  {
    step: 'same, from the raw WebSocket frame (JSON.parse + validation)',
    ms: median(nextFrame, (frame: string) => {
      const msg = classifyWsMessage(frame);
      if (msg.kind !== 'notification') throw new Error('not a notification');
      live.applyMarks(parseMarkPrices(msg.data));
      recompute();
    }),
  },
  {
    step: 'apply markprice only (no recompute)',
    ms: median(nextMarks, (marks: MarkUpdate[]) => consume(live.applyMarks(marks).applied)),
  },
  {
    step: 'apply index update + net GEX, flips, walls',
    ms: median(
      () => ({ indexName: 'btc_usd', price: 91_000 + (k++ % 50) * 10, timestamp: snapshot.asOf + k * 1000 }),
      (update: { indexName: string; price: number; timestamp: number }) => {
        live.applyIndex(update);
        recompute();
      },
    ),
  },
  {
    step: 'full re-parse of the REST answers + same recompute (for comparison)',
    ms: median(
      () => undefined,
      () => {
        const fresh = LiveChain.fromSnapshot(parseDeribitChain({ instruments, summaries, source: DIR }), {
          settlement: 'inverse',
        });
        const chain = fresh.columnar();
        consume(liveMetrics(chain, dealerPositions(chain, { model: 'classic' }).q).netGex);
      },
    ),
  },
];

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows));
} else {
  console.log(`deribit-btc-2025-11-19, ${live.size} options in the chain, ${summaries.length} marks per notification`);
  console.log(`${'step'.padEnd(104)} median ms`);
  for (const r of rows) console.log(`${r.step.padEnd(104)} ${r.ms.toFixed(3).padStart(9)}`);
  console.log(
    `(${RUNS} runs after ${WARMUP} warm-up runs; recompute = classic positions, net GEX at spot, GEX by strike,`,
  );
  console.log(' walls, 1,000-point profile over ±20 % and every flip refined exactly; target under 2 ms)');
}
printSink();
