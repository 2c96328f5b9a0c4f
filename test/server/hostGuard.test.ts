import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { createApp } from '../../src/server/app.js';
import type { HostGuardOptions } from '../../src/server/hostGuard.js';
import { hostNameOf, normalisedHosts } from '../../src/server/hostGuard.js';
import { type Listening, listen } from '../../src/server/listen.js';
import { StaticSource } from '../../src/server/sources.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';

let spx: ChainSnapshot;
let webRoot: string;

beforeAll(async () => {
  spx = await readCboeFile(CBOE_SPX_FILE);
  webRoot = mkdtempSync(join(tmpdir(), 'gexmap-hosts-'));
  mkdirSync(webRoot, { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>dashboard</title>');
});

const appWith = (hosts?: HostGuardOptions) =>
  createApp({ sources: [new StaticSource('cboe-spx', 'CBOE SPX', spx)], webRoot, ...(hosts ? { hosts } : {}) });

const get = (app: ReturnType<typeof appWith>, path: string, host: string, headers: Record<string, string> = {}) =>
  app.request(`http://localhost${path}`, { headers: { host, ...headers } });

describe('the Host check (DNS rebinding)', () => {
  const paths = [
    '/healthz',
    '/api/sources',
    '/api/sources/cboe-spx/report',
    '/api/sources/cboe-spx/events',
    '/',
    '/index.html',
  ];

  it.each(paths)('refuses %s under a foreign Host with 403 and a one-line JSON error', async (path) => {
    const res = await get(appWith(), path, 'rebind.attacker.example:8787');
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/^host "rebind\.attacker\.example:8787" is not served here/);
    expect(body.error).not.toMatch(/[\r\n]/);
  });

  it.each(['localhost:8787', 'localhost', '127.0.0.1:8787', '127.4.5.6', '[::1]:8787', 'LOCALHOST.'])(
    'answers under the loopback Host %s',
    async (host) => {
      expect((await get(appWith(), '/api/sources', host)).status).toBe(200);
    },
  );

  it('answers under the bound name and the --allow-host names, and nothing else', async () => {
    const app = appWith({ boundHost: '192.168.1.20', allowHosts: ['gex.desk.example'] });
    expect((await get(app, '/api/sources', '192.168.1.20:8787')).status).toBe(200);
    expect((await get(app, '/api/sources', 'GEX.desk.example:8787')).status).toBe(200);
    expect((await get(app, '/api/sources', 'other.desk.example:8787')).status).toBe(403);
    expect((await get(app, '/api/sources', '192.168.1.21:8787')).status).toBe(403);
  });

  it('refuses an empty or malformed Host, and shows control bytes of it escaped', async () => {
    expect((await get(appWith(), '/api/sources', '')).status).toBe(403);
    expect((await get(appWith(), '/api/sources', 'localhost@evil.example')).status).toBe(403);
    const res = await get(appWith(), '/api/sources', 'evil.example\u001b[31m');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).not.toContain('\u001b');
  });

  it('sends no CORS header, even to a cross-origin request', async () => {
    const res = await get(appWith(), '/api/sources', 'localhost:8787', { origin: 'https://attacker.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reads host names the way a URL does, and refuses an --allow-host that is none', () => {
    expect(hostNameOf('127.1:80')).toBe('127.0.0.1');
    expect(hostNameOf('[0:0:0:0:0:0:0:1]')).toBe('[::1]');
    expect(hostNameOf('a b')).toBeUndefined();
    expect(normalisedHosts(['::1', ' Gex.Example ', ''])).toEqual(['[::1]', 'gex.example']);
    expect(() => normalisedHosts(['gex/example'])).toThrow(/--allow-host "gex\/example" is not a host name/);
  });
});

describe('the Host check on a listening server', () => {
  let server: Listening;
  beforeAll(async () => {
    server = await listen(appWith({ boundHost: '127.0.0.1' }), { port: 0 });
  });
  afterAll(() => server?.close());

  /** node:http, because fetch sets the Host header itself */
  const status = (path: string, host: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(path, server.url);
      const req = httpRequest(url, { headers: { host } }, (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('refuses the rebound name on the report, the stream and the dashboard, and serves loopback', async () => {
    for (const path of ['/api/sources/cboe-spx/report', '/api/sources/cboe-spx/events', '/']) {
      const res = await status(path, 'rebind.attacker.example');
      expect(res.status).toBe(403);
      expect(res.body).toMatch(/^\{"error":"host \\"rebind\.attacker\.example\\" is not served here/);
    }
    expect((await status('/api/sources/cboe-spx/report', new URL(server.url).host)).status).toBe(200);
    expect((await status('/', 'localhost')).status).toBe(200);
  });
});
