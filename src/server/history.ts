import type { Hono } from 'hono';
import { z } from 'zod';
import { shownSourceName } from '../chain/sourceName.js';
import { parseInstant, type QuantityError, shown } from '../core/units/index.js';
import { assertFiniteOutput } from '../report/finiteOutput.js';
import { historySchema, reportSchema, storedSnapshotsSchema } from '../report/schemas/index.js';
import { SnapshotChoiceError, snapshotAt } from '../store/snapshotAt.js';
import type { SnapshotStore } from '../store/types.js';
import { type AnswerCheck, answerCheck } from './answerCheck.js';
import { badRequestBody, reportQueryFields, requestQuery, resolveView } from './query.js';
import { coreReportBuilder, type ReportBuilder } from './reportCache.js';

const instant = z
  .string()
  .transform((v, ctx) => {
    try {
      return parseInstant(v, '');
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `${shown(v)} ${(e as QuantityError).reason}` });
      return z.NEVER;
    }
  })
  .optional();

/** Which chain: a venue, and an underlying in upper case. */
const chain = {
  venue: z.string().min(1).optional(),
  underlying: z
    .string()
    .min(1)
    .transform((u) => u.toUpperCase())
    .optional(),
};

export const historyQuerySchema = z.strictObject({ ...chain, from: instant, to: instant });

/** A stored snapshot's report: the chain, the instant, and the report's own query. */
export const storedReportSchema = z
  .strictObject({ ...reportQueryFields, ...chain, at: instant })
  .transform(resolveView);

/**
 * History endpoints over a store:
 * - GET /api/history?venue=&underlying=&from=&to=: summaries over time (spot, net GEX, nearest
 *   flip, flips, walls, regime), oldest first; `from` inclusive, `to` exclusive;
 * - GET /api/history/snapshots?…same query…: the stored snapshots (key, spot, options, source);
 * - GET /api/history/report?venue=&underlying=&at=&view=&positioning=&range=: the full report of
 *   the snapshot stored at or before `at` (default the latest), as a live source's report.
 */
export function registerHistoryRoutes(
  app: Hono,
  store: SnapshotStore,
  buildReport: ReportBuilder = coreReportBuilder,
  check: AnswerCheck = answerCheck(false),
): void {
  const parse = (query: Record<string, string>) => {
    const parsed = historyQuerySchema.safeParse(query);
    if (parsed.success) {
      const { venue, underlying, from, to } = parsed.data;
      return {
        ok: true as const,
        query: {
          ...(venue !== undefined ? { venue } : {}),
          ...(underlying !== undefined ? { underlying } : {}),
          ...(from !== undefined ? { from } : {}),
          ...(to !== undefined ? { to } : {}),
        },
      };
    }
    return { ok: false as const, body: badRequestBody(parsed.error) };
  };

  app.get('/api/history', async (c) => {
    const q = parse(c.req.query());
    if (!q.ok) return c.json(q.body, 400);
    const points = assertFiniteOutput(await store.readSummaries(q.query), 'history of stored snapshots', 'points');
    const body = {
      query: q.query,
      count: points.length,
      points: points.map((p) => ({ ...p, time: new Date(p.asOf).toISOString() })),
    };
    return c.json(check(historySchema, body, 'GET /api/history'));
  });

  app.get('/api/history/snapshots', async (c) => {
    const q = parse(c.req.query());
    if (!q.ok) return c.json(q.body, 400);
    const listed = await store.listSnapshots(q.query);
    const body = listed.map((m) => ({ ...m, source: shownSourceName(m.source) }));
    return c.json(check(storedSnapshotsSchema, body, 'GET /api/history/snapshots'));
  });

  app.get('/api/history/report', async (c) => {
    const parsed = storedReportSchema.safeParse(requestQuery(c));
    if (!parsed.success) return c.json(badRequestBody(parsed.error), 400);
    const { venue, underlying, at, ...query } = parsed.data;
    try {
      const snapshot = await snapshotAt(store, {
        ...(venue !== undefined ? { venue } : {}),
        ...(underlying !== undefined ? { underlying } : {}),
        ...(at !== undefined ? { at } : {}),
      });
      const report = assertFiniteOutput(
        buildReport({ ...snapshot, source: shownSourceName(snapshot.source) }, query),
        'report of a stored snapshot',
      );
      return c.json(check(reportSchema, report, 'GET /api/history/report'));
    } catch (e) {
      if (e instanceof SnapshotChoiceError) return c.json({ error: e.message }, e.kind === 'none' ? 404 : 400);
      throw e;
    }
  });
}
