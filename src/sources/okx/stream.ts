import WebSocket from 'ws';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from '../deribit/live/backoff.js';
import { classifyOkxMessage, OKX_PUBLIC_WS_URL, subscribeRequest } from './messages.js';
import type { Summary } from './parse.js';

export interface OkxStreamOptions {
  /** OKX's public WebSocket (default wss://ws.okx.com:8443/ws/v5/public) or a local server */
  readonly url?: string;
  /** option family, e.g. BTC-USD */
  readonly family: string;
  /** a text `ping` after this much silence, ms (OKX drops a connection silent for 30 s); 0 turns it off; default 20,000 */
  readonly pingMs?: number;
  readonly reconnect?: BackoffPolicy;
  readonly random?: () => number;
  readonly onSummaries: (rows: readonly Summary[]) => void;
  /** subscribed (on every (re)connection) */
  readonly onOpen?: () => void;
  /** the connection is gone (or the subscription refused); the next attempt starts in `retryInMs` */
  readonly onDown?: (info: { readonly reason: string; readonly retryInMs: number }) => void;
  /** a frame that could not be read: skipped */
  readonly onProtocolError?: (reason: string) => void;
}

/**
 * OKX's opt-summary channel for one option family, kept open: subscribes on every connection,
 * sends `ping` after silence, and after any loss (close, error, refused subscription) reconnects
 * with capped exponential backoff and jitter. Never throws from a socket event.
 */
export class OkxOptSummaryStream {
  readonly stats = { connections: 0, reconnects: 0, protocolErrors: 0, pushes: 0 };
  private socket: WebSocket | undefined;
  private attempt = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: OkxStreamOptions) {}

  start(): void {
    this.connect();
  }

  private connect(): void {
    if (this.closed) return;
    const socket = new WebSocket(this.options.url ?? OKX_PUBLIC_WS_URL);
    this.socket = socket;
    let down = false;
    const fail = (reason: string) => {
      if (down || this.closed) return;
      down = true;
      clearTimeout(this.pingTimer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      const retryInMs = backoffDelay(this.options.reconnect ?? DEFAULT_BACKOFF, this.attempt++, this.options.random);
      this.options.onDown?.({ reason, retryInMs });
      this.retryTimer = setTimeout(() => {
        this.stats.reconnects++;
        this.connect();
      }, retryInMs);
    };
    socket.on('open', () => {
      this.stats.connections++;
      socket.send(subscribeRequest(this.options.family));
      this.armPing(socket);
    });
    socket.on('message', (data) => {
      this.armPing(socket);
      const m = classifyOkxMessage(data.toString());
      switch (m.kind) {
        case 'subscribed':
          this.attempt = 0;
          this.options.onOpen?.();
          break;
        case 'error':
          fail(`OKX error ${m.code} ${m.message}`);
          break;
        case 'summaries':
          this.stats.pushes++;
          this.options.onSummaries(m.rows);
          break;
        case 'malformed':
          this.stats.protocolErrors++;
          this.options.onProtocolError?.(m.reason);
          break;
        default:
          break;
      }
    });
    socket.on('close', (code) => fail(`connection closed (${code})`));
    socket.on('error', (e) => fail(`connection failed (${e.message})`));
  }

  private armPing(socket: WebSocket): void {
    clearTimeout(this.pingTimer);
    const ms = this.options.pingMs ?? 20_000;
    if (ms <= 0) return;
    this.pingTimer = setTimeout(() => {
      if (socket.readyState === WebSocket.OPEN) socket.send('ping');
    }, ms);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.pingTimer);
    const s = this.socket;
    if (s) {
      s.removeAllListeners();
      s.on('error', () => {});
      s.terminate();
    }
  }
}
