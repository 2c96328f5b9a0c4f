import WebSocket from 'ws';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF, sleep } from '../../venue/backoff.js';
import { SourceError } from '../../venue/errors.js';
import { deribitError, errorFromRpc } from './errors.js';
import { classifyWsMessage, rpcRequest } from './messages.js';

export type WsState = 'idle' | 'connecting' | 'open' | 'down' | 'closed';

export interface DeribitWsOptions {
  /** `wss://www.deribit.com/ws/api/v2` or a local server */
  readonly url: string;
  /** interval asked of public/set_heartbeat, seconds (Deribit accepts 10 or more); 0 turns heartbeats off */
  readonly heartbeatSeconds?: number;
  /** per request, ms (default 10,000) */
  readonly requestTimeoutMs?: number;
  /** delay between reconnection attempts: capped exponential with jitter */
  readonly reconnect?: BackoffPolicy;
  /** a connection that stays silent this long is dropped and replaced (default 3 heartbeats, or 60 s) */
  readonly silenceMs?: number;
  /** retries of public/subscribe and public/set_heartbeat after a rate-limit answer (default 4) */
  readonly setupRetries?: number;
  readonly random?: () => number;
}

export interface DeribitWsHandlers {
  onNotification(channel: string, data: unknown): void;
  /** connected, heartbeat set and every channel subscribed: called on each (re)connection */
  onOpen?(info: { readonly connection: number }): void;
  /** the connection is gone; the next attempt starts in `retryInMs`; `code` is Deribit's when the set-up was refused */
  onDown?(info: {
    readonly reason: string;
    readonly retryInMs: number;
    readonly attempt: number;
    readonly code?: number;
  }): void;
  /** a frame that could not be read (malformed, truncated, unknown shape): skipped */
  onProtocolError?(reason: string): void;
}

export interface WsStats {
  connections: number;
  reconnects: number;
  protocolErrors: number;
  testRequestsAnswered: number;
  notifications: number;
}

interface Pending {
  readonly method: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (e: SourceError) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * One logical JSON-RPC WebSocket session that survives drops: connects, asks for heartbeats,
 * subscribes to its channels, answers `test_request` with public/test, and after any loss
 * (close, error, silence, failed set-up) reconnects with capped exponential backoff and jitter and
 * subscribes again. It never throws from a socket event: failures become `onDown` and a retry.
 */
export class DeribitWs {
  state: WsState = 'idle';
  readonly stats: WsStats = {
    connections: 0,
    reconnects: 0,
    protocolErrors: 0,
    testRequestsAnswered: 0,
    notifications: 0,
  };
  private socket: WebSocket | undefined;
  private generation = 0;
  private attempt = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;
  private lastReason = '';
  private lastCode: number | undefined;
  private readonly closing = new AbortController();
  private channels: readonly string[];

  constructor(
    private readonly options: DeribitWsOptions,
    channels: readonly string[],
    private readonly handlers: DeribitWsHandlers,
  ) {
    this.channels = [...channels];
  }

  /** The channels subscribed from the next connection on. */
  setChannels(channels: readonly string[]): void {
    this.channels = [...channels];
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.connect();
  }

