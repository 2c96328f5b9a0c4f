import { applyOkxSummaries } from '../sources/okx/messages.js';
import { fetchOkxSnapshot, okxFamily } from '../sources/okx/rest.js';
import { OkxOptSummaryStream, type OkxStreamOptions } from '../sources/okx/stream.js';
import type { VenueHttp } from '../sources/venue/http.js';
import type { ChainSource, SourceStatus, VersionedSnapshot } from './sources.js';

export interface OkxLiveSourceOptions {
  readonly currency: string;
  readonly http: VenueHttp;
  /** the stream's URL, ping and reconnect policy */
  readonly stream?: Pick<OkxStreamOptions, 'url' | 'pingMs' | 'reconnect' | 'random'>;
  /** REST snapshot interval (open interest, listings), ms; default 300,000 */
  readonly restMs?: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/**
 * A live OKX chain: a REST snapshot (instruments, opt-summary, open interest, index) every
 * `restMs`, and between them the opt-summary WebSocket channel writing each option's markVol and
 * fwdPx into the latest snapshot. `down` until the first REST snapshot; `stale` with the reason
 * while the stream is down or the last REST refresh failed (the last good data stays served).
 */
export class OkxLiveSource implements ChainSource {
  readonly id: string;
  readonly label: string;
  private latest: VersionedSnapshot | undefined;
  private lastGoodAt: number | undefined;
  private restError: string | undefined = 'connecting to OKX';
  private streamError: string | undefined = 'stream connecting';
  private readonly listeners = new Set<() => void>();
  private readonly stream: OkxOptSummaryStream;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => number;
  /** resolves after the REST poll in flight */
  polled: Promise<void> = Promise.resolve();

  constructor(private readonly options: OkxLiveSourceOptions) {
    const c = options.currency.toUpperCase();
    this.id = `okx-${c.toLowerCase()}`;
    this.label = `OKX ${c} (live)`;
    this.now = options.now ?? Date.now;
    this.stream = new OkxOptSummaryStream({
      ...options.stream,
      family: okxFamily(c),
      onSummaries: (rows) => {
        if (!this.latest) return;
        const { snapshot, applied } = applyOkxSummaries(this.latest.snapshot, rows);
        if (applied === 0) return;
        this.latest = { snapshot, version: this.latest.version + 1 };
        if (this.state().state === 'ok') this.lastGoodAt = this.now();
        this.emit();
      },
      onOpen: () => {
        this.streamError = undefined;
        this.emit();
      },
      onDown: ({ reason, retryInMs }) => {
        this.streamError = `stream down: ${reason}`;
        this.options.log?.(`${this.id}: ${reason}; reconnecting in ${Math.round(retryInMs)} ms`);
        this.emit();
      },
    });
    this.stream.start();
    void this.poll();
  }

  private poll(): Promise<void> {
    this.polled = (async () => {
      try {
        const snapshot = await fetchOkxSnapshot(this.options.http, this.options.currency);
        if (this.closed) return;
        this.latest = { snapshot, version: (this.latest?.version ?? 0) + 1 };
        this.restError = undefined;
        if (this.state().state === 'ok') this.lastGoodAt = this.now();
      } catch (e) {
        if (this.closed) return;
        this.restError = (e as Error).message;
      }
      this.emit();
      this.timer = setTimeout(() => void this.poll(), this.options.restMs ?? 300_000);
    })();
    return this.polled;
  }

  /** Takes a REST snapshot now. */
  async refresh(): Promise<void> {
    await this.polled;
    clearTimeout(this.timer);
    await this.poll();
  }

  private state(): SourceStatus {
    const problem = this.restError ?? this.streamError;
    if (problem === undefined) return { state: 'ok' };
    return { state: this.latest ? 'stale' : 'down', reason: problem };
  }

  current(): VersionedSnapshot | undefined {
    return this.latest;
  }

  status(): SourceStatus {
    return { ...this.state(), ...(this.lastGoodAt !== undefined ? { lastGoodAt: this.lastGoodAt } : {}) };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.stream.close();
  }
}
