import { z } from 'zod';
import { historyQuerySchema, storedReportSchema } from './history.js';
import { levelsQuerySchema, reportQuerySchema } from './query.js';

/** OpenAPI 3.1 description of the HTTP API; query parameters come from the same zod schema that validates them. */
export function openApiDocument(): object {
  const paramsOf = (zodSchema: z.ZodType) => {
    const json = z.toJSONSchema(zodSchema, { io: 'input' }) as { properties: Record<string, { description?: string }> };
    return Object.entries(json.properties).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      description: schema.description,
      schema,
    }));
  };
  const queryParams = paramsOf(reportQuerySchema);
  const historyParams = paramsOf(historyQuerySchema);
  const sourceParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'source id' };
  const error = {
    description: 'error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'gexmap API',
      version: '0.1.0',
      description:
        'Dealer gamma exposure maps of option chains. GEX in USD of dealer delta change per 1 % move; every report states its conventions. Percentages are written in percent (range=20 is ±20 %; 20% is read too). GEX maps hedging mechanics, not direction.',
    },
    paths: {
      '/api/sources': {
        get: { summary: 'List chain sources with their status', responses: { 200: { description: 'sources' } } },
      },
      '/api/sources/{id}/report': {
        get: {
          summary: 'GEX report of a source (regime, flips, walls, max pain, clusters, by strike, profile, mechanics)',
          parameters: [sourceParam, ...queryParams],
          responses: { 200: { description: 'report (see README for the fields)' }, 400: error, 404: error, 503: error },
        },
      },
      '/api/sources/{id}/levels': {
        get: {
          summary:
            'Key levels of a source sorted by price (gamma flips, walls, max pain, OI clusters, expected moves), as JSON, CSV, a table or a TradingView Pine v6 indicator',
          parameters: [sourceParam, ...paramsOf(levelsQuerySchema)],
          responses: {
            200: { description: 'levels in the asked format (see README: gexmap levels)' },
            400: error,
            404: error,
            503: error,
          },
        },
      },
      '/api/sources/{id}/events': {
        get: {
          summary:
            'Server-Sent Events: `report` events with the full report on every update, `status` on health changes',
          parameters: [sourceParam, ...queryParams],
          responses: { 200: { description: 'text/event-stream' }, 400: error, 404: error },
        },
      },
      '/api/history': {
        get: {
          summary: 'Stored summaries over time (spot, net GEX, regime, flips, walls); served with --db or --pg',
          parameters: historyParams,
          responses: { 200: { description: '{count, points}' }, 400: error, 404: error },
        },
      },
      '/api/history/snapshots': {
        get: {
          summary: 'The stored snapshots (key, spot, options, source)',
          parameters: historyParams,
          responses: { 200: { description: 'array of snapshots' }, 400: error, 404: error },
        },
      },
      '/api/history/report': {
        get: {
          summary:
            'The full report of the snapshot stored at or before `at` (default the latest) of one venue and underlying',
          parameters: paramsOf(storedReportSchema),
          responses: { 200: { description: 'report, as /api/sources/{id}/report' }, 400: error, 404: error },
        },
      },
      '/api/study': {
        get: {
          summary:
            'The regime study of the stored snapshots against the prices given to serve (--db and --prices): next-session vol by regime, net GEX quantile and flip distance, the HAR control; as `gexmap study --json` without pinning',
          parameters: historyParams,
          responses: {
            200: {
              description:
                '{sessions, byRegime, byNetGexQuantile, byDistance, negMinusPos, har, excluded, conventions}',
            },
            400: error,
            404: error,
          },
        },
      },
      '/api/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
      '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: 'ok' } } } },
    },
    components: {
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: { type: 'string' },
            issues: {
              type: 'array',
              items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
            },
            reason: { type: 'string' },
            lastGoodAgeSeconds: { type: ['number', 'null'] },
          },
        },
      },
    },
  };
}
