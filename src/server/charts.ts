import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { parseInteger, QuantityError, shown } from '../core/units/index.js';
import { badRequestBody, reportQueryFields, requestQuery, resolveView } from './query.js';
import type { ReportCache } from './reportCache.js';
import type { ChainSource } from './sources.js';

export const CHART_WIDTH = { min: 400, max: 2400 } as const;

/** The report's query, the image format and its width. */
export const chartQuerySchema = z
  .strictObject({
    ...reportQueryFields,
    format: z.enum(['svg', 'png']).default('svg').describe('svg (default) or png'),
    width: z
      .string()
      .transform((text, ctx) => {
        try {
          return parseInteger(text, 'width', CHART_WIDTH);
        } catch (e) {
          ctx.addIssue({
            code: 'custom',
            message: e instanceof QuantityError ? `${shown(text)} ${e.reason}` : String(e),
          });
          return z.NEVER;
        }
      })
      .default(900)
      .describe(`image width in px, ${CHART_WIDTH.min} to ${CHART_WIDTH.max} (default 900)`),
  })
  .transform(resolveView);

const CONTENT_TYPES = { svg: 'image/svg+xml; charset=utf-8', png: 'image/png' } as const;

/**
 * GET /api/sources/{id}/charts?format=svg|png&width=900&…the report's query…: the charts `gexmap
 * report --svg/--png` writes, of the report /report serves for the same query (from the same cache).
 * The renderer is loaded on the first request: it is the heaviest import.
 */
export function registerChartRoutes(
  app: Hono,
  options: {
    readonly sources: readonly ChainSource[];
    readonly cache: ReportCache;
    /** the 503 of a source without a snapshot, as /report answers it */
    readonly unavailable: (c: Context, source: ChainSource) => Response;
  },
): void {
  const byId = new Map(options.sources.map((s) => [s.id, s]));
  app.get('/api/sources/:id/charts', async (c) => {
    const id = c.req.param('id');
    const source = byId.get(id);
    if (!source) return c.json({ error: `unknown source: ${id}`, sources: [...byId.keys()] }, 404);
    const parsed = chartQuerySchema.safeParse(requestQuery(c));
    if (!parsed.success) return c.json(badRequestBody(parsed.error), 400);
    const { format, width, ...query } = parsed.data;
    if (source.status().state === 'down') return options.unavailable(c, source);
    const entry = options.cache.get(source, query);
    if (entry === undefined) return options.unavailable(c, source);
    const { reportSvg, svgToPng } = await import('../report/charts/exportCharts.js');
    const svg = reportSvg(entry.report, { width });
    return c.body(format === 'svg' ? svg : new Uint8Array(svgToPng(svg)), 200, {
      'content-type': CONTENT_TYPES[format],
      'cache-control': 'no-store',
    });
  });
}
