import { type Command, InvalidArgumentError } from 'commander';
import { parseInteger } from '../core/units/index.js';
import { readAlertConfig, resolveWebhooks } from '../server/alerts/config.js';
import { WebhookDispatcher } from '../server/alerts/deliver.js';
import { monitorSource } from '../server/alerts/monitor.js';
import { createApp } from '../server/app.js';
import { normalisedHosts } from '../server/hostGuard.js';
import { type Listening, listen } from '../server/listen.js';
import { reportQuerySchema } from '../server/query.js';
import { type ReportBuilder, ReportCache, reportBuilder, type ServedBooks } from '../server/reportCache.js';
import { DEFAULT_WEB_ROOT } from '../server/webRoot.js';
import { readTapeFile } from '../sources/deribit/tape/file.js';
import { TradeTape } from '../sources/deribit/tape/tape.js';
import { readPricesFile } from '../sources/prices/read.js';
import { openStore } from '../store/open.js';
import type { CliIo } from './io.js';
import { readPositionsFile } from './positionsFlag.js';
import { addServedSourceOptions, type ServedSourceFlags, servedSources } from './servedSources.js';
import { UsageError } from './usageError.js';

interface ServeFlags extends ServedSourceFlags {
  port: number;
  host: string;
  allowHost?: string[];
  alerts?: string;
  webRoot: string;
  db?: string;
  pg?: string;
  prices?: string;
  pricesMapping?: string;
  positions?: string;
  tape?: string;
  checkAnswers?: boolean;
}

/** `--positions FILE` and `--tape FILE`: the book and the tape's flow the API's positioning=positions|flow read. */
async function servedBooks(flags: Pick<ServeFlags, 'positions' | 'tape'>): Promise<ServedBooks> {
  const positions = flags.positions === undefined ? undefined : readPositionsFile(flags.positions);
  let tapeFlow: ServedBooks['tapeFlow'];
  if (flags.tape !== undefined) {
    const tape = new TradeTape();
    tape.add(await readTapeFile(flags.tape));
    tapeFlow = tape.flowByInstrument();
  }
  return { ...(positions ? { positions } : {}), ...(tapeFlow ? { tapeFlow } : {}) };
}

function parsePort(value: string): number {
  return parseInteger(value, '--port', { min: 0, max: 65535 });
}

/** `--allow-host a,b` (repeatable): checked as host names when given, so a typo fails at start-up. */
function allowHostList(value: string, previous: string[] = []): string[] {
  try {
    return [...previous, ...normalisedHosts(value.split(','))];
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

export function registerServe(program: Command, io: CliIo, options: { buildReport?: ReportBuilder } = {}): void {
  addServedSourceOptions(program.command('serve').description('HTTP API, live updates (SSE) and the dashboard'))
    .option('--port <n>', 'port (0 picks a free one)', parsePort, 8787)
    .option('--host <addr>', 'interface to bind', '127.0.0.1')
    .option(
      '--allow-host <names>',
      'host names clients may use beyond --host, localhost and loopback, comma-separated (repeatable)',
      allowHostList,
    )
    .option('--alerts <file>', 'alert rules and webhooks (URLs and secrets from environment variables)')
    .option('--web-root <dir>', 'built dashboard folder', DEFAULT_WEB_ROOT)
    .option('--db <file>', 'history (DuckDB file, read-only per request): /api/history and the history chart')
    .option('--pg <url>', 'history in PostgreSQL instead of a DuckDB file')
    .option('--prices <file>', 'with --db: daily or intraday bars for /api/study and the dashboard’s Evidence panel')
    .option('--prices-mapping <file>', 'JSON: {columns, timeZone, sessionOpen, maxGapDays} of the prices file')
    .option(
      '--positions <file>',
      'JSON {"INSTRUMENT": dealer contracts (+ long / − short)}: the book the API reads with positioning=positions',
    )
    .option('--tape <file>', 'recorded trades (JSON lines): the tape the API reads with positioning=flow')
    .option('--check-answers', 'debug: check every JSON answer against its OpenAPI schema (a mismatch answers 500)')
    .action(async (flags: ServeFlags) => {
      if (flags.prices !== undefined && !flags.db && !flags.pg)
        throw new UsageError('--prices needs a history store (--db FILE or --pg URL)');
      const prices = flags.prices === undefined ? undefined : await readPricesFile(flags.prices, flags.pricesMapping);
      const sources = await servedSources(flags, (line) => io.stderr(`${line}\n`));
      const books = await servedBooks(flags);
      const cache = new ReportCache(options.buildReport ?? reportBuilder(books));
      const history =
        flags.db || flags.pg ? await openStore(flags, { readOnly: true, lock: 'per-operation' }) : undefined;
      const hosts = { boundHost: flags.host, allowHosts: flags.allowHost ?? [] };
      const app = createApp({
        sources,
        cache,
        positionings: [
          'classic',
          'customer-long',
          ...(books.positions ? (['positions'] as const) : []),
          ...(books.tapeFlow ? (['flow'] as const) : []),
        ],
        webRoot: flags.webRoot,
        hosts,
        ...(flags.checkAnswers ? { checkAnswers: true } : {}),
        ...(history ? { history } : {}),
        ...(prices ? { prices } : {}),
      });
      const stops: (() => void)[] = [];
      let dispatcher: WebhookDispatcher | undefined;
      let alerts = '';
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
        alerts = ` · alerts to ${hooks.length} webhook(s) (${hooks.map((h) => h.name).join(', ')})`;
      }
      const stopAll = async () => {
        for (const s of stops) s();
        await dispatcher?.idle();
        for (const s of sources) await s.close?.();
        await history?.close();
      };
      let server: Listening;
      try {
        server = await listen(app, { port: flags.port, host: flags.host });
      } catch (e) {
        // live feeds are already connecting: close them, or they would keep the process alive
        await stopAll();
        throw e;
      }
      // the one start-up line: what is served, where, and where alerts go
      io.stdout(`gexmap serving ${sources.map((s) => s.id).join(', ')} on ${server.url}${alerts}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      await stopAll();
    });
}
