import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readAlertConfig, resolveWebhooks } from '../server/alerts/config.js';
import { WebhookDispatcher } from '../server/alerts/deliver.js';
import { monitorSource } from '../server/alerts/monitor.js';
import { createApp } from '../server/app.js';
import { DeribitLiveSource } from '../server/deribitSource.js';
import { listen } from '../server/listen.js';
import { reportQuerySchema } from '../server/query.js';
import { coreReportBuilder, type ReportBuilder, ReportCache } from '../server/reportCache.js';
import { type ChainSource, StaticSource } from '../server/sources.js';
import { DEFAULT_WEB_ROOT } from '../server/webRoot.js';
import { DERIBIT_PRODUCTION_URL } from '../sources/deribit/live/index.js';
import { loadChain, UsageError } from './loadChain.js';
import type { CliIo } from './main.js';

interface ServeFlags {
  cboe?: string;
  deribitDir?: string;
  venue?: string;
  currency: string;
  baseUrl?: string;
  wsUrl?: string;
  port: number;
  host: string;
  alerts?: string;
  webRoot: string;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`port (${value}) must be an integer 0–65535`);
  return n;
}

/** One live source per currency; the server starts even if the venue is unreachable (the source shows `down`). */
function liveDeribitSources(flags: ServeFlags, io: CliIo): ChainSource[] {
  return flags.currency
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .map(
      (currency) =>
        new DeribitLiveSource({
          feed: {
            currency,
            baseUrl: flags.baseUrl ?? DERIBIT_PRODUCTION_URL,
            ...(flags.wsUrl !== undefined ? { wsUrl: flags.wsUrl } : {}),
          },
          log: (line) => io.stderr(`${line}\n`),
        }),
    );
}

export function registerServe(program: Command, io: CliIo, options: { buildReport?: ReportBuilder } = {}): void {
  program
    .command('serve')
    .description('HTTP API, live updates (SSE) and the dashboard')
    .option('--cboe <file>', 'serve a recorded CBOE delayed-quotes CSV')
    .option('--deribit-dir <dir>', 'serve recorded Deribit answers')
    .option('--venue <venue>', 'live venue (deribit); the default when no file is named')
    .option('--currency <list>', 'live Deribit currencies, comma-separated', 'BTC')
    .option('--base-url <url>', 'Deribit REST base URL (production, testnet or a local server)')
    .option('--ws-url <url>', 'Deribit WebSocket URL (default: from the base URL)')
    .option('--port <n>', 'port (0 picks a free one)', parsePort, 8787)
    .option('--host <addr>', 'interface to bind', '127.0.0.1')
    .option('--alerts <file>', 'alert rules and webhooks (URLs and secrets from environment variables)')
    .option('--web-root <dir>', 'built dashboard folder', DEFAULT_WEB_ROOT)
    .action(async (flags: ServeFlags) => {
      const sources: ChainSource[] = [];
      if (flags.cboe) {
        const snap = await loadChain({ cboe: flags.cboe });
        sources.push(
          new StaticSource(`cboe-${snap.underlying.toLowerCase()}`, `CBOE ${snap.underlying} (recorded)`, snap),
        );
      }
      if (flags.deribitDir) {
        const snap = await loadChain({ deribitDir: flags.deribitDir });
        sources.push(
          new StaticSource(`deribit-${snap.underlying.toLowerCase()}`, `Deribit ${snap.underlying} (recorded)`, snap),
        );
      }
      if (flags.venue !== undefined && flags.venue !== 'deribit') {
        throw new UsageError(`venue (${flags.venue}) is not supported live; supported: deribit`);
      }
      if (sources.length === 0 || flags.venue === 'deribit') sources.push(...liveDeribitSources(flags, io));
      const cache = new ReportCache(options.buildReport ?? coreReportBuilder);
      const app = createApp({ sources, cache, webRoot: flags.webRoot });
      const stops: (() => void)[] = [];
      let dispatcher: WebhookDispatcher | undefined;
      if (flags.alerts) {
        const config = readAlertConfig(flags.alerts);
        const hooks = resolveWebhooks(config, process.env);
        dispatcher = new WebhookDispatcher(hooks, {
          retries: config.retries,
          backoffMs: config.backoffMs,
          log: (e) =>
            io.stderr(
              `alert ${e.kind} → ${e.webhook}: ${e.outcome} (attempt ${e.attempt}${e.detail ? `, ${e.detail}` : ''})\n`,
            ),
        });
        const query = reportQuerySchema.parse({ view: config.view, positioning: config.positioning });
        for (const s of sources) stops.push(monitorSource(s, cache, query, (a) => dispatcher?.send(a)));
        io.stderr(`alerts: ${hooks.length} webhook(s) (${hooks.map((h) => h.name).join(', ')})\n`);
      }
      const server = await listen(app, { port: flags.port, host: flags.host });
      io.stdout(`gexmap serving ${sources.map((s) => s.id).join(', ')} on ${server.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      for (const s of stops) s();
      await server.close();
      await dispatcher?.idle();
      for (const s of sources) await s.close?.();
    });
}
