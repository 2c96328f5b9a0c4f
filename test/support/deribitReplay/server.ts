import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ReplayMarket, ReplayTick, Row } from './market.js';

/**
 * Switchable faults. Counters are "the next N": each faulty answer uses one up. Set them any time;
 * the server reads them as it answers.
 */
export interface ReplayFaults {
  /** next N HTTP requests: HTTP 429 Too Many Requests, no JSON body */
  http429: number;
  /** next N requests (HTTP or WebSocket, of `rpcErrorMethods` when set): this JSON-RPC error */
  rpcError: number;
  rpcErrorCode: number;
  rpcErrorMessage: string;
  rpcErrorMethods: readonly string[] | null;
  /** next N HTTP answers: not JSON at all */
  httpMalformed: number;
  /** next N HTTP answers: the JSON cut in half */
  httpTruncated: number;
  /** next N HTTP requests: the connection destroyed before any answer */
  httpDrop: number;
  /** next N notifications: replaced by a frame that is not JSON */
  wsMalformed: number;
  /** next N notifications: the JSON cut in half */
  wsTruncated: number;
  /** next N notifications: valid JSON, but a payload field of the wrong type */
  wsBadPayload: number;
  /** answers delayed by this many ms (HTTP and WebSocket), for the next `slowCount` answers */
  slowMs: number;
  slowCount: number;
  /** WebSocket upgrades refused with HTTP 503 while true */
  refuseWebSocket: boolean;
  /** ignore public/test: the server then closes the connection as Deribit does */
  deafToTests: boolean;
}

const NO_FAULTS: ReplayFaults = {
  http429: 0,
  rpcError: 0,
  rpcErrorCode: 10028,
  rpcErrorMessage: 'too_many_requests',
  rpcErrorMethods: null,
  httpMalformed: 0,
  httpTruncated: 0,
  httpDrop: 0,
  wsMalformed: 0,
  wsTruncated: 0,
  wsBadPayload: 0,
  slowMs: 0,
  slowCount: 0,
  refuseWebSocket: false,
  deafToTests: false,
};

export interface ReplayStats {
  /** HTTP requests by method (`public/get_instruments` …) */
  readonly http: Map<string, number>;
  /** WebSocket requests by method */
  readonly ws: Map<string, number>;
  wsConnections: number;
  testRequestsSent: number;
  testAnswers: number;
  /** connections the server closed for an unanswered test_request */
  heartbeatClosures: number;
}

interface Client {
  readonly socket: WebSocket;
  readonly channels: Set<string>;
  heartbeat: NodeJS.Timeout | undefined;
  awaitingTest: boolean;
}

export interface DeribitReplay {
  /** `http://127.0.0.1:<port>`: the REST base URL */
  readonly baseUrl: string;
  /** `ws://127.0.0.1:<port>/ws/api/v2` */
  readonly wsUrl: string;
  readonly faults: ReplayFaults;
  readonly stats: ReplayStats;
  readonly markets: readonly ReplayMarket[];
  /** subscribed, open connections */
  clients(): number;
  /** Moves every market one step and streams index, marks and trades to the subscribers. */
  tick(opts?: { readonly advanceMs?: number; readonly trades?: number }): ReplayTick[];
  /** Sends an instrument.state notification and delists the option (settled, terminated, closed, deactivated); any other state changes nothing listed. */
  instrumentState(market: ReplayMarket, name: string, state: string): void;
  /** Drops every WebSocket connection now, mid-stream. */
  dropConnections(): void;
  /** Resets every fault. */
  clearFaults(): void;
  close(): Promise<void>;
}

export interface ReplayOptions {
  readonly markets: readonly ReplayMarket[];
  /** smallest heartbeat interval accepted, seconds (Deribit: 10) */
  readonly minHeartbeatSeconds?: number;
}

function take(
  faults: ReplayFaults,
  key: 'http429' | 'httpMalformed' | 'httpTruncated' | 'httpDrop' | 'wsMalformed' | 'wsTruncated' | 'wsBadPayload',
): boolean {
  if (faults[key] <= 0) return false;
  faults[key]--;
  return true;
}

function takeRpcError(faults: ReplayFaults, method: string): boolean {
  if (faults.rpcError <= 0) return false;
  if (faults.rpcErrorMethods !== null && !faults.rpcErrorMethods.includes(method)) return false;
  faults.rpcError--;
  return true;
}

