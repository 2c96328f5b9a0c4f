import { z } from 'zod';
import {
  answerComponents,
  errorSchema,
  historySchema,
  levelsSchema,
  named,
  reportSchema,
  sourcesSchema,
  storedSnapshotsSchema,
  studySchema,
} from '../report/schemas/index.js';
import { candlesAnswerSchema, candlesQuerySchema } from './candles.js';
import { chartQuerySchema } from './charts.js';
import { historyQuerySchema, storedReportSchema } from './history.js';
import { levelsQuerySchema, reportQuerySchema } from './query.js';

/** The error answers an endpoint may give besides 403 (a host the server does not answer to), which all give. */
type ErrorStatus = 400 | 404 | 502 | 503;

/** A 200 answer that is not one JSON document: its content types, each with its schema. */
interface OtherAnswer {
  readonly description: string;
  readonly content: Record<string, z.ZodType>;
}

/** One GET endpoint: its query's zod schema (the one that validates it) and its answer's (the one it is checked against). */
interface Endpoint {
  readonly path: string;
  readonly summary: string;
  /** the zod schema the route parses the query with; its fields are the parameters */
  readonly query?: z.ZodType;
  /** a named component (see `named`), or the content types of a non-JSON answer */
  readonly answer: z.ZodType | OtherAnswer;
  readonly errors: readonly ErrorStatus[];
}

const get = (path: string, summary: string, rest: Omit<Endpoint, 'path' | 'summary'>): Endpoint => ({
  path,
  summary,
  ...rest,
});

const healthSchema = named('Health', z.strictObject({ ok: z.literal(true) }));
const openApiSchema = named('OpenApiDocument', z.record(z.string(), z.unknown()).describe('an OpenAPI 3.1 document'));

/**
 * Every endpoint of the API, one line each (a route added to app.ts without a line here fails the document's
 * test). A new endpoint: `get('/api/…/{id}/…', 'what it answers', { query: itsQuerySchema, answer:
 * named('Its', itsAnswerSchema), errors: [400, 404] })`.
 */
export const ENDPOINTS: readonly Endpoint[] = [
  get('/api/sources', 'List chain sources with their status', { answer: sourcesSchema, errors: [] }),
  get(
    '/api/sources/{id}/report',
    'GEX report of a source (regime, flips, walls, max pain, clusters, by strike, profile, mechanics, skew, pins, playbook), as gexmap report --json',
    { query: reportQuerySchema, answer: reportSchema, errors: [400, 404, 503] },
  ),
  get(
    '/api/sources/{id}/levels',
    'Key levels of a source sorted by price (gamma flips, walls, max pain, OI clusters, expected moves), as JSON, CSV, a table or a TradingView Pine v6 indicator',
    {
      query: levelsQuerySchema,
      answer: {
        description: 'the levels in the asked format',
        content: { 'application/json': levelsSchema, 'text/csv': z.string(), 'text/plain': z.string() },
      },
      errors: [400, 404, 503],
    },
  ),
  get(
    '/api/sources/{id}/candles',
    'Price bars of the underlying for the price chart: a live Deribit source from the venue (its perpetual), any source from its stored snapshot spots when served with --db or --pg',
    { query: candlesQuerySchema, answer: named('Candles', candlesAnswerSchema), errors: [400, 404, 502] },
  ),
  get(
    '/api/sources/{id}/charts',
    'The charts of report --svg/--png for the report /report serves for the same query, as one SVG or PNG image',
    {
      query: chartQuerySchema,
      answer: {
        description: 'the charts as one image',
        content: { 'image/svg+xml': z.string(), 'image/png': z.string().meta({ format: 'binary' }) },
      },
      errors: [400, 404, 503],
    },
  ),
  get(
    '/api/sources/{id}/events',
    'Server-Sent Events: `report` (data: a Report) on every new snapshot, `status` (data: a SourceStatus) on health changes, `report-error` (data: {error}) when a snapshot cannot be reported',
    {
      query: reportQuerySchema,
      answer: { description: 'an event stream', content: { 'text/event-stream': z.string() } },
      errors: [400, 404],
    },
  ),
  get('/api/history', 'Stored summaries over time (spot, net GEX, regime, flips, walls); served with --db or --pg', {
    query: historyQuerySchema,
    answer: historySchema,
    errors: [400],
  }),
  get('/api/history/snapshots', 'The stored snapshots (key, spot, options, source); served with --db or --pg', {
    query: historyQuerySchema,
    answer: storedSnapshotsSchema,
    errors: [400],
  }),
  get(
    '/api/history/report',
    'The full report of the snapshot stored at or before `at` (default the latest) of one venue and underlying',
    { query: storedReportSchema, answer: reportSchema, errors: [400, 404] },
  ),
  get(
    '/api/study',
    'The regime study of the stored snapshots against the prices given to serve (--db and --prices): next-session vol by regime, net GEX quantile and flip distance, the HAR control; as gexmap study --json without pinning',
    { query: historyQuerySchema, answer: studySchema, errors: [400, 404] },
  ),
  get('/api/openapi.json', 'This document', { answer: openApiSchema, errors: [] }),
  get('/healthz', 'Liveness', { answer: healthSchema, errors: [] }),
];

