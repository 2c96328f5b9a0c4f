import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** A venue's WebSocket endpoint: the path it listens on, and what it does with each client's frames. */
export interface WsEndpoint {
  readonly path: string;
  onMessage(socket: WebSocket, text: string): void;
}

/** A body sent as it is (a CSV download), not as JSON. */
export class RawText {
  constructor(readonly text: string) {}
}

/** Answers one REST path: the JSON body the venue would send for these query parameters (or RawText). */
export type Route = (query: URLSearchParams) => unknown;

/**
 * Switchable faults, as in the Deribit replay server. Counters are "the next N" answers.
 */
export interface VenueFaults {
  /** HTTP 429, no JSON body */
  http429: number;
  /** the venue's own error answer (`venueErrorBody`, sent with `venueErrorStatus`; a RawText is sent as it is) */
  venueError: number;
  venueErrorStatus: number;
  venueErrorBody: unknown;
  /** not JSON at all */
  httpMalformed: number;
  /** the JSON cut in half */
  httpTruncated: number;
  /** the connection destroyed before any answer */
  dropConnection: number;
  /** answers delayed by slowMs, for the next slowCount answers */
  slowMs: number;
  slowCount: number;
}

const NO_FAULTS: VenueFaults = {
  http429: 0,
  venueError: 0,
  venueErrorStatus: 200,
  venueErrorBody: null,
  httpMalformed: 0,
  httpTruncated: 0,
  dropConnection: 0,
  slowMs: 0,
  slowCount: 0,
};

export interface VenueReplay {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** `ws://127.0.0.1:<port><path>` when a WebSocket endpoint was given */
  readonly wsUrl: string;
  /** open WebSocket clients */
  wsClients(): WebSocket[];
  /** WebSocket connections accepted so far */
  readonly wsStats: { connections: number };
  /** drops every WebSocket connection now */
  dropWs(): void;
  readonly faults: VenueFaults;
  /** requests by path */
  readonly hits: Map<string, number>;
  /** the query strings received, by path */
  readonly queries: Map<string, URLSearchParams[]>;
  clearFaults(): void;
  close(): Promise<void>;
}

function take(
  faults: VenueFaults,
  key: 'http429' | 'venueError' | 'httpMalformed' | 'httpTruncated' | 'dropConnection',
) {
  if (faults[key] <= 0) return false;
  faults[key]--;
  return true;
}

/** A local HTTP server replaying a venue's REST answers, with switchable faults. */
export async function startVenueReplay(routes: Readonly<Record<string, Route>>, ws?: WsEndpoint): Promise<VenueReplay> {
  const faults: VenueFaults = { ...NO_FAULTS };
  const hits = new Map<string, number>();
  const queries = new Map<string, URLSearchParams[]>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  /** Decides the answer when the request arrives (faults are taken then), so a delayed answer cannot eat a later test's fault. */
  const decide = (req: IncomingMessage): { status: number; type: string; text: string } | 'drop' => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    queries.set(url.pathname, [...(queries.get(url.pathname) ?? []), url.searchParams]);
    if (take(faults, 'dropConnection')) return 'drop';
    if (take(faults, 'http429')) return { status: 429, type: 'text/plain', text: 'Too Many Requests' };
    if (take(faults, 'venueError')) {
      const body = faults.venueErrorBody;
      if (body instanceof RawText) return { status: faults.venueErrorStatus, type: 'text/html', text: body.text };
      return { status: faults.venueErrorStatus, type: 'application/json', text: JSON.stringify(body) };
    }
    const route = routes[url.pathname];
    if (route === undefined) return { status: 404, type: 'text/plain', text: 'Not Found' };
    const body = route(url.searchParams);
    let text = body instanceof RawText ? body.text : JSON.stringify(body);
    if (take(faults, 'httpMalformed')) text = `<html>502 Bad Gateway</html>${text.slice(0, 20)}`;
    else if (take(faults, 'httpTruncated')) text = text.slice(0, Math.floor(text.length / 2));
    return { status: 200, type: 'application/json', text };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const answer = decide(req);
    const send = () => {
      if (res.destroyed) return;
      if (answer === 'drop') req.socket.destroy();
      else res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.text);
    };
    if (faults.slowMs > 0 && faults.slowCount > 0) {
      faults.slowCount--;
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, faults.slowMs);
      timers.add(timer);
      return;
    }
    send();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ noServer: true });
  const wsStats = { connections: 0 };
  server.on('upgrade', (req, socket, head) => {
    if (ws === undefined || new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== ws.path) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (client) => {
      wsStats.connections++;
      client.on('message', (data) => ws.onMessage(client, data.toString()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}${ws?.path ?? '/'}`,
    wsClients: () => [...wss.clients],
    wsStats,
    dropWs() {
      for (const c of wss.clients) c.terminate();
    },
    faults,
    hits,
    queries,
    clearFaults() {
      Object.assign(faults, NO_FAULTS);
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const c of wss.clients) c.terminate();
      wss.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
