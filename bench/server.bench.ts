/**
 * Server benchmark against 127.0.0.1: report latency from a warm cache (SPX chain) under a small
 * closed-loop load, and SSE fan-out: time from one source update until 100 connected clients each
 * hold the new report. `npm run bench:server` prints the figures (`-- --json` for JSON).
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { at } from '../src/core/at.js';

// The server runs in its own process so the load generator does not share its event loop.
const child = fork(resolve(import.meta.dirname, 'support/benchServer.ts'), { execArgv: ['--import', 'tsx'] });
const url = await new Promise<string>((done) => child.once('message', (m) => done((m as { url: string }).url)));
const { hostname, port } = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function get(path: string): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const req = request({ host: hostname, port, path, agent }, (res) => {
      res.on('data', () => {});
      res.on('end', () => done(performance.now() - t0));
    });
    req.on('error', fail);
    req.end();
  });
}

const quantile = (xs: number[], q: number) =>
  at(
    [...xs].sort((a, b) => a - b),
    Math.floor(q * (xs.length - 1)),
  );

// Warm the cache; one client in sequence, then a closed loop of 8 workers × 250 requests.
const path = '/api/sources/cboe-spx/report?view=all&positioning=classic&range=20';
const coldMs = await get(path);
const sequential: number[] = [];
for (let i = 0; i < 500; i++) sequential.push(await get(path));
const latencies: number[] = [];
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (let i = 0; i < 250; i++) latencies.push(await get(path));
  }),
);

// SSE fan-out: 100 clients on the live source; after each has its first report, push an update.
const CLIENTS = 100;
let arrived = 0;
let onAll: (() => void) | undefined;
const sockets: { destroy(): void }[] = [];
await Promise.all(
  Array.from(
    { length: CLIENTS },
    () =>
      new Promise<void>((ready, fail) => {
        const req = request(
          { host: hostname, port, path: '/api/sources/live/events?view=next', agent: false },
          (res) => {
            let buf = '';
            let reports = 0;
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              buf += chunk;
              let i = buf.indexOf('\n\n');
              while (i >= 0) {
                if (buf.slice(0, i).startsWith('event: report')) {
                  reports++;
                  if (reports === 1) ready();
                  else if (++arrived === CLIENTS) onAll?.();
                }
                buf = buf.slice(i + 2);
                i = buf.indexOf('\n\n');
              }
            });
          },
        );
        req.on('error', fail);
        req.end();
        sockets.push(req);
      }),
  ),
);
const fanOut = new Promise<void>((r) => {
  onAll = r;
});
const t0 = performance.now();
child.send('push');
await fanOut;
const fanOutMs = performance.now() - t0;

for (const s of sockets) s.destroy();
agent.destroy();
child.send('stop');

const rows = [
  { step: 'report-cold', ms: coldMs },
  { step: 'report-warm-p50', ms: quantile(sequential, 0.5) },
  { step: 'report-warm-p99', ms: quantile(sequential, 0.99) },
  { step: 'report-warm-8c-p50', ms: quantile(latencies, 0.5) },
  { step: 'sse-fanout-100', ms: fanOutMs },
];
if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
else {
  for (const r of rows) console.log(`${r.step.padEnd(18)} ${r.ms.toFixed(3).padStart(10)} ms`);
  console.log(
    `(SPX report, ~110 kB JSON: ${sequential.length} warm requests from one keep-alive client, then ${latencies.length} from 8 concurrent ones; fan-out includes building the new report once)`,
  );
}
