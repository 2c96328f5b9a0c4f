import type { Hono } from 'hono';
import { runStudy } from '../history/study/study.js';
import { assertFiniteOutput } from '../report/finiteOutput.js';
import { studySchema } from '../report/schemas/index.js';
import type { PriceSeries } from '../sources/prices/types.js';
import type { SnapshotStore } from '../store/types.js';
import { type AnswerCheck, answerCheck } from './answerCheck.js';
import { historyQuerySchema } from './history.js';
import { badRequestBody } from './query.js';

/**
 * GET /api/study?venue=&underlying=&from=&to=: the regime study of the stored snapshots against the
 * prices the server was started with (`serve --db FILE --prices FILE`), as `gexmap study --json`
 * prints it but without pinning (which reads every stored chain) and with 1,000 resamples, seed 1.
 * A store of several chains needs venue and underlying.
 */
export function registerStudyRoutes(
  app: Hono,
  store: SnapshotStore,
  prices: PriceSeries,
  check: AnswerCheck = answerCheck(false),
): void {
  app.get('/api/study', async (c) => {
    const parsed = historyQuerySchema.safeParse(c.req.query());
    if (!parsed.success) return c.json(badRequestBody(parsed.error), 400);
    const { venue, underlying, from, to } = parsed.data;
    const points = await store.readSummaries({
      ...(venue !== undefined ? { venue } : {}),
      ...(underlying !== undefined ? { underlying } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    const chains = [...new Set(points.map((p) => `${p.venue} ${p.underlying}`))];
    if (chains.length === 0) return c.json({ error: 'no stored snapshots in the query' }, 404);
    if (chains.length > 1)
      return c.json({ error: 'the store holds several chains: choose with venue and underlying', chains }, 400);
    const study = assertFiniteOutput(runStudy(points, prices, { resamples: 1000, seed: 1 }), 'GET /api/study', 'study');
    return c.json(check(studySchema, study, 'GET /api/study'));
  });
}
