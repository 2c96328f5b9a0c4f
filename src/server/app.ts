import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { LEVEL_CONTENT_TYPES, levelsDocument, renderLevels } from '../report/levelsText.js';
import { levelsSchema, reportSchema, sourcesSchema } from '../report/schemas/index.js';
import type { PriceSeries } from '../sources/prices/types.js';
import type { SnapshotStore } from '../store/types.js';
import { answerCheck } from './answerCheck.js';
import { registerCandleRoutes } from './candles.js';
import { registerChartRoutes } from './charts.js';
import { freshness } from './freshness.js';
import { registerHistoryRoutes } from './history.js';
import { type HostGuardOptions, hostGuard } from './hostGuard.js';
import { openApiDocument } from './openapi.js';
import {
  badRequestBody,
  levelsQuerySchema,
  type QUERY_POSITIONINGS,
  type ReportQuery,
  reportQuerySchema,
  requestQuery,
  SERVED_POSITIONINGS,
} from './query.js';
import { coreReportBuilder, type ReportBuilder, ReportCache } from './reportCache.js';
import type { ChainSource } from './sources.js';
import { registerStudyRoutes } from './study.js';

export interface AppOptions {
  readonly sources: readonly ChainSource[];
  /** folder of the built dashboard; when absent only the API is served */
  readonly webRoot?: string;
  readonly buildReport?: ReportBuilder;
  /** share a cache with alert monitors; built from `buildReport` when absent */
  readonly cache?: ReportCache;
  readonly now?: () => number;
  /** SSE keep-alive comment interval, ms */
  readonly keepAliveMs?: number;
  /** history store: enables GET /api/history (see history.ts) */
  readonly history?: SnapshotStore;
  /** prices for the regime study of the history: enables GET /api/study (see study.ts) */
  readonly prices?: PriceSeries;
  /** names a client may reach the server by, beyond localhost and loopback (DNS rebinding guard) */
  readonly hosts?: HostGuardOptions;
  /** debug mode: every JSON answer is checked against the schema the OpenAPI document publishes (a mismatch is a 500) */
  readonly checkAnswers?: boolean;
  /** the positioning models reports may be asked for (classic and customer-long when absent; positions and flow need the book or tape `serve` was given) */
  readonly positionings?: readonly (typeof QUERY_POSITIONINGS)[number][];
}

function statusBody(source: ChainSource, now: number, positionings: readonly string[]) {
  const s = source.status();
  const current = source.current();
  return {
    id: source.id,
    label: source.label,
    state: s.state,
    ...(s.reason !== undefined ? { reason: s.reason } : {}),
    lastGoodAgeSeconds: s.lastGoodAt === undefined ? null : (now - s.lastGoodAt) / 1000,
    asOf: current ? new Date(current.snapshot.asOf).toISOString() : null,
    // the models the source's reports can be asked for (positions and flow need a book or a tape)
    positionings: [...positionings],
    ...freshness(source, s, now),
  };
}

