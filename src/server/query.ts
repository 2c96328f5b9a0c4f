import { z } from 'zod';
import { parseExpiryView } from '../analytics/views.js';

/** Query parameters of the report endpoints, validated with the offending field named. */
export const reportQuerySchema = z.object({
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
      { message: 'must be all, next, ex-next or a number of days like 7d' },
    )
    .describe('expiry view: all | next | ex-next | <N>d'),
  positioning: z.enum(['classic', 'customer-long']).default('classic').describe('dealer positioning model'),
  range: z.coerce.number().gt(0).lt(100).default(20).describe('profile range around spot, percent'),
  spotChange: z.coerce.number().gt(-100).lt(1000).optional().describe('price change over the lookback, percent'),
  forward: z
    .enum(['spot', 'implied'])
    .optional()
    .describe('BSM chains: forward from spot (default) or implied by put-call parity (Black-76)'),
});

export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** Stable cache key of a validated query. */
export function queryKey(q: ReportQuery): string {
  return `${q.view}|${q.positioning}|${q.range}|${q.spotChange ?? ''}|${q.forward ?? 'spot'}`;
}

/** The 400 body of a query zod refused: one line naming each field, and the issues themselves. */
export function badRequestBody(error: z.ZodError): { error: string; issues: { field: string; message: string }[] } {
  const issues = describeIssues(error);
  return { error: `bad request: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, issues };
}

/** Turns a zod failure into "field: message" lines. */
export function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.join('.') || '(query)', message: i.message }));
}
