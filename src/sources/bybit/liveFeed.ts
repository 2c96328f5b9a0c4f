import { type LiveVenueFeedOptions, StreamedVenueFeed } from '../venue/streamedFeed.js';
import type { VenueWsSettings } from '../venue/wsStream.js';
import { applyBybitTickers, type BybitTickerPush } from './messages.js';
import { fetchBybitSnapshot } from './rest.js';
import { BybitTickerStreams } from './streams.js';

export type BybitLiveFeedOptions = LiveVenueFeedOptions<VenueWsSettings>;

/**
 * A live Bybit chain: a REST snapshot (instruments-info, tickers) every `restMs`, and between them
 * the public option WebSocket's `tickers.<symbol>` topics (one per option of the latest snapshot,
 * at most 2,000 per connection, subscribed on every connection; newly listed options are
 * subscribed, and options gone unsubscribed, after the REST snapshot that shows it) writing mark
 * IV, forward, open interest, mark price and index into the chain. Topics Bybit refuses
 * (failTopics) show in the health's note.
 */
export function bybitLiveFeed(options: BybitLiveFeedOptions): StreamedVenueFeed<BybitTickerPush> {
  const c = options.currency.toUpperCase();
  let streams: BybitTickerStreams | undefined;
  return new StreamedVenueFeed<BybitTickerPush>({
    venue: 'bybit',
    underlying: c,
    id: `bybit-${c.toLowerCase()}`,
    label: `Bybit ${c} (live)`,
    fetch: () => fetchBybitSnapshot(options.http, c),
    stream: (callbacks) => {
      streams = new BybitTickerStreams({ ...options.stream, ...callbacks });
      return streams;
    },
    apply: (snapshot, push) => applyBybitTickers(snapshot, [push]),
    afterSnapshot: (snapshot) => streams?.sync(snapshot.options.map((o) => o.instrument)),
    streamAfterSnapshot: true,
    restMs: options.restMs ?? 300_000,
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
  });
}
