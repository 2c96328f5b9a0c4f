import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertConfigError, readAlertConfig, resolveWebhooks } from '../../src/server/alerts/config.js';
import { type DeliveryLog, WebhookDispatcher } from '../../src/server/alerts/deliver.js';
import { type Alert, type AlertReport, detectAlerts } from '../../src/server/alerts/detect.js';
import { monitorSource } from '../../src/server/alerts/monitor.js';
import { reportQuerySchema } from '../../src/server/query.js';
import { coreReportBuilder, ReportCache } from '../../src/server/reportCache.js';
import { PushSource } from '../../src/server/sources.js';
import { handChain } from '../support/syntheticChain.js';

const base: AlertReport = {
  asOf: '2025-01-01T00:00:00.000Z',
  spot: 100,
  netGex: -5e6,
  regime: 'negative',
  gammaFlips: [103],
  nearestFlip: 103,
  callWall: 110,
  putWall: 90,
};

describe('alert detection', () => {
  it('raises a regime flip with the numbers behind it', () => {
    const alerts = detectAlerts('btc', base, { ...base, netGex: 2e6, regime: 'positive' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'regime-flip',
      data: { from: 'negative', to: 'positive', netGexAfter: 2e6 },
    });
  });

  it('raises flip and wall crossings in either direction, and nothing for a move that stays between levels', () => {
    expect(detectAlerts('btc', base, { ...base, spot: 104 }).map((a) => a.kind)).toEqual(['flip-crossed']);
    expect(detectAlerts('btc', base, { ...base, spot: 111 }).map((a) => a.kind)).toEqual([
      'flip-crossed',
      'call-wall-crossed',
    ]);
    expect(detectAlerts('btc', base, { ...base, spot: 89 }).map((a) => a.kind)).toEqual(['put-wall-crossed']);
    expect(detectAlerts('btc', base, { ...base, spot: 101 })).toEqual([]);
  });

  it('raises a playbook rule only when it newly fires', () => {
    const notFired = { ...base, playbook: { rules: [{ rule: 'squeeze-risk', status: 'not-fired' }] } };
    const fired = {
      ...base,
      playbook: { rules: [{ rule: 'squeeze-risk', status: 'fired', inputs: { callShare: 0.7 } }] },
    };
    expect(detectAlerts('btc', notFired, fired)).toEqual([
      expect.objectContaining({
        kind: 'playbook-rule-fired',
        data: { rule: 'squeeze-risk', inputs: { callShare: 0.7 } },
      }),
    ]);
    expect(detectAlerts('btc', fired, fired)).toEqual([]);
  });
});

describe('alert configuration', () => {
  it('takes URLs and secrets from the environment and names a missing variable, never its value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gexmap-alerts-'));
    const file = join(dir, 'alerts.json');
    writeFileSync(
      file,
      JSON.stringify({ webhooks: [{ name: 'desk', urlEnv: 'DESK_HOOK_URL', secretEnv: 'DESK_HOOK_SECRET' }] }),
    );
    const config = readAlertConfig(file);
    expect(config.retries).toBe(4);
    expect(resolveWebhooks(config, { DESK_HOOK_URL: 'http://x/y', DESK_HOOK_SECRET: 's3' })).toEqual([
      { name: 'desk', url: 'http://x/y', secret: 's3' },
    ]);
    expect(() => resolveWebhooks(config, { DESK_HOOK_URL: 'http://x/y' })).toThrow(/DESK_HOOK_SECRET is not set/);
    writeFileSync(file, JSON.stringify({ webhooks: [{ name: 'desk', urlEnv: 'http://inline.example/secret' }] }));
    expect(() => readAlertConfig(file)).toThrow(AlertConfigError);
    expect(() => readAlertConfig(file)).toThrow(/alerts\.webhooks\[0\]\.urlEnv: must be an environment variable name$/);
    expect(() => readAlertConfig(file)).not.toThrow(/inline\.example/);
  });
});

