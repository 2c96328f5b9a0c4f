import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

/** The server could not bind its address: the port is taken, or the address is not this machine's. */
export class ListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

/** One line for a failed bind, naming the port and the address it was tried on. */
function listenFailure(e: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (e.code === 'EADDRINUSE')
    return new ListenError(`port ${port} is in use (${where}): stop what holds it, or choose another --port`);
  if (e.code === 'EADDRNOTAVAIL')
    return new ListenError(`cannot bind ${where}: --host ${host} is not an address of this machine`);
  if (e.code === 'EACCES')
    return new ListenError(`cannot bind ${where}: permission denied (ports below 1024 need privileges)`);
  return new ListenError(`cannot listen on ${where}: ${e.message}`);
}

/** Binds the app; loopback by default so a desk's map is not exposed by accident. */
export function listen(app: Hono, opts: { port: number; host?: string }): Promise<Listening> {
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: host }, (info: AddressInfo) => {
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            // SSE streams would hold the server open forever: cut them.
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
    server.once('error', (e: NodeJS.ErrnoException) => reject(listenFailure(e, host, opts.port)));
  });
}