/** The HTTP app, not listening: tests call `app.request()` in-process; `serve` binds it. */
export function createApp(options: AppOptions): Hono {
  const now = options.now ?? Date.now;
  const cache = options.cache ?? new ReportCache(options.buildReport ?? coreReportBuilder);
  const byId = new Map(options.sources.map((s) => [s.id, s]));
  const check = answerCheck(options.checkAnswers ?? false);
  const positionings = options.positionings ?? SERVED_POSITIONINGS;
  const app = new Hono();
  app.use('*', hostGuard(options.hosts));

  app.onError((err, c) => {
    // Bad data in a snapshot or options the builder rejects: the client gets the reason, not a stack.
    const status = err instanceof RangeError ? 400 : 500;
    return c.json({ error: err.message }, status);
  });

  const resolve = (c: Context): { source: ChainSource; query: ReportQuery } | Response => {
    const id = c.req.param('id') ?? '';
    const source = byId.get(id);
    if (!source) return c.json({ error: `unknown source: ${id}`, sources: [...byId.keys()] }, 404);
    const parsed = reportQuerySchema.safeParse(requestQuery(c));
    if (!parsed.success) {
      return c.json(badRequestBody(parsed.error), 400);
    }
    return { source, query: parsed.data };
  };

  const unavailable = (c: Context, source: ChainSource) => {
    const body = statusBody(source, now(), positionings);
    return c.json(
      {
        error: `source ${source.id} is unavailable`,
        reason: body.reason ?? 'no data',
        lastGoodAgeSeconds: body.lastGoodAgeSeconds,
      },
      503,
    );
  };

  // A later snapshot the builder refuses is told to the stream's client as a `report-error` event (not `error`, which
  // EventSource keeps for a lost connection); the stream stays.
  const buildEntry = (source: ChainSource, query: ReportQuery) => {
    try {
      const entry = cache.get(source, query);
      return entry === undefined ? { error: `source ${source.id} holds no snapshot` } : { entry };
    } catch (e) {
      if (e instanceof RangeError) return { error: e.message };
      throw e;
    }
  };

  app.get('/healthz', (c) => c.json({ ok: true }));
  if (options.history) registerHistoryRoutes(app, options.history, options.buildReport ?? coreReportBuilder, check);
  if (options.history && options.prices) registerStudyRoutes(app, options.history, options.prices, check);
  registerCandleRoutes(app, { sources: options.sources, history: options.history, now });
  registerChartRoutes(app, { sources: options.sources, cache, unavailable });
  const openApi = openApiDocument();
  app.get('/api/openapi.json', (c) => c.json(openApi));
  app.get('/api/sources', (c) =>
    c.json(
      check(
        sourcesSchema,
        options.sources.map((s) => statusBody(s, now(), positionings)),
        'GET /api/sources',
      ),
    ),
  );

  app.get('/api/sources/:id/report', (c) => {
    const r = resolve(c);
    if (r instanceof Response) return r;
    if (r.source.status().state === 'down') return unavailable(c, r.source);
    const entry = cache.get(r.source, r.query);
    if (entry === undefined) return unavailable(c, r.source);
    check(reportSchema, entry.report, 'report');
    return c.body(entry.bytes, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  });

  app.get('/api/sources/:id/levels', (c) => {
    const id = c.req.param('id');
    const source = byId.get(id);
    if (!source) return c.json({ error: `unknown source: ${id}`, sources: [...byId.keys()] }, 404);
    const parsed = levelsQuerySchema.safeParse(requestQuery(c));
    if (!parsed.success) return c.json(badRequestBody(parsed.error), 400);
    const { format, ...query } = parsed.data;
    if (source.status().state === 'down') return unavailable(c, source);
    // the report /report serves for the same query, from the same cache
    const entry = cache.get(source, query);
    if (entry === undefined) return unavailable(c, source);
    if (format === 'json') check(levelsSchema, levelsDocument(entry.report), 'levels');
    return c.body(renderLevels(entry.report, format), 200, {
      'content-type': LEVEL_CONTENT_TYPES[format],
      'cache-control': 'no-store',
    });
  });

  app.get('/api/sources/:id/events', (c) => {
    const r = resolve(c);
    if (r instanceof Response) return r;
    const { source, query } = r;
    // Build the first report before the stream opens, so a query the builder refuses is a 400 as on /report
    // (a stream, once open, can only end: the client would see it close without a word).
    if (source.current()) cache.get(source, query);
    return streamSSE(c, async (stream) => {
      let lastVersion = -1;
      let lastState = '';
      // `dirty` keeps a notification that arrives while a write is in progress from being lost.
      let dirty = true;
      let wake: (() => void) | undefined;
      const pending = () => {
        dirty = true;
        wake?.();
      };
      const unsubscribe = source.subscribe(pending);
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      const keepAlive = setInterval(pending, options.keepAliveMs ?? 15_000);
      try {
        while (!stream.aborted) {
          dirty = false;
          const status = statusBody(source, now(), positionings);
          if (status.state !== lastState) {
            lastState = status.state;
            await stream.writeSSE({ event: 'status', data: JSON.stringify(status) });
          }
          const current = source.current();
          if (current && current.version !== lastVersion) {
            lastVersion = current.version;
            const built = buildEntry(source, query);
            if ('error' in built)
              await stream.writeSSE({ event: 'report-error', data: JSON.stringify({ error: built.error }) });
            else {
              check(reportSchema, built.entry.report, 'report event');
              await stream.writeSSE({ event: 'report', id: String(current.version), data: built.entry.json });
            }
          } else {
            await stream.write(': keep-alive\n\n');
          }
          if (!dirty && !stream.aborted) {
            await new Promise<void>((res) => {
              wake = res;
            });
          }
          wake = undefined;
        }
      } finally {
        clearInterval(keepAlive);
        unsubscribe();
      }
    });
  });

  app.all('/api/*', (c) => c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404));

  const webRoot = options.webRoot;
  if (webRoot && existsSync(webRoot)) {
    app.use('/*', serveStatic({ root: webRoot }));
    // Client-side routes fall back to the dashboard page; anything with a file extension is a real 404.
    app.get('/*', (c, next) =>
      /\.[a-z0-9]+$/i.test(c.req.path) ? next() : serveStatic({ root: webRoot, path: 'index.html' })(c, next),
    );
  }
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  return app;
}
