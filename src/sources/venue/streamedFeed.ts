import { type ColumnarChain, toColumnar } from '../../chain/columnar.js';
import { implausibleUpdate } from '../../chain/plausibility.js';
import { ChainInputError, type ChainSnapshot } from '../../chain/types.js';
import {
  FeedListeners,
  type LiveFeed,
  type LiveFeedChange,
  type LiveFeedHealth,
  staleAfterInterval,
  stopOnAbort,
} from '../liveFeed.js';
import { SourceError } from './errors.js';
import type { VenueHttp } from './http.js';
import type { VenueWsCallbacks } from './wsStream.js';

/** The part of a venue stream the feed drives. */
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

/** What a venue's live feed needs: its REST client, stream settings and REST interval. */
export interface LiveVenueFeedOptions<StreamSettings> {
  readonly currency: string;
  readonly http: VenueHttp;
  /** the stream's URL, ping and reconnect policy */
  readonly stream?: StreamSettings;
  /** REST snapshot interval (listings, open interest), ms; default 300,000 */
  readonly restMs?: number;
  readonly now?: () => number;
  readonly log?: (line: string) => void;
}

export interface StreamedVenueFeedOptions<P> {
  /** the registry's venue name */
  readonly venue: string;
  readonly underlying: string;
  readonly id: string;
  readonly label: string;
  /** one REST snapshot of the venue */
  readonly fetch: () => Promise<ChainSnapshot>;
  /** the venue's stream, reporting to these callbacks (not started yet) */
  readonly stream: (callbacks: VenueWsCallbacks<P>) => DrivenStream;
  /** writes one push into the latest snapshot; `applied` 0 leaves the feed as it was */
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

/** What a healthy feed lacks: its refused subscriptions, counted, the first few named. */
function refusal(refused: readonly string[]): string {
  const some = refused.slice(0, 3).map(quoted).join(', ');
  const more = refused.length > 3 ? ', …' : '';
  return `the venue refused ${refused.length} stream subscriptions (${some}${more}): those options move only with REST snapshots`;
}

/** The failures a feed reports as its lastError; anything else is named by its message only. */
const reportable = (e: unknown) => (e instanceof SourceError || e instanceof ChainInputError ? e : null);

/**
 * A live venue chain (OKX, Bybit, Binance): a REST snapshot every `restMs`, and between them the
 * venue's WebSocket pushes written into the latest snapshot, each screened by the plausibility
 * rules a REST snapshot is read with. Stale with the reason while the stream is down or the last
 * REST refresh failed (the last good chain stays readable).
 */
export class StreamedVenueFeed<P> implements LiveFeed {
  readonly venue: string;
  readonly underlying: string;
  readonly id: string;
  readonly label: string;
  readonly staleAfterMs: number;
  private latest: ChainSnapshot | undefined;
  private lastGoodAt: number | null = null;
  private staleSince: number | null;
  private restError: string | undefined;
  private restFailure: SourceError | ChainInputError | null = null;
  private streamError: string | undefined = 'stream connecting';
  /** the health at the last change: a feed turning healthy is good as of that moment */
  private wasStale = true;
  private readonly listeners = new FeedListeners();
  private readonly stream: DrivenStream;
  private streamStarted = false;
  private started = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => number;
  /** resolves after the REST poll in flight */
  private polled: Promise<void> = Promise.resolve();
  /** Pushes left unapplied because they would make the chain implausible (implausibleUpdate). */
  refusedPushes = 0;

