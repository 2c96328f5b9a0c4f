import {
  applyBybitTickers,
  type BybitTickerPush,
  bybitSubscribeRequests,
  bybitTickersProtocol,
} from '../sources/bybit/messages.js';
import { fetchBybitSnapshot } from '../sources/bybit/rest.js';
import { type VenueWsSettings, VenueWsStream } from '../sources/venue/wsStream.js';
import { type LiveVenueSourceOptions, StreamedVenueSource } from './streamedSource.js';

export type BybitLiveSourceOptions = LiveVenueSourceOptions<VenueWsSettings>;

/**
 * A live Bybit chain: a REST snapshot (instruments-info, tickers) every `restMs`, and between them
 * the public option WebSocket's `tickers.<symbol>` topics (one per option of the latest snapshot,
 * subscribed on every connection; newly listed options are subscribed after the REST snapshot that
 * brings them) writing mark IV, forward, open interest, mark price and index into the chain.
 */
export function bybitLiveSource(options: BybitLiveSourceOptions): StreamedVenueSource<BybitTickerPush> {
  const c = options.currency.toUpperCase();
  let symbols: readonly string[] = [];
  let stream: VenueWsStream<BybitTickerPush> | undefined;
  return new StreamedVenueSource<BybitTickerPush>({
    id: `bybit-${c.toLowerCase()}`,
    label: `Bybit ${c} (live)`,
    fetch: () => fetchBybitSnapshot(options.http, c),
    stream: (callbacks) => {
      stream = new VenueWsStream(
        bybitTickersProtocol(() => symbols),
        { ...options.stream, ...callbacks },
      );
      return stream;
    },
    apply: (snapshot, push) => applyBybitTickers(snapshot, [push]),
    afterSnapshot: (snapshot) => {
      const known = new Set(symbols);
      const added = snapshot.options.map((o) => o.instrument).filter((s) => !known.has(s));
      symbols = [...symbols, ...added];
      for (const frame of bybitSubscribeRequests(added)) stream?.send(frame);
    },
    streamAfterSnapshot: true,
    restMs: options.restMs ?? 300_000,
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
  });
}
