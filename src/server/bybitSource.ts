import { applyBybitTickers, type BybitTickerPush } from '../sources/bybit/messages.js';
import { fetchBybitSnapshot } from '../sources/bybit/rest.js';
import { BybitTickerStreams } from '../sources/bybit/streams.js';
import type { VenueWsSettings } from '../sources/venue/wsStream.js';
import { type LiveVenueSourceOptions, StreamedVenueSource } from './streamedSource.js';

export type BybitLiveSourceOptions = LiveVenueSourceOptions<VenueWsSettings>;

/**
 * A live Bybit chain: a REST snapshot (instruments-info, tickers) every `restMs`, and between them
 * the public option WebSocket's `tickers.<symbol>` topics (one per option of the latest snapshot,
 * at most 2,000 per connection, subscribed on every connection; newly listed options are
 * subscribed, and options gone unsubscribed, after the REST snapshot that shows it) writing mark
 * IV, forward, open interest, mark price and index into the chain. Topics Bybit refuses
 * (failTopics) show in the status.
 */
export function bybitLiveSource(options: BybitLiveSourceOptions): StreamedVenueSource<BybitTickerPush> {
  const c = options.currency.toUpperCase();
  let streams: BybitTickerStreams | undefined;
  return new StreamedVenueSource<BybitTickerPush>({
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
