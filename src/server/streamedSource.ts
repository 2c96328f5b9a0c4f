import { implausibleUpdate } from '../chain/plausibility.js';
import type { ChainSnapshot } from '../chain/types.js';
import type { VenueHttp } from '../sources/venue/http.js';
import type { VenueWsCallbacks } from '../sources/venue/wsStream.js';
import {
  type ChainSource,
  ListenerSet,
  type SourceStatus,
  staleAfterInterval,
  type VersionedSnapshot,
} from './sources.js';

/** The part of a venue stream the source drives. */
export interface DrivenStream {
  /** connections, reconnects, skipped frames (protocolErrors), pushes */
  readonly stats: {
    readonly connections: number;
    readonly reconnects: number;
    readonly protocolErrors: number;
    readonly pushes: number;
  };
  start(): void;
  close(): void;
  /** topics the venue refused to subscribe and has not taken since (streams whose venue names them) */
  refusedTopics?(): readonly string[];
}

/** What a venue's live source needs: its REST client, stream settings and REST interval. */
export interface LiveVenueSourceOptions<StreamSettings> {
  readonly currency: string;
  readonly http: VenueHttp;
  /** the stream's URL, ping and reconnect policy */
  readonly stream?: StreamSettings;
  /** REST snapshot interval (listings, open interest), ms; default 300,000 */
  readonly restMs?: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

export interface StreamedVenueSourceOptions<P> {
  readonly id: string;
  readonly label: string;
  /** one REST snapshot of the venue */
  readonly fetch: () => Promise<ChainSnapshot>;
  /** the venue's stream, reporting to these callbacks (not started yet) */
  readonly stream: (callbacks: VenueWsCallbacks<P>) => DrivenStream;
  /** writes one push into the latest snapshot; `applied` 0 leaves the source as it was */
  readonly apply: (snapshot: ChainSnapshot, payload: P) => { snapshot: ChainSnapshot; applied: number };
  /** after every REST snapshot (e.g. to subscribe newly listed instruments) */
  readonly afterSnapshot?: (snapshot: ChainSnapshot) => void;
  /** start the stream only after the first REST snapshot (its subscriptions need the instrument list) */
  readonly streamAfterSnapshot?: boolean;
  /** REST snapshot interval, ms */
  readonly restMs: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

/** A venue's text for a message: quoted, control bytes (C0, DEL, C1) escaped. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What an ok source lacks: its refused subscriptions, counted, the first few named. */
function refusal(refused: readonly string[]): string {
  const some = refused.slice(0, 3).map(quoted).join(', ');
  const more = refused.length > 3 ? ', …' : '';
  return `the venue refused ${refused.length} stream subscriptions (${some}${more}): those options move only with REST snapshots`;
}

/**
 * A live venue chain: a REST snapshot every `restMs`, and between them the venue's WebSocket
 * pushes written into the latest snapshot. `down` until the first REST snapshot; `stale` with the
 * reason while the stream is down or the last REST refresh failed (the last good data stays served).
 */
export class StreamedVenueSource<P> implements ChainSource {
  readonly id: string;
  readonly label: string;
  readonly kind = 'live';
  readonly staleAfterMs: number;
  private latest: VersionedSnapshot | undefined;
  private lastGoodAt: number | undefined;
  private restError: string | undefined;
  /** the last REST failure itself (a SourceError, typically), until a snapshot arrives */
  private restFailure: unknown;
  private streamError: string | undefined = 'stream connecting';
  private readonly listeners = new ListenerSet();
  private readonly stream: DrivenStream;
  private streamStarted = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => number;
  /** resolves after the REST poll in flight */
  polled: Promise<void> = Promise.resolve();