function takeSlow(faults: ReplayFaults): number {
  if (faults.slowMs <= 0 || faults.slowCount <= 0) return 0;
  faults.slowCount--;
  return faults.slowMs;
}

class RpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The bar lengths of Deribit's chart data (its API reference). */
const CHART_RESOLUTIONS = ['1', '3', '5', '10', '15', '30', '60', '120', '180', '360', '720', '1D'];

const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * A local Deribit: JSON-RPC over HTTP (`GET /api/v2/<method>?…`) and over WebSocket
 * (`/ws/api/v2`), on 127.0.0.1 at a random port, answering from replay markets and streaming
 * their ticks to subscribers, with the faults above switched on and off by the tests.
 */
export async function startDeribitReplay(options: ReplayOptions): Promise<DeribitReplay> {
  const markets = options.markets;
  const faults: ReplayFaults = { ...NO_FAULTS };
  const stats: ReplayStats = {
    http: new Map(),
    ws: new Map(),
    wsConnections: 0,
    testRequestsSent: 0,
    testAnswers: 0,
    heartbeatClosures: 0,
  };
  const clients = new Set<Client>();
  const sockets = new Set<Socket>();

  const byCurrency = (currency: unknown) => markets.filter((m) => m.restCurrency === currency);
  const byIndex = (name: unknown) => markets.find((m) => m.indexName === name);

  /** The result of a public method, or an RpcFailure. */
  function answer(method: string, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'public/get_instruments': {
        if (params.kind !== 'option') throw new RpcFailure(-32602, 'Invalid params: kind must be option here');
        return byCurrency(params.currency).flatMap((m) => m.instrumentRows());
      }
      case 'public/get_book_summary_by_currency':
        if (params.kind !== 'option') throw new RpcFailure(-32602, 'Invalid params: kind must be option here');
        return byCurrency(params.currency).flatMap((m) => m.summaryRows());
      case 'public/get_index_price': {
        const m = byIndex(params.index_name);
        if (m === undefined) throw new RpcFailure(-32602, `Invalid params: index_name ${String(params.index_name)}`);
        return { index_price: m.index, estimated_delivery_price: m.index };
      }
      case 'public/get_last_trades_by_currency_and_time': {
        const start = Number(params.start_timestamp);
        const end = Number(params.end_timestamp);
        const n = Number(params.count ?? 10);
        if (!Number.isFinite(start) || !Number.isFinite(end))
          throw new RpcFailure(-32602, 'Invalid params: timestamps');
        if (!(n >= 1 && n <= 1000)) throw new RpcFailure(-32602, 'Invalid params: count');
        const sorting = String(params.sorting ?? 'desc');
        const pages = byCurrency(params.currency).map((m) =>
          m.tradesBetween(start, end, Number.MAX_SAFE_INTEGER, 'asc'),
        );
        const all = pages.flatMap((p) => p.trades).sort((a, b) => Number(a.timestamp) - Number(b.timestamp));
        const ordered = sorting === 'asc' ? all : all.reverse();
        return { trades: ordered.slice(0, n), has_more: ordered.length > n };
      }
      case 'public/get_tradingview_chart_data':
        return chartData(params);
      case 'public/test':
        return { version: '2.1.1' };
      case 'public/get_time':
        return markets[0]?.clock ?? 0;
      default:
        throw new RpcFailure(-32601, 'Method not found');
    }
  }

  /**
   * public/get_tradingview_chart_data as Deribit's API reference describes it (no capture of it is
   * recorded): bars of `resolution` (minutes or `1D`, only the lengths Deribit lists) whose open time
   * lies in [start_timestamp, end_timestamp], as parallel arrays. The perpetual's trades are the
   * market's index path (one print at the start and one per tick); a bar without a print is left out.
   */
  function chartData(params: Record<string, unknown>) {
    const m = markets.find((x) => x.perpetual === params.instrument_name);
    if (m === undefined) throw new RpcFailure(10020, 'invalid_or_unsupported_instrument');
    const minutes = params.resolution === '1D' ? 1440 : Number(params.resolution);
    if (!CHART_RESOLUTIONS.includes(String(params.resolution)))
      throw new RpcFailure(-32602, `Invalid params: resolution ${String(params.resolution)}`);
    const start = Number(params.start_timestamp);
    const end = Number(params.end_timestamp);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end))
      throw new RpcFailure(-32602, 'Invalid params: timestamps');
    const ms = minutes * 60_000;
    const out = {
      ticks: [] as number[],
      open: [] as number[],
      high: [] as number[],
      low: [] as number[],
      close: [] as number[],
      volume: [] as number[],
      cost: [] as number[],
    };
    for (const p of m.indexPath) {
      const t = Math.floor(p.t / ms) * ms;
      if (t < start || t > end) continue;
      const k = out.ticks.length - 1;
      if (out.ticks[k] === t) {
        out.high[k] = Math.max(out.high[k] as number, p.price);
        out.low[k] = Math.min(out.low[k] as number, p.price);
        out.close[k] = p.price;
        out.volume[k] = (out.volume[k] as number) + 1;
        out.cost[k] = (out.cost[k] as number) + p.price;
      } else {
        out.ticks.push(t);
        out.open.push(p.price);
        out.high.push(p.price);
        out.low.push(p.price);
        out.close.push(p.price);
        out.volume.push(1);
        out.cost.push(p.price);
      }
    }
    return { ...out, status: out.ticks.length === 0 ? 'no_data' : 'ok' };
  }

  function queryParams(url: URL): Record<string, unknown> {
    const params: Record<string, unknown> = {};
    for (const [k, v] of url.searchParams) params[k] = v === 'true' ? true : v === 'false' ? false : v;
    return params;
  }

  async function onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = url.pathname.replace(/^\/api\/v2\//, '');
    count(stats.http, method);
    const delay = takeSlow(faults);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed) return;
    if (take(faults, 'httpDrop')) {
      req.socket.destroy();
      return;
    }
    if (take(faults, 'http429')) {
      res.writeHead(429, { 'content-type': 'text/plain' }).end('Too Many Requests');
      return;
    }
    let status = 200;
    let body: unknown;
    if (takeRpcError(faults, method)) {
      status = 400;
      body = { jsonrpc: '2.0', error: { code: faults.rpcErrorCode, message: faults.rpcErrorMessage }, testnet: true };
    } else {
      try {
        body = {
          jsonrpc: '2.0',
          result: answer(method, queryParams(url)),
          usIn: 0,
          usOut: 0,
          usDiff: 0,
          testnet: true,
        };
      } catch (e) {
        if (!(e instanceof RpcFailure)) throw e;
        status = 400;
        body = { jsonrpc: '2.0', error: { code: e.code, message: e.message }, testnet: true };
      }
    }
    let text = JSON.stringify(body);
    if (take(faults, 'httpMalformed')) text = `<html>502 Bad Gateway</html>${text.slice(0, 20)}`;
    else if (take(faults, 'httpTruncated')) text = text.slice(0, Math.floor(text.length / 2));
    res.writeHead(status, { 'content-type': 'application/json' }).end(text);
  }

  const server: Server = createServer((req, res) => {
    onHttp(req, res).catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (faults.refuseWebSocket || url.pathname !== '/ws/api/v2') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function send(client: Client, frame: unknown): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(frame));
  }

  function notify(client: Client, channel: string, data: unknown): void {
    if (!client.channels.has(channel) || client.socket.readyState !== client.socket.OPEN) return;
    const frame = { jsonrpc: '2.0', method: 'subscription', params: { channel, data } };
    if (take(faults, 'wsMalformed')) {
      client.socket.send('{"jsonrpc": "2.0", "method": subscription, garbage');
      return;
    }
    if (take(faults, 'wsBadPayload')) {
      const bad = Array.isArray(data)
        ? data.map((d: Row, i: number) => (i === 0 ? { ...d, iv: 'NaN', price: 'NaN' } : d))
        : { ...(data as Row), price: 'NaN', state: 42, instrument_name: 42 };
      client.socket.send(JSON.stringify({ ...frame, params: { channel, data: bad } }));
      return;
    }
    const text = JSON.stringify(frame);
    if (take(faults, 'wsTruncated')) {
      client.socket.send(text.slice(0, Math.floor(text.length / 2)));
      return;
    }
    client.socket.send(text);
  }

  function startHeartbeat(client: Client, seconds: number): void {
    clearInterval(client.heartbeat);
    client.awaitingTest = false;
    client.heartbeat = setInterval(() => {
      if (client.awaitingTest) {
        stats.heartbeatClosures++;
        clearInterval(client.heartbeat);
        client.socket.close(1000, 'test_request not answered');
        return;
      }
      client.awaitingTest = true;
      stats.testRequestsSent++;
      send(client, { jsonrpc: '2.0', method: 'heartbeat', params: { type: 'test_request' } });
    }, seconds * 1000);
  }

  function onConnection(socket: WebSocket): void {
    stats.wsConnections++;
    const client: Client = { socket, channels: new Set(), heartbeat: undefined, awaitingTest: false };
    clients.add(client);
    socket.on('close', () => {
      clearInterval(client.heartbeat);
      clients.delete(client);
    });
    socket.on('message', (raw) => {
      void onRequest(client, String(raw));
    });
  }

  async function onRequest(client: Client, text: string): Promise<void> {
    let msg: { id?: unknown; method?: unknown; params?: unknown };
    try {
      msg = JSON.parse(text);
    } catch {
      send(client, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' } });
      return;
    }
    const id = msg.id;
    const method = String(msg.method);
    const params = (typeof msg.params === 'object' && msg.params !== null ? msg.params : {}) as Record<string, unknown>;
    count(stats.ws, method);
    const delay = takeSlow(faults);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const reply = (body: Record<string, unknown>) =>
      send(client, { jsonrpc: '2.0', id, ...body, usIn: 0, usOut: 0, usDiff: 0 });
    if (takeRpcError(faults, method)) {
      reply({ error: { code: faults.rpcErrorCode, message: faults.rpcErrorMessage } });
      return;
    }
    try {
      switch (method) {
        case 'public/set_heartbeat': {
          const interval = Number(params.interval);
          if (!(interval >= (options.minHeartbeatSeconds ?? 10))) throw new RpcFailure(11029, 'invalid_arguments');
          startHeartbeat(client, interval);
          reply({ result: 'ok' });
          return;
        }
        case 'public/subscribe': {
          const channels = Array.isArray(params.channels) ? params.channels.map(String) : [];
          for (const c of channels) client.channels.add(c);
          reply({ result: channels });
          return;
        }
        case 'public/unsubscribe': {
          const channels = Array.isArray(params.channels) ? params.channels.map(String) : [];
          for (const c of channels) client.channels.delete(c);
          reply({ result: channels });
          return;
        }
        case 'public/test':
          if (faults.deafToTests) return;
          stats.testAnswers++;
          client.awaitingTest = false;
          reply({ result: answer(method, params) });
          return;
        default:
          reply({ result: answer(method, params) });
      }
    } catch (e) {
      if (!(e instanceof RpcFailure)) throw e;
      reply({ error: { code: e.code, message: e.message } });
    }
  }

  function tradeChannels(m: ReplayMarket): string[] {
    return ['raw', '100ms', 'agg2'].map((i) => `trades.option.${m.restCurrency}.${i}`);
  }

  function stateNotice(m: ReplayMarket, name: string, state: string, timestamp: number): void {
    for (const c of clients) {
      notify(c, `instrument.state.option.${m.restCurrency}`, { instrument_name: name, state, timestamp });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws/api/v2`,
    faults,
    stats,
    markets,
    clients: () => [...clients].filter((c) => c.channels.size > 0).length,
    tick(opts = {}) {
      const ticks = markets.map((m) => m.tick(opts));
      markets.forEach((m, k) => {
        const t = ticks[k] as ReplayTick;
        for (const name of t.expired) stateNotice(m, name, 'settled', t.timestamp);
        for (const c of clients) {
          notify(c, `deribit_price_index.${m.indexName}`, {
            index_name: m.indexName,
            price: t.index,
            timestamp: t.timestamp,
          });
          notify(c, `markprice.options.${m.indexName}`, t.marks);
          if (t.trades.length > 0) for (const ch of tradeChannels(m)) notify(c, ch, t.trades);
        }
      });
      return ticks;
    },
    instrumentState(m, name, state) {
      if (['settled', 'terminated', 'closed', 'deactivated'].includes(state)) m.delist(name);
      stateNotice(m, name, state, m.clock);
    },
    dropConnections() {
      for (const c of clients) c.socket.terminate();
    },
    clearFaults() {
      Object.assign(faults, NO_FAULTS);
    },
    async close() {
      for (const c of clients) {
        clearInterval(c.heartbeat);
        c.socket.terminate();
      }
      wss.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