describe('alert configuration at start-up', () => {
  const write = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'gexmap-alerts-')), 'alerts.json');
    writeFileSync(file, text);
    return file;
  };
  const hooks = { webhooks: [{ name: 'desk', urlEnv: 'DESK_HOOK_URL' }] };

  it('reads a file that starts with a byte-order mark', () => {
    expect(readAlertConfig(write(`\ufeff${JSON.stringify(hooks)}`)).webhooks[0]?.name).toBe('desk');
  });

  it('refuses a webhook URL that is not http(s), naming the variable and never the URL', () => {
    const config = readAlertConfig(write(JSON.stringify(hooks)));
    expect(resolveWebhooks(config, { DESK_HOOK_URL: 'https://hooks.example/a?token=t0k' })[0]?.url).toBe(
      'https://hooks.example/a?token=t0k',
    );
    for (const url of ['ftp://hooks.example/t0k', 'javascript:alert(1)//t0k', 'hooks.example/t0k', 'file:///t0k']) {
      const fail = () => resolveWebhooks(config, { DESK_HOOK_URL: url });
      expect(fail, url).toThrow(AlertConfigError);
      expect(fail, url).toThrow(
        /^webhook desk: environment variable DESK_HOOK_URL (is not a URL|must be an http:\/\/ or https:\/\/ URL)/,
      );
      expect(fail, url).not.toThrow(/t0k/);
    }
  });

  it('refuses a view the report API would refuse, as one line instead of a validation dump', () => {
    expect(() => readAlertConfig(write(JSON.stringify({ ...hooks, view: 'soon' })))).toThrow(
      /alerts\.json: alerts\.view: must be all, next, ex-next or a number of days .*like 7d$/,
    );
  });
});

describe('webhook delivery', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function receiver(failFirst: number) {
    const received: { body: string; signature: string | undefined }[] = [];
    let calls = 0;
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        calls++;
        if (calls <= failFirst) {
          res.writeHead(503).end();
          return;
        }
        received.push({ body, signature: req.headers['x-gexmap-signature'] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook/TOKEN123`;
    return { url, received, calls: () => calls };
  }

  const alert: Alert = { kind: 'regime-flip', source: 'btc', asOf: base.asOf, message: 'm', data: { to: 'positive' } };

  it('retries with backoff until delivered, signs the body, and logs neither URL nor secret', async () => {
    const hook = await receiver(2);
    const logs: DeliveryLog[] = [];
    const d = new WebhookDispatcher([{ name: 'desk', url: hook.url, secret: 'sekret' }], {
      retries: 4,
      backoffMs: 5,
      log: (e) => logs.push(e),
    });
    d.send(alert);
    await d.idle();
    expect(hook.calls()).toBe(3);
    expect(hook.received).toHaveLength(1);
    const { body, signature } = hook.received[0]!;
    expect(JSON.parse(body)).toEqual(alert);
    expect(signature).toBe(`sha256=${createHmac('sha256', 'sekret').update(body).digest('hex')}`);
    expect(logs.map((l) => l.outcome)).toEqual(['retrying', 'retrying', 'delivered']);
    const logText = JSON.stringify(logs);
    expect(logText).not.toContain('TOKEN123');
    expect(logText).not.toContain('sekret');
  });

  it('gives up after the retries and never blocks the caller', async () => {
    const hook = await receiver(100);
    const logs: DeliveryLog[] = [];
    const d = new WebhookDispatcher([{ name: 'desk', url: hook.url }], {
      retries: 2,
      backoffMs: 5,
      log: (e) => logs.push(e),
    });
    expect(d.send(alert)).toBeUndefined(); // send() only schedules: no promise to wait on
    expect(hook.calls()).toBe(0);
    await d.idle();
    expect(hook.calls()).toBe(3);
    expect(logs.at(-1)).toMatchObject({ outcome: 'gave-up', detail: 'HTTP 503' });
  });

  it('sends only the kinds a webhook subscribed to', async () => {
    const hook = await receiver(0);
    const d = new WebhookDispatcher([{ name: 'walls', url: hook.url, kinds: ['call-wall-crossed'] }], {
      retries: 0,
      backoffMs: 1,
    });
    d.send(alert);
    await d.idle();
    expect(hook.calls()).toBe(0);
  });
});

describe('alert monitor on a live source', () => {
  it('emits a regime flip when a new snapshot turns net GEX positive', () => {
    const source = new PushSource('test', 'test');
    const cache = new ReportCache(coreReportBuilder);
    const alerts: Alert[] = [];
    monitorSource(source, cache, reportQuerySchema.parse({}), (a) => alerts.push(a));
    // Dealers short the 100 puts: negative. Then long 100 calls with more OI: positive.
    source.push(handChain([{ strike: 100, type: 'P', oi: 100 }]));
    expect(alerts).toEqual([]);
    source.push(
      handChain([
        { strike: 100, type: 'C', oi: 300 },
        { strike: 100, type: 'P', oi: 100 },
      ]),
    );
    expect(alerts.map((a) => a.kind)).toContain('regime-flip');
  });
});
