import WebSocket from 'ws';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';

/** What one frame of a venue's WebSocket means to the stream. */
export type VenueWsMessage<P> =
  /** an acknowledgement of one subscribe frame; venues that say so list the topics taken and refused */
  | { readonly kind: 'subscribed'; readonly topics?: TopicAck }
  | { readonly kind: 'error'; readonly reason: string }
  | { readonly kind: 'push'; readonly payload: P }
  | { readonly kind: 'other' }
  | { readonly kind: 'malformed'; readonly reason: string };

/** The topics one subscribe acknowledgement names: taken, and refused (the rest of the frame still stands). */
export interface TopicAck {
  readonly accepted: readonly string[];
  readonly refused: readonly string[];
}

/** Connection settings shared by the venue streams (URL, ping, reconnection). */
export interface VenueWsSettings {
  readonly url?: string;
  /** a ping after this much silence, ms; 0 turns it off; default 20,000 */
  readonly pingMs?: number;
  readonly reconnect?: BackoffPolicy;
  readonly random?: () => number;
}

export interface VenueWsCallbacks<P> {
  readonly onPush: (payload: P) => void;
  /** every subscribe frame of the connection acknowledged (on every (re)connection) */
  readonly onOpen?: () => void;
  /** an acknowledgement naming its topics, refused ones included (they are not retried) */
  readonly onTopics?: (ack: TopicAck) => void;
  /** the connection is gone (or a subscription refused); the next attempt starts in `retryInMs` */
  readonly onDown?: (info: { readonly reason: string; readonly retryInMs: number }) => void;
  /** a frame that could not be read: skipped */
  readonly onProtocolError?: (reason: string) => void;
}

/** What a venue's protocol adds: its URL, its ping frame, its subscribe frames and its frame reader. */
export interface VenueWsProtocol<P> {
  readonly defaultUrl: string;
  /** a text ping; without one, a WebSocket ping control frame (the server answers with a pong) */
  readonly pingFrame?: string;
  /** the frames sent on every connection */
  subscribeFrames(): readonly string[];
  classify(text: string): VenueWsMessage<P>;
}

/**
 * One venue WebSocket kept open: sends the protocol's subscribe frames on every connection, a ping
 * after silence, and after any loss (close, error, refused subscription) reconnects with capped
 * exponential backoff and jitter. The connection counts as open (onOpen, backoff reset) once every
 * subscribe frame it sent has been acknowledged. Unreadable frames are counted and skipped. Never
 * throws from a socket event.
 */
export class VenueWsStream<P> {
  readonly stats = { connections: 0, reconnects: 0, protocolErrors: 0, pushes: 0 };
  private socket: WebSocket | undefined;
  private attempt = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  /** acknowledgements still awaited on this connection before it counts as open */
  private pendingAcks = 0;

  constructor(
    private readonly protocol: VenueWsProtocol<P>,
    private readonly options: VenueWsSettings & VenueWsCallbacks<P>,
  ) {}

  start(): void {
    this.connect();
  }

  /** Sends a frame on the open connection (e.g. a subscription for a newly listed instrument). */
  send(frame: string): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  /**
   * Sends subscribe frames on the open connection; while the connection still awaits its first
   * acknowledgements, these are awaited too. A closed connection sends nothing: the protocol's
   * subscribeFrames() at the next connection must include them.
   */
  subscribe(frames: readonly string[]): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    if (this.pendingAcks > 0) this.pendingAcks += frames.length;
    for (const frame of frames) this.socket.send(frame);
  }

  private connect(): void {
    if (this.closed) return;
    const socket = new WebSocket(this.options.url ?? this.protocol.defaultUrl);
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
      const frames = this.protocol.subscribeFrames();
      this.pendingAcks = frames.length;
      for (const frame of frames) socket.send(frame);
      this.armPing(socket);
      if (frames.length === 0) this.opened();
    });
    socket.on('message', (data) => {
      this.armPing(socket);
      const m = this.protocol.classify(data.toString());
      switch (m.kind) {
        case 'subscribed':
          if (m.topics !== undefined) this.options.onTopics?.(m.topics);
          if (this.pendingAcks > 0 && --this.pendingAcks === 0) this.opened();
          break;
        case 'error':
          fail(m.reason);
          break;
        case 'push':
          this.stats.pushes++;
          this.options.onPush(m.payload);
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

  private opened(): void {
    this.attempt = 0;
    this.options.onOpen?.();
  }

  private armPing(socket: WebSocket): void {
    clearTimeout(this.pingTimer);
    const ms = this.options.pingMs ?? 20_000;
    if (ms <= 0) return;
    this.pingTimer = setTimeout(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      if (this.protocol.pingFrame === undefined) socket.ping();
      else socket.send(this.protocol.pingFrame);
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

/** Parses a frame as JSON (an object or an array), or says why it is malformed. */
export function jsonFrame(text: string): { readonly body: unknown } | { readonly malformed: string } {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null) return { malformed: 'frame is not a JSON object or array' };
    return { body };
  } catch {
    return { malformed: `frame is not JSON (malformed or truncated, ${text.length} bytes)` };
  }
}
