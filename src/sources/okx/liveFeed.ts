import { type LiveVenueFeedOptions, StreamedVenueFeed } from '../venue/streamedFeed.js';
import { applyOkxSummaries, type SummaryPush } from './messages.js';
import { fetchOkxSnapshot, okxFamily } from './rest.js';
import { OkxOptSummaryStream, type OkxStreamOptions } from './stream.js';

export type OkxLiveFeedOptions = LiveVenueFeedOptions<
  Pick<OkxStreamOptions, 'url' | 'pingMs' | 'reconnect' | 'random'>
>;

/**
 * A live OKX chain: a REST snapshot (instruments, opt-summary, open interest, index) every
 * `restMs`, and between them the opt-summary WebSocket channel writing each option's markVol and
 * fwdPx into the latest snapshot.
 */
export function okxLiveFeed(options: OkxLiveFeedOptions): StreamedVenueFeed<readonly SummaryPush[]> {
  const c = options.currency.toUpperCase();
  return new StreamedVenueFeed<readonly SummaryPush[]>({
    venue: 'okx',
    underlying: c,
    id: `okx-${c.toLowerCase()}`,
    label: `OKX ${c} (live)`,
    fetch: () => fetchOkxSnapshot(options.http, options.currency),
    stream: (callbacks) =>
      new OkxOptSummaryStream({
        ...options.stream,
        family: okxFamily(c),
        onSummaries: callbacks.onPush,
        ...(callbacks.onOpen !== undefined ? { onOpen: callbacks.onOpen } : {}),
        ...(callbacks.onDown !== undefined ? { onDown: callbacks.onDown } : {}),
      }),
    apply: applyOkxSummaries,
    restMs: options.restMs ?? 300_000,
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.log !== undefined ? { log: options.log } : {}),
  });
}