  /** Sends a request on the live connection and resolves with its result. */
  request(method: string, params: Readonly<Record<string, unknown>> = {}): Promise<unknown> {
    const socket = this.socket;
    if (this.state === 'closed') return Promise.reject(deribitError('closed', `${method}: client closed`));
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(deribitError('network', `${method}: not connected`, { request: method }));
    }
    const id = this.nextId++;
    const timeoutMs = this.options.requestTimeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(deribitError('timeout', `${method}: no answer within ${timeoutMs} ms`, { request: method }));
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      socket.send(rpcRequest(id, method, params), (err) => {
        if (err === undefined || err === null) return;
        const p = this.pending.get(id);
        if (p === undefined) return;
        clearTimeout(p.timer);
        this.pending.delete(id);
        reject(deribitError('network', `${method}: send failed (${err.message})`, { request: method }));
      });
    });
  }

  /** Closes for good: no reconnection, pending requests fail with kind `closed`. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closing.abort(deribitError('closed', 'client closed'));
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.silenceTimer);
    this.failPending(deribitError('closed', 'client closed'));
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const fallback = setTimeout(() => {
        socket.terminate();
        resolve();
      }, 1000);
      socket.once('close', () => {
        clearTimeout(fallback);
        resolve();
      });
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000, 'client closed');
    });
  }

  private connect(): void {
    if (this.state === 'closed') return;
    this.state = 'connecting';
    const gen = ++this.generation;
    const socket = new WebSocket(this.options.url, { handshakeTimeout: this.options.requestTimeoutMs ?? 10_000 });
    this.socket = socket;
    this.lastReason = '';
    this.lastCode = undefined;
    socket.on('message', (data) => {
      if (gen === this.generation) this.onFrame(String(data));
    });
    socket.on('open', () => {
      if (gen === this.generation) void this.setUp(gen);
    });
    socket.on('error', (err) => {
      if (gen === this.generation) this.lastReason = err.message;
    });
    socket.on('close', (code, reason) => {
      if (gen !== this.generation) return;
      const why = this.lastReason || `closed by the server (${code}${reason.length ? ` ${String(reason)}` : ''})`;
      this.onLost(why);
    });
  }

  /** Heartbeat, then subscriptions; any failure drops this socket and goes round again. */
  private async setUp(gen: number): Promise<void> {
    try {
      this.armSilence();
      const heartbeat = this.options.heartbeatSeconds ?? 10;
      if (heartbeat > 0) await this.setupRequest('public/set_heartbeat', { interval: heartbeat });
      if (this.channels.length > 0) {
        const result = await this.setupRequest('public/subscribe', { channels: this.channels });
        const got = new Set(Array.isArray(result) ? result.map(String) : []);
        const missing = this.channels.filter((c) => !got.has(c));
        if (missing.length > 0) {
          throw deribitError('rejected', `public/subscribe: not subscribed to ${missing.join(', ')}`);
        }
      }
      if (gen !== this.generation || this.state === 'closed') return;
      this.state = 'open';
      this.attempt = 0;
      this.stats.connections++;
      this.handlers.onOpen?.({ connection: this.stats.connections });
    } catch (e) {
      if (gen !== this.generation || this.state === 'closed') return;
      this.lastReason = `session set-up failed: ${(e as Error).message}`;
      if (e instanceof SourceError) this.lastCode = typeof e.code === 'number' ? e.code : undefined;
      this.socket?.terminate();
    }
  }

  private async setupRequest(method: string, params: Readonly<Record<string, unknown>>): Promise<unknown> {
    const retries = this.options.setupRetries ?? 4;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.request(method, params);
      } catch (e) {
        if (!(e instanceof SourceError) || e.kind !== 'rate-limited' || attempt >= retries) throw e;
        await sleep(
          backoffDelay(this.options.reconnect ?? DEFAULT_BACKOFF, attempt, this.options.random),
          this.closing.signal,
        );
      }
    }
  }

  private onLost(reason: string): void {
    clearTimeout(this.silenceTimer);
    this.socket = undefined;
    this.failPending(deribitError('network', `connection lost: ${reason}`));
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    const delay = backoffDelay(this.options.reconnect ?? DEFAULT_BACKOFF, this.attempt, this.options.random);
    this.attempt++;
    this.state = 'down';
    if (wasOpen || this.stats.connections > 0) this.stats.reconnects++;
    const code = this.lastCode;
    this.handlers.onDown?.({
      reason,
      retryInMs: delay,
      attempt: this.attempt,
      ...(code !== undefined ? { code } : {}),
    });
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private failPending(e: SourceError): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(deribitError(e.kind, `${p.method}: ${e.message}`, { request: p.method }));
    }
  }

  private armSilence(): void {
    clearTimeout(this.silenceTimer);
    const heartbeat = this.options.heartbeatSeconds ?? 10;
    const ms = this.options.silenceMs ?? (heartbeat > 0 ? heartbeat * 3000 : 60_000);
    this.silenceTimer = setTimeout(() => {
      this.lastReason = `silent for ${ms} ms`;
      this.socket?.terminate();
    }, ms);
  }

  private onFrame(text: string): void {
    this.armSilence();
    const msg = classifyWsMessage(text);
    switch (msg.kind) {
      case 'notification':
        this.stats.notifications++;
        this.handlers.onNotification(msg.channel, msg.data);
        return;
      case 'heartbeat':
        if (msg.type === 'test_request') {
          this.request('public/test').then(
            () => this.stats.testRequestsAnswered++,
            () => undefined,
          );
        }
        return;
      case 'result':
      case 'error': {
        const p = msg.id === null ? undefined : this.pending.get(msg.id);
        if (p === undefined || msg.id === null) {
          if (msg.kind === 'error') this.protocolError(`error ${msg.code} ${msg.message} for no pending request`);
          return;
        }
        clearTimeout(p.timer);
        this.pending.delete(msg.id);
        if (msg.kind === 'result') p.resolve(msg.result);
        else p.reject(errorFromRpc(p.method, { code: msg.code, message: msg.message }));
        return;
      }
      case 'malformed':
        this.protocolError(msg.reason);
        return;
    }
  }

  private protocolError(reason: string): void {
    this.stats.protocolErrors++;
    this.handlers.onProtocolError?.(reason);
  }
}

/** `https://www.deribit.com` → `wss://www.deribit.com/ws/api/v2` (http → ws for a local server). */
export function deribitWsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/ws/api/v2`;
  return url.toString();
}