  constructor(private readonly options: StreamedVenueSourceOptions<P>) {
    this.id = options.id;
    this.label = options.label;
    this.staleAfterMs = staleAfterInterval(options.restMs);
    this.restError = `connecting to ${options.label}`;
    this.now = options.now ?? Date.now;
    this.stream = options.stream({
      onPush: (payload) => {
        if (!this.latest) return;
        const { snapshot, applied } = options.apply(this.latest.snapshot, payload);
        if (applied === 0) return;
        const implausible = implausibleUpdate(this.latest.snapshot, snapshot);
        if (implausible !== undefined) return this.refusePush(implausible);
        this.latest = { snapshot, version: this.latest.version + 1 };
        if (this.state().state === 'ok') this.lastGoodAt = this.now();
        this.emit();
      },
      onOpen: () => {
        if (this.streamError === undefined) return;
        this.streamError = undefined;
        if (this.state().state === 'ok') this.lastGoodAt = this.now();
        this.emit();
      },
      onTopics: ({ refused }) => {
        if (refused.length === 0) return;
        options.log?.(
          `${this.id}: the venue refused ${refused.length} topics (${refused.slice(0, 3).map(quoted).join(', ')}…)`,
        );
        this.emit();
      },
      onDown: ({ reason, retryInMs }) => {
        this.streamError = `stream down: ${reason}`;
        options.log?.(`${this.id}: ${reason}; reconnecting in ${Math.round(retryInMs)} ms`);
        this.emit();
      },
    });
    if (!options.streamAfterSnapshot) this.startStream();
    void this.poll();
  }

  private startStream(): void {
    if (this.streamStarted || this.closed) return;
    this.streamStarted = true;
    this.stream.start();
  }

  private poll(): Promise<void> {
    this.polled = (async () => {
      try {
        const snapshot = await this.options.fetch();
        if (this.closed) return;
        this.latest = { snapshot, version: (this.latest?.version ?? 0) + 1 };
        this.restError = undefined;
        this.restFailure = undefined;
        this.options.afterSnapshot?.(snapshot);
        this.startStream();
        if (this.state().state === 'ok') this.lastGoodAt = this.now();
      } catch (e) {
        if (this.closed) return;
        this.restError = (e as Error).message;
        this.restFailure = e;
      }
      this.emit();
      this.timer = setTimeout(() => void this.poll(), this.options.restMs);
    })();
    return this.polled;
  }

  /** Pushes left unapplied because they would make the chain implausible (implausibleUpdate). */
  refusedPushes = 0;

  private refusePush(reason: string): void {
    this.refusedPushes++;
    this.options.log?.(`${this.id}: push not applied: ${reason}`);
  }

  /** The stream's counters (skipped malformed or truncated frames are `protocolErrors`). */
  /** Why the last REST snapshot failed, as thrown (undefined once one succeeded). */
  get lastRestFailure(): unknown {
    return this.restFailure;
  }

  get streamStats(): DrivenStream['stats'] {
    return this.stream.stats;
  }

  /** The topics the venue refused to subscribe, as its acknowledgements listed them (their options move only with REST). */
  get refusedTopics(): readonly string[] {
    return this.stream.refusedTopics?.() ?? [];
  }

  /** Takes a REST snapshot now. */
  async refresh(): Promise<void> {
    await this.polled;
    clearTimeout(this.timer);
    await this.poll();
  }

  private state(): SourceStatus {
    const problem = this.restError ?? this.streamError;
    if (problem === undefined) {
      const refused = this.refusedTopics;
      return refused.length === 0 ? { state: 'ok' } : { state: 'ok', reason: refusal(refused) };
    }
    return { state: this.latest ? 'stale' : 'down', reason: problem };
  }

  current(): VersionedSnapshot | undefined {
    return this.latest;
  }

  status(): SourceStatus {
    return { ...this.state(), ...(this.lastGoodAt !== undefined ? { lastGoodAt: this.lastGoodAt } : {}) };
  }

  subscribe(listener: () => void): () => void {
    return this.listeners.subscribe(listener);
  }

  private emit(): void {
    this.listeners.emit();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.stream.close();
  }
}
