import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveFeedSource } from '../../src/server/liveFeedSource.js';
import { applyBybitTickers, type BybitTickerPush } from '../../src/sources/bybit/messages.js';
import { parseBybitChain } from '../../src/sources/bybit/parse.js';
import { StreamedVenueFeed } from '../../src/sources/venue/streamedFeed.js';
import type { VenueWsCallbacks } from '../../src/sources/venue/wsStream.js';
import { DATA_DIR } from '../golden/paths.js';

const json = (name: string) => JSON.parse(readFileSync(resolve(DATA_DIR, 'venues/bybit', name), 'utf8'));

/** The documented Bybit tickers answer, with its one symbol listed as trading. */
function bybitSnapshot() {
  const tickers = json('rest-tickers-option-doc.json');
  const t = tickers.result.list[0];
  const instrument = {
    symbol: t.symbol,
    status: 'Trading',
    baseCoin: 'BTC',
    optionsType: 'Call',
    deliveryTime: String(Date.UTC(2022, 11, 30, 8)),
  };
  return parseBybitChain({ instruments: [instrument], tickers, source: 'bybit docs' });
}

async function bybitSource() {
  let callbacks: VenueWsCallbacks<BybitTickerPush> | undefined;
  const log: string[] = [];
  const feed = new StreamedVenueFeed<BybitTickerPush>({
    venue: 'bybit',
    underlying: 'BTC',
    id: 'bybit-btc',
    label: 'Bybit BTC',
    fetch: async () => bybitSnapshot(),
    stream: (cb) => {
      callbacks = cb;
      return { stats: { connections: 0, reconnects: 0, protocolErrors: 0, pushes: 0 }, start() {}, close() {} };
    },
    apply: (snapshot, push) => applyBybitTickers(snapshot, [push]),
    restMs: 3_600_000,
    log: (line) => log.push(line),
  });
  const source = new LiveFeedSource(feed);
  await feed.start();
  const push = (p: Omit<BybitTickerPush, 'name' | 'ts'>) =>
    callbacks?.onPush({ name: 'BTC-30DEC22-18000-C', ts: 1672376593000, ...p });
  return { feed, source, push, log };
}

describe('a streamed push is screened by the rules a REST snapshot is read with', () => {
  it('applies a plausible push and leaves the chain as it was for one in the wrong unit or size', async () => {
    const { feed, source, push, log } = await bybitSource();
    const iv = () => source.current()?.snapshot.options[0]?.iv;
    push({ markIv: 0.8 });
    expect(iv()).toBe(0.8);
    const version = source.current()?.version;
    push({ markIv: 0.008 }); // divided by 100 once too often
    push({ markIv: 80 }); // in percent
    push({ openInterest: 1e308 });
    push({ forward: 165_904 });
    push({ index: 16.6 }); // spot in thousands
    expect(iv()).toBe(0.8);
    expect(source.current()?.version).toBe(version);
    expect(source.current()?.snapshot.spot).toBe(16600.55);
    expect(feed.refusedPushes).toBe(5);
    expect(log).toEqual([
      'bybit-btc: push not applied: BTC-30DEC22-18000-C: iv (0.008) is implausible-implied-vol',
      'bybit-btc: push not applied: BTC-30DEC22-18000-C: iv (80) is absurd-implied-vol',
      'bybit-btc: push not applied: BTC-30DEC22-18000-C: open interest (1e+308) must be a non-negative number below 1e9 contracts',
      'bybit-btc: push not applied: BTC-30DEC22-18000-C: forward (165904) is outside 0.5× … 1.5× spot (16600.55)',
      'bybit-btc: push not applied: BTC-30DEC22-18000-C: strike (18000) is outside spot/1000 … spot×1000 (spot 16.6)',
    ]);
    await source.close();
  });
});
