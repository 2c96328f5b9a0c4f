import type { Context } from 'hono';
import { z } from 'zod';
import { MAX_SURFACE_DAYS, MAX_SURFACE_SPOTS } from '../analytics/gexSurface.js';
import type { PlaybookThresholds } from '../analytics/playbook/index.js';
import { parseThreshold } from '../analytics/playbook/index.js';
import { parseExpiryView } from '../analytics/views.js';
import { GEX_WEIGHTS } from '../analytics/weight.js';
import { isPrintable } from '../core/escape.js';
import {
  FLOW_RANGE,
  PIN_BAND,
  PROFILE_RANGE,
  parseInteger,
  parsePercent,
  parsePinDays,
  QuantityError,
  SPOT_CHANGE,
  shown,
} from '../core/units/index.js';
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

/** An expiry view as the CLI's `--expiries` reads it. */
export const expiryViewField = z
  .string()
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
  .describe('expiry view: all | next | ex-next | <N>d');

/** The models a query may name; `positions` and `flow` need the book or the tape `serve` was given. */
export const QUERY_POSITIONINGS = ['classic', 'customer-long', 'positions', 'flow'] as const;

/** `threshold=NAME=VALUE`, repeatable (`threshold=a=1&threshold=b=2`), as `--threshold`. */
const thresholdField = z
  .union([z.string(), z.array(z.string())])
  .transform((given, ctx): Partial<PlaybookThresholds> => {
    const out: Partial<Record<keyof PlaybookThresholds, number>> = {};
    for (const text of typeof given === 'string' ? [given] : given) {
      try {
        const { name, value } = parseThreshold(text, '');
        out[name] = value;
      } catch (e) {
        // the 400 names the field first: "threshold nope is unknown", not "threshold threshold …"
        ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^threshold /, '') });
        return z.NEVER;
      }
    }
    return out;
  });

/**
 * Query parameters of the report endpoints, named as the CLI `report` flags (camelCase) and read in their units,
 * validated with the offending field named. Percentages are in percent (`range=20` is ±20 %, `20%` too), read
 * strictly (no hex, no `Infinity`) within the same bounds as the CLI flags, and rounded to 0.01 so near-equal
 * values share one cached report. An unknown field (`rnage=10`) is refused, not ignored: it would leave the
 * default in place without a word.
 */
export const reportQueryFields = {
  expiries: expiryViewField
    .optional()
    .describe('expiry view, as report --expiries: all | next | ex-next | <N>d (default all)'),
  view: expiryViewField
    .optional()
    .describe('the older name of expiries (the dashboard and alert rules use it); give one of the two')
    .meta({ deprecated: true }),
  positioning: z
    .enum(QUERY_POSITIONINGS)
    .default('classic')
    .describe('dealer positioning model; positions and flow with a book (serve --positions) or a tape (serve --tape)'),
  range: unitField((t) => parsePercent(t, 'range', PROFILE_RANGE))
    .default(20)
    .describe(
      `profile range around spot in percent, 20 or 20% (${PROFILE_RANGE.min} to ${PROFILE_RANGE.max}, default 20)`,
    ),
  spotChange: unitField((t) => parsePercent(t, 'spotChange', SPOT_CHANGE))
    .optional()
    .describe(`price change over the lookback in percent, -3 or -3% (${SPOT_CHANGE.min} to ${SPOT_CHANGE.max})`),
  lookback: z
    .string()
    .max(100)
    .refine(isPrintable, 'holds control characters')
    .optional()
    .describe('the period spotChange covers, in words (e.g. 24h)'),
  weight: z
    .enum(GEX_WEIGHTS)
    .optional()
    .describe('size positions by open interest (oi, default) or by traded volume (volume), the intraday view'),
  forward: z
    .enum(['spot', 'implied'])
    .optional()
    .describe('BSM chains: forward from spot (default) or implied by put-call parity (Black-76)'),
  pinDays: unitField((t) => parsePinDays(t, 'pinDays'))
    .optional()
    .describe('pins: expiries within N days, 7 or 7d (default 7)'),
  pinBand: unitField((t) => parsePercent(t, 'pinBand', PIN_BAND))
    .optional()
    .describe(`pins: strikes within ±PCT of spot, percent (${PIN_BAND.min} to ${PIN_BAND.max}, default 5)`),
  flowRange: unitField((t) => parsePercent(t, 'flowRange', FLOW_RANGE))
    .optional()
    .describe(
      `hedge flows: moves from −PCT to +PCT of spot, percent (${FLOW_RANGE.min} to ${FLOW_RANGE.max}, default 10)`,
    ),
  threshold: thresholdField.optional().describe('playbook threshold over its default, NAME=VALUE (repeatable)'),
  surfaceDays: unitField((t) => parseInteger(t, 'surfaceDays', { min: 1, max: MAX_SURFACE_DAYS }))
    .optional()
    .describe(
      `add the net GEX surface (USD per 1 % move) for today and each of the next N calendar days, 1 to ${MAX_SURFACE_DAYS}`,
    ),
  surfaceSpots: unitField((t) => parseInteger(t, 'surfaceSpots', { min: 2, max: MAX_SURFACE_SPOTS }))
    .optional()
    .describe(`the surface: log-spaced spots over the range, 2 to ${MAX_SURFACE_SPOTS} (default 200)`),
};

/** `expiries`, or its older name `view`, as the one `view` the builder reads. */
export function resolveView<T extends { expiries?: string | undefined; view?: string | undefined }>(
  q: T,
  ctx: z.RefinementCtx,
): Omit<T, 'expiries' | 'view'> & { view: string } {
  const { expiries, view, ...rest } = q;
  if (expiries !== undefined && view !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['expiries'],
      message: 'and view are one parameter (view is its older name): give one',
    });
  return { ...rest, view: expiries ?? view ?? 'all' };
}

export const reportQuerySchema = z.strictObject(reportQueryFields).transform(resolveView);

export type ReportQuery = z.output<typeof reportQuerySchema>;

/** Query parameters of the levels endpoint: the report's, and the output format. */
export const levelsQuerySchema = z
  .strictObject({
    ...reportQueryFields,
    format: z
      .enum(LEVEL_FORMATS)
      .default('json')
      .describe('json (default), csv, table, or pine (a TradingView Pine Script v6 indicator)'),
  })
  .transform(resolveView);

/** The query of a request: one value per field, every value of the repeatable ones. */
export function requestQuery(c: Context): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, REPEATABLE.has(k) ? v : (v[0] ?? '')]));
}
const REPEATABLE = new Set(['threshold']);

/** Stable cache key of a validated query. */
export function queryKey(q: ReportQuery): string {
  const thresholds = Object.entries(q.threshold ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return [
    q.view,
    q.positioning,
    q.range,
    q.spotChange ?? '',
    q.lookback ?? '',
    q.forward ?? 'spot',
    q.weight ?? 'oi',
    q.pinDays ?? '',
    q.pinBand ?? '',
    q.flowRange ?? '',
    thresholds,
    q.surfaceDays ?? '',
    q.surfaceSpots ?? '',
  ]
    .map((part) => encodeURIComponent(String(part)))
    .join('|');
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
