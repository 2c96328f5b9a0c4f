import { z } from 'zod';
import { MAX_SURFACE_DAYS, MAX_SURFACE_SPOTS } from '../analytics/gexSurface.js';
import { parseExpiryView } from '../analytics/views.js';
import { GEX_WEIGHTS } from '../analytics/weight.js';
import { PROFILE_RANGE, parseInteger, parsePercent, QuantityError, SPOT_CHANGE, shown } from '../core/units/index.js';
import { LEVEL_FORMATS } from '../report/levelsText.js';

/** A query field read by one of the shared unit parsers; its refusal becomes the field's zod issue. */
function unitField<T>(parse: (text: string) => T) {
  return z.string().transform((text, ctx): T => {
    try {
      return parse(text);
    } catch (e) {
      const message = e instanceof QuantityError ? `${shown(text)} ${e.reason}` : (e as Error).message;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
  });
}

/** The positioning models a report query may name: those that need no book or tape from the server. */
export const SERVED_POSITIONINGS = ['classic', 'customer-long'] as const;

/**
 * Query parameters of the report endpoints, validated with the offending field named. Percentages are in
 * percent (`range=20` is ±20 %, `20%` too), read strictly (no hex, no `Infinity`) within the same bounds as
 * the CLI flags, and rounded to 0.01 so near-equal values share one cached report. An unknown field
 * (`rnage=10`) is refused, not ignored: it would leave the default in place without a word.
 */
export const reportQuerySchema = z.strictObject({
  view: z
    .string()
    .default('all')
    .refine(
      (v) => {
        try {
          parseExpiryView(v);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must be all, next, ex-next or a number of days from 0 (excluded) to 36600, like 7d' },
    )
    .describe('expiry view: all | next | ex-next | <N>d'),
  positioning: z.enum(SERVED_POSITIONINGS).default('classic').describe('dealer positioning model'),
  range: unitField((t) => parsePercent(t, 'range', PROFILE_RANGE))
    .default(20)
    .describe(
      `profile range around spot in percent, 20 or 20% (${PROFILE_RANGE.min} to ${PROFILE_RANGE.max}, default 20)`,
    ),
  spotChange: unitField((t) => parsePercent(t, 'spotChange', SPOT_CHANGE))
    .optional()
    .describe(`price change over the lookback in percent, -3 or -3% (${SPOT_CHANGE.min} to ${SPOT_CHANGE.max})`),
  weight: z
    .enum(GEX_WEIGHTS)
    .optional()
    .describe('size positions by open interest (oi, default) or by traded volume (volume), the intraday view'),
  forward: z
    .enum(['spot', 'implied'])
    .optional()
    .describe('BSM chains: forward from spot (default) or implied by put-call parity (Black-76)'),
  surfaceDays: unitField((t) => parseInteger(t, 'surfaceDays', { min: 1, max: MAX_SURFACE_DAYS }))
    .optional()
    .describe(
      `add the net GEX surface (USD per 1 % move) for today and each of the next N calendar days, 1 to ${MAX_SURFACE_DAYS}`,
    ),
  surfaceSpots: unitField((t) => parseInteger(t, 'surfaceSpots', { min: 2, max: MAX_SURFACE_SPOTS }))
    .optional()
    .describe(`the surface: log-spaced spots over the range, 2 to ${MAX_SURFACE_SPOTS} (default 200)`),
});

export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** Query parameters of the levels endpoint: the report's, and the output format. */
export const levelsQuerySchema = reportQuerySchema.extend({
  format: z
    .enum(LEVEL_FORMATS)
    .default('json')
    .describe('json (default), csv, table, or pine (a TradingView Pine Script v6 indicator)'),
});

/** Stable cache key of a validated query. */
export function queryKey(q: ReportQuery): string {
  return `${q.view}|${q.positioning}|${q.range}|${q.spotChange ?? ''}|${q.forward ?? 'spot'}|${q.weight ?? 'oi'}|${q.surfaceDays ?? ''}|${q.surfaceSpots ?? ''}`;
}

/** The 400 body of a query zod refused: one line naming each field, and the issues themselves. */
export function badRequestBody(error: z.ZodError): { error: string; issues: { field: string; message: string }[] } {
  const issues = describeIssues(error);
  return { error: `bad request: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, issues };
}

/** Turns a zod failure into "field: message" lines; an unknown field is named as the field. */
function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: shown(k), message: 'is not a field of this endpoint' }))
      : [{ field: i.path.join('.') || '(query)', message: i.message }],
  );
}
