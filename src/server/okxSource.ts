import { applyOkxSummaries, type SummaryPush } from '../sources/okx/messages.js';
import { fetchOkxSnapshot, okxFamily } from '../sources/okx/rest.js';
import { OkxOptSummaryStream, type OkxStreamOptions } from '../sources/okx/stream.js';
import { type LiveVenueSourceOptions, StreamedVenueSource } from './streamedSource.js';

export type OkxLiveSourceOptions = LiveVenueSourceOptions<
  Pick<OkxStreamOptions, 'url' | 'pingMs' | 'reconnect' | 'random'>
>;

/**
 * A live OKX chain (StreamedVenueSource): a REST snapshot (instruments, opt-summary, open
 * interest, index) every `restMs`, and between them the opt-summary WebSocket channel writing each
 * option's markVol and fwdPx into the latest snapshot. `down` until the first REST snapshot;
 * `stale` with the reason while the stream is down or the last REST refresh failed (the last good
 * data stays served).
 */
export class OkxLiveSource extends StreamedVenueSource<readonly SummaryPush[]> {
  constructor(options: OkxLiveSourceOptions) {
    const c = options.currency.toUpperCase();
    super({
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
}
