import { type VenueWsCallbacks, type VenueWsSettings, VenueWsStream } from '../venue/wsStream.js';
import {
  BYBIT_TOPICS_PER_CONNECTION,
  type BybitTickerPush,
  bybitSubscribeRequests,
  bybitTickersProtocol,
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
 * acknowledged; down (onDown) as soon as one connection is, the reason naming which.
 */
export class BybitTickerStreams {
  private readonly shares: Share[] = [];
  private started = false;
  private closed = false;
  private allOpen = false;

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

  /** Subscribes these symbols: into the last connection while it has room, then on new connections. */
  add(symbols: readonly string[]): void {
    let rest = symbols;
    const last = this.shares.at(-1);
    if (last !== undefined && last.symbols.length < BYBIT_TOPICS_PER_CONNECTION) {
      const fits = rest.slice(0, BYBIT_TOPICS_PER_CONNECTION - last.symbols.length);
      rest = rest.slice(fits.length);
      last.symbols.push(...fits);
      last.stream.subscribe(bybitSubscribeRequests(fits));
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
        },
      ),
    };
    this.shares.push(share);
    return share;
  }
}
