import { type VenueWsCallbacks, type VenueWsSettings, VenueWsStream } from '../venue/wsStream.js';
import {
  BYBIT_TICKERS_TOPIC,
  BYBIT_TOPICS_PER_CONNECTION,
  type BybitTickerPush,
  bybitSubscribeRequests,
  bybitTickersProtocol,
  bybitUnsubscribeRequests,
} from './messages.js';

/** One connection's share of the symbols: it resubscribes exactly these on every reconnection. */
interface Share {
  readonly symbols: string[];
  readonly stream: VenueWsStream<BybitTickerPush>;
  open: boolean;
}

/**
 * Bybit's option tickers over as many connections as the topics need: at most
 * BYBIT_TOPICS_PER_CONNECTION per connection, each with its own subscriptions, acknowledgements
 * and reconnection backoff. Open (onOpen) only while every connection has all its subscriptions
 * acknowledged; down (onDown) as soon as one connection is, the reason naming which. Topics Bybit
 * refuses (failTopics) are kept, counted, until it takes them or their option leaves the chain.
 */
export class BybitTickerStreams {
  private readonly shares: Share[] = [];
  private started = false;
  private closed = false;
  private allOpen = false;
  private readonly refused = new Set<string>();

  constructor(private readonly options: VenueWsSettings & VenueWsCallbacks<BybitTickerPush>) {}

  /** The counters of every connection, summed. */
  get stats(): { connections: number; reconnects: number; protocolErrors: number; pushes: number } {
    const sum = { connections: 0, reconnects: 0, protocolErrors: 0, pushes: 0 };
    for (const { stream } of this.shares) {
      sum.connections += stream.stats.connections;
      sum.reconnects += stream.stats.reconnects;
      sum.protocolErrors += stream.stats.protocolErrors;
      sum.pushes += stream.stats.pushes;
    }
    return sum;
  }

  /** Connections held (open or reconnecting). */
  get connectionCount(): number {
    return this.shares.length;
  }

  /** The topics Bybit listed in failTopics and has not taken since, of symbols still subscribed. */
  refusedTopics(): readonly string[] {
    return [...this.refused];
  }

  /**
   * Follows the latest snapshot's symbols: those gone (expired, delisted) are unsubscribed and no
   * longer resubscribed on reconnection, their refusals forgotten; new ones fill connections with
   * room, then new connections.
   */
  sync(symbols: readonly string[]): void {
    const wanted = new Set(symbols);
    const held = new Set<string>();
    for (const share of this.shares) {
      const gone = share.symbols.filter((x) => !wanted.has(x));
      if (gone.length > 0) {
        const kept = share.symbols.filter((x) => wanted.has(x));
        share.symbols.splice(0, share.symbols.length, ...kept);
        for (const frame of bybitUnsubscribeRequests(gone)) share.stream.send(frame);
        for (const x of gone) this.refused.delete(`${BYBIT_TICKERS_TOPIC}.${x}`);
      }
      for (const x of share.symbols) held.add(x);
    }
    this.add(symbols.filter((x) => !held.has(x)));
  }

  /** Subscribes these symbols: into connections with room, then on new connections. */
  private add(symbols: readonly string[]): void {
    let rest = symbols;
    for (const share of this.shares) {
      if (rest.length === 0) break;
      const room = BYBIT_TOPICS_PER_CONNECTION - share.symbols.length;
      if (room <= 0) continue;
      const fits = rest.slice(0, room);
      rest = rest.slice(fits.length);
      share.symbols.push(...fits);
      share.stream.subscribe(bybitSubscribeRequests(fits));
    }
    for (let i = 0; i < rest.length; i += BYBIT_TOPICS_PER_CONNECTION) {
      const share = this.share(rest.slice(i, i + BYBIT_TOPICS_PER_CONNECTION));
      if (this.started) share.stream.start();
    }
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    for (const s of this.shares) s.stream.start();
  }

  close(): void {
    this.closed = true;
    for (const s of this.shares) s.stream.close();
  }

  private share(symbols: string[]): Share {
    const n = this.shares.length + 1;
    const share: Share = {
      symbols,
      open: false,
      stream: new VenueWsStream(
        bybitTickersProtocol(() => share.symbols),
        {
          ...this.options,
          onOpen: () => {
            share.open = true;
            if (this.shares.every((s) => s.open) && !this.allOpen) {
              this.allOpen = true;
              this.options.onOpen?.();
            }
          },
          onDown: (info) => {
            share.open = false;
            this.allOpen = false;
            const reason =
              this.shares.length > 1 ? `connection ${n} of ${this.shares.length}: ${info.reason}` : info.reason;
            this.options.onDown?.({ ...info, reason });
          },
          onTopics: (ack) => {
            for (const t of ack.accepted) this.refused.delete(t);
            for (const t of ack.refused) this.refused.add(t);
            this.options.onTopics?.(ack);
          },
        },
      ),
    };
    this.shares.push(share);
    return share;
  }
}