  constructor(private readonly options: StreamedVenueFeedOptions<P>) {
    this.venue = options.venue;
    this.underlying = options.underlying;
    this.id = options.id;
    this.label = options.label;
    this.staleAfterMs = staleAfterInterval(options.restMs);
    this.restError = `connecting to ${options.label}`;
    this.now = options.now ?? Date.now;
    this.staleSince = this.now();
    this.stream = options.stream({
      onPush: (payload) => {
        if (!this.latest) return;
        const { snapshot, applied } = options.apply(this.latest, payload);
        if (applied === 0) return;
        const implausible = implausibleUpdate(this.latest, snapshot);
        if (implausible !== undefined) return this.refusePush(implausible);
        this.latest = snapshot;
        this.changed('data');
      },
      onOpen: () => {
        if (this.streamError === undefined) return;
        this.streamError = undefined;
        this.changed('health');
      },
      onTopics: ({ refused }) => {
        if (refused.length === 0) return;
        options.log?.(
          `${this.id}: the venue refused ${refused.length} topics (${refused.slice(0, 3).map(quoted).join(', ')}…)`,
        );
        this.changed('health');
      },
      onDown: ({ reason, retryInMs }) => {
        this.streamError = `stream down: ${reason}`;
        options.log?.(`${this.id}: ${reason}; reconnecting in ${Math.round(retryInMs)} ms`);
        this.changed('health');
      },
    });
  }

  start(signal?: AbortSignal): Promise<void> {
    stopOnAbort(this, signal);
    if (this.started) return this.polled;
    this.started = true;
    if (!this.options.streamAfterSnapshot) this.startStream();
    return this.poll();
  }

  private startStream(): void {
    if (this.streamStarted || this.closed) return;
    this.streamStarted = true;
    this.stream.start();
  }

  private poll(): Promise<void> {
    this.polled = (async () => {
      let change: LiveFeedChange = 'health';
      try {
        const snapshot = await this.options.fetch();
        if (this.closed) return;
        this.latest = snapshot;
        this.restError = undefined;
        this.restFailure = null;
        this.options.afterSnapshot?.(snapshot);
        this.startStream();
        change = 'data';
      } catch (e) {
        if (this.closed) return;
        this.restError = (e as Error).message;
        this.restFailure = reportable(e);
      }
      this.changed(change);
      this.timer = setTimeout(() => void this.poll(), this.options.restMs);
    })();
    return this.polled;
  }

  private refusePush(reason: string): void {
    this.refusedPushes++;
    this.options.log?.(`${this.id}: push not applied: ${reason}`);
  }

  /** After every change: the stale clock and the last good update follow the health, then the listeners hear of it. */
  private changed(change: LiveFeedChange): void {
    const healthy = this.problem() === undefined;
    if (healthy) {
      this.staleSince = null;
      // a push or a snapshot while healthy, or the stream coming back: the chain is good as of now
      if (change === 'data' || this.wasStale) this.lastGoodAt = this.now();
    } else this.staleSince ??= this.now();
    this.wasStale = !healthy;
    this.listeners.notify(change);
  }

  /** The stream's counters (skipped malformed or truncated frames are `protocolErrors`). */
  get streamStats(): DrivenStream['stats'] {
    return this.stream.stats;
  }

  /** The topics the venue refused to subscribe, as its acknowledgements listed them (their options move only with REST). */
  get refusedTopics(): readonly string[] {
    return this.stream.refusedTopics?.() ?? [];
  }

  /** Takes a REST snapshot now (after the one in flight). */
  async refresh(): Promise<void> {
    await this.polled;
    clearTimeout(this.timer);
    await this.poll();
  }

  private problem(): string | undefined {
    return this.restError ?? this.streamError;
  }

  current(): ChainSnapshot | undefined {
    return this.latest;
  }

  columnar(): ColumnarChain | undefined {
    return this.latest === undefined ? undefined : toColumnar(this.latest, this.latest.options);
  }

  health(): LiveFeedHealth {
    const problem = this.problem();
    const refused = this.refusedTopics;
    const stats = this.stream.stats;
    return {
      connected: this.streamStarted && this.streamError === undefined,
      stale: problem !== undefined,
      staleSince: problem !== undefined ? this.staleSince : null,
      staleReason: problem ?? null,
      lastGoodAt: this.lastGoodAt,
      lastError: this.restFailure,
      note: problem === undefined && refused.length > 0 ? refusal(refused) : null,
      notifications: stats.pushes,
      reconnects: stats.reconnects,
      protocolErrors: stats.protocolErrors,
    };
  }

  subscribe(listener: (change: LiveFeedChange) => void): () => void {
    return this.listeners.subscribe(listener);
  }

  async stop(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.stream.close();
  }
}