const COMPONENT_URI = (id: string) => `#/components/schemas/${id}`;

/** The named component a schema is registered as, or a refusal naming the endpoint. */
function componentRef(schema: z.ZodType, where: string): { $ref: string } {
  const id = answerComponents.get(schema)?.id;
  if (id === undefined) throw new Error(`${where}: its answer schema is not a named component (wrap it in named())`);
  return { $ref: COMPONENT_URI(id) };
}

/** The query fields of a zod schema as OpenAPI parameters; a repeatable field is an exploded array. */
function parametersOf(query: z.ZodType) {
  const json = z.toJSONSchema(query, { io: 'input' }) as {
    properties: Record<string, { description?: string; deprecated?: boolean; anyOf?: { type?: string }[] }>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, schema]) => {
    const { description, deprecated, ...rest } = schema;
    // `a=1` or `a=1&a=2`: one value is read as a list of one, so the parameter is documented as the list
    const list = rest.anyOf?.find((s) => s.type === 'array');
    return {
      name,
      in: 'query',
      required: json.required?.includes(name) ?? false,
      ...(description !== undefined ? { description } : {}),
      ...(deprecated ? { deprecated } : {}),
      ...(list ? { schema: list, style: 'form', explode: true } : { schema: rest }),
    };
  });
}

const ERROR_RESPONSES = {
  BadRequest: 'a refused query: each field named in issues',
  Forbidden: 'a Host the server does not answer to (DNS rebinding guard): use localhost or start with --allow-host',
  NotFound: 'no such source, endpoint or stored snapshot',
  BadGateway: 'the venue refused or failed the request the answer needs: its error named',
  Unavailable: 'the source holds no data it can serve now: reason and the age of the last good data',
} as const;
const ERROR_NAME: Record<ErrorStatus | 403, keyof typeof ERROR_RESPONSES> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  502: 'BadGateway',
  503: 'Unavailable',
};

function operation(e: Endpoint) {
  const where = `GET ${e.path}`;
  const pathParams = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
    description: 'source id, as GET /api/sources lists it',
  }));
  const ok =
    e.answer instanceof z.ZodType
      ? { description: 'ok', content: { 'application/json': { schema: componentRef(e.answer, where) } } }
      : {
          description: e.answer.description,
          content: Object.fromEntries(
            Object.entries(e.answer.content).map(([type, schema]) => [
              type,
              { schema: answerComponents.has(schema) ? componentRef(schema, where) : z.toJSONSchema(schema) },
            ]),
          ),
        };
  const errors = [...e.errors, 403 as const].sort((a, b) => a - b);
  return {
    summary: e.summary,
    operationId: operationId(e.path),
    parameters: [...pathParams, ...(e.query ? parametersOf(e.query) : [])],
    responses: {
      200: ok,
      ...Object.fromEntries(errors.map((s) => [s, { $ref: `#/components/responses/${ERROR_NAME[s]}` }])),
    },
  };
}

/** `/api/sources/{id}/report` → `getSourcesReport`: a stable name for generated clients. */
function operationId(path: string): string {
  const words = path
    .replace(/^\/api/, '')
    .split(/[/.]/)
    .filter((w) => w !== '' && !w.startsWith('{'));
  return `get${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
}

/** The components: every named answer schema, and the error answers. */
function components() {
  const { schemas } = z.toJSONSchema(answerComponents, { uri: COMPONENT_URI }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  const bare = Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]),
  );
  const errorRef = componentRef(errorSchema, 'errors');
  return {
    schemas: bare,
    responses: Object.fromEntries(
      Object.entries(ERROR_RESPONSES).map(([name, description]) => [
        name,
        { description, content: { 'application/json': { schema: errorRef } } },
      ]),
    ),
  };
}

/**
 * OpenAPI 3.1 description of the HTTP API: parameters from the zod schemas that validate the queries, answers
 * from the zod schemas the answers are checked against (AppOptions.checkAnswers), shared as components.
 */
export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'gexmap API',
      version: '0.1.0',
      description:
        'Dealer gamma exposure maps of option chains. GEX in USD of dealer delta change per 1 % move; every report states its conventions. Query parameters are named as the CLI report flags (camelCase) and read in the same units: percentages in percent (range=20 is ±20 %; 20% is read too). GEX maps hedging mechanics, not direction.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://127.0.0.1:8787', description: 'gexmap serve (default port)' }],
    // no authentication: the server binds to loopback by default and checks the Host of each request
    security: [],
    paths: Object.fromEntries(ENDPOINTS.map((e) => [e.path, { get: operation(e) }])),
    components: components(),
  };
}
