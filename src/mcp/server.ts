import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { DEFAULT_REPORT_OPTIONS, type GexReportOptions } from '../analytics/gexReport.js';
import { parseExpiryView } from '../analytics/views.js';
import { whatIfMove } from '../analytics/whatIfMove.js';
import { parsePercent, QuantityError, SPOT_MOVE } from '../core/units/index.js';
import { type ReportQuery, reportQuerySchema } from '../server/query.js';
import { coreReportBuilder, ReportCache, type ServedReport } from '../server/reportCache.js';
import type { ChainSource } from '../server/sources.js';
import { CAVEAT, levelsAnswer, mapAnswer, moveAnswer, profileAnswer, regimeAnswer, sourcesAnswer } from './answers.js';
import {
  levelsOutput,
  mapInput,
  mapOutput,
  moveInput,
  moveOutput,
  profileInput,
  profileOutput,
  regimeInput,
  regimeOutput,
  sourcesOutput,
} from './schemas.js';

export interface McpServerOptions {
  readonly sources: readonly ChainSource[];
  /** shared with other readers of the same sources; built from the core report builder when absent */
  readonly cache?: ReportCache;
  /** reported to clients in `initialize` */
  readonly version?: string;
}

/** The profile points a get_profile call returns when it names none. */
const DEFAULT_PROFILE_POINTS = 41;

const INSTRUCTIONS = `gexmap maps dealer gamma exposure (GEX) of option chains. ${CAVEAT} Net GEX is in USD of dealer delta change per 1 % move; prices in USD; percentages in percent. Start with list_sources, then get_gex_map.`;

type MapArgs = z.infer<z.ZodObject<typeof mapInput>>;

/** A tool's refusal of its input: the message names the field, the client sees it as a tool error. */
class ToolInputError extends Error {}

/** The source a call names, or the only one served. */
function pickSource(sources: readonly ChainSource[], id: string | undefined): ChainSource {
  const ids = sources.map((s) => s.id).join(', ');
  const [only, ...others] = sources;
  if (id === undefined) {
    if (only && others.length === 0) return only;
    throw new ToolInputError(`source: ${sources.length} sources are served (${ids}); name one`);
  }
  const found = sources.find((s) => s.id === id);
  if (!found) throw new ToolInputError(`source: unknown source ${JSON.stringify(id)}; served: ${ids}`);
  return found;
}

/** The report query of a call, read by the HTTP API's own schema (same names, units and bounds). */
function queryOf(args: MapArgs & { spotChange?: number | string | undefined }): ReportQuery {
  const raw: Record<string, string> = {};
  for (const key of ['view', 'positioning', 'range', 'weight', 'spotChange'] as const) {
    const v = args[key as keyof typeof args];
    if (v !== undefined) raw[key] = String(v);
  }
  const parsed = reportQuerySchema.safeParse(raw);
  if (!parsed.success)
    throw new ToolInputError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

function optionsOf(query: ReportQuery): GexReportOptions {
  const model = query.positioning;
  // the assistant server is given no dealer book or trade tape, so only the two book-free models are served
  if (model === 'positions' || model === 'flow')
    throw new ToolInputError(
      `positioning: ${model} needs a dealer book or trade tape, which gexmap mcp does not take; use classic or customer-long`,
    );
  return {
    view: parseExpiryView(query.view),
    positioning: { model },
    range: query.range / 100,
    profilePoints: DEFAULT_REPORT_OPTIONS.profilePoints,
    weight: query.weight ?? 'oi',
  };
}

function parseMove(value: number | string): number {
  try {
    return parsePercent(String(value), 'move', SPOT_MOVE);
  } catch (e) {
    if (e instanceof QuantityError) throw new ToolInputError(e.message);
    throw e;
  }
}

/** A structured result, with its JSON as text for clients that read only text. */
function result(summary: string, structured: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text: `${summary}\n${JSON.stringify(structured)}` }],
    structuredContent: structured,
  };
}

const usd = (x: number) => `${Math.round(x).toLocaleString('en-US')} USD`;

/**
 * The Model Context Protocol server over the same sources as `serve`: six tools with structured
 * results (units and conventions stated) and the full report of each source as a resource.
 * Not connected: the caller picks the transport (stdio for `gexmap mcp`, in-memory in tests).
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  const { sources } = options;
  const cache = options.cache ?? new ReportCache(coreReportBuilder);
  const server = new McpServer({ name: 'gexmap', version: options.version ?? '0.0.0' }, { instructions: INSTRUCTIONS });

  const reportFor = (source: ChainSource, query: ReportQuery): ServedReport => {
    const entry = cache.get(source, query);
    if (entry === undefined) {
      const s = source.status();
      throw new Error(`source ${source.id} holds no snapshot yet (${s.state}${s.reason ? `: ${s.reason}` : ''})`);
    }
    return entry.report;
  };

  server.registerTool(
    'list_sources',
    {
      title: 'List the served option chains',
      description: `The chains this server maps (recorded files or live venues), with their state, instant and spot. ${CAVEAT}`,
      inputSchema: {},
      outputSchema: sourcesOutput,
      annotations: { readOnlyHint: true },
    },
    () => {
      const answer = sourcesAnswer(sources);
      return result(`${answer.sources.length} source(s): ${answer.sources.map((s) => s.id).join(', ')}`, answer);
    },
  );

  server.registerTool(
    'get_gex_map',
    {
      title: 'GEX map headline',
      description: `Dealer gamma regime, net GEX (USD per 1 % move), gamma flips, call and put walls and max pain per expiry of one chain. ${CAVEAT}`,
      inputSchema: mapInput,
      outputSchema: mapOutput,
      annotations: { readOnlyHint: true },
    },
    (args) => {
      const source = pickSource(sources, args.source);
      const answer = mapAnswer(source.id, reportFor(source, queryOf(args)));
      return result(`${source.id}: ${answer.regime} gamma, net GEX ${usd(answer.netGex)} per 1 % move`, answer);
    },
  );

  server.registerTool(
    'get_levels',
    {
      title: 'Key price levels',
      description: `Every level of the map sorted by price: gamma flips, walls, absolute-gamma strike, max pain, OI clusters, expected moves, each with its distance from spot in percent. ${CAVEAT}`,
      inputSchema: mapInput,
      outputSchema: levelsOutput,
      annotations: { readOnlyHint: true },
    },
    (args) => {
      const source = pickSource(sources, args.source);
      const answer = levelsAnswer(source.id, reportFor(source, queryOf(args)));
      return result(`${source.id}: ${answer.levels.length} levels around spot ${answer.spot}`, answer);
    },
  );

  server.registerTool(
    'get_profile',
    {
      title: 'Net GEX profile over hypothetical spots',
      description: `Net GEX (USD per 1 % move) with every option re-priced at each hypothetical spot over the range, and the gamma flips where it changes sign. ${CAVEAT}`,
      inputSchema: profileInput,
      outputSchema: profileOutput,
      annotations: { readOnlyHint: true },
    },
    (args) => {
      const source = pickSource(sources, args.source);
      const answer = profileAnswer(source.id, reportFor(source, queryOf(args)), args.points ?? DEFAULT_PROFILE_POINTS);
      return result(`${source.id}: net GEX at ${answer.profile.length} spots`, answer);
    },
  );

  server.registerTool(
    'what_if_move',
    {
      title: 'Hedge flow and map after a spot move',
      description: `For a hypothetical spot move in percent: the USD of underlying dealers must buy (+) or sell (−) to stay hedged (exact re-pricing, and the linear gamma estimate), and the GEX map at the moved spot. ${CAVEAT}`,
      inputSchema: moveInput,
      outputSchema: moveOutput,
      annotations: { readOnlyHint: true },
    },
    (args) => {
      const source = pickSource(sources, args.source);
      const move = parseMove(args.move);
      const query = queryOf(args);
      const before = reportFor(source, query);
      const snapshot = source.current()?.snapshot;
      if (!snapshot) throw new Error(`source ${source.id} holds no snapshot yet`);
      const answer = moveAnswer(source.id, before, whatIfMove(snapshot, move / 100, optionsOf(query)));
      const side = answer.hedgeFlowUsd >= 0 ? 'buy' : 'sell';
      return result(
        `${source.id}: spot ${move} % → dealers ${side} ${usd(Math.abs(answer.hedgeFlowUsd))}; regime then ${answer.after.regime}`,
        answer,
      );
    },
  );

  server.registerTool(
    'explain_regime',
    {
      title: 'Regime and the playbook rules',
      description: `The gamma regime and what it means, and each playbook rule (squeeze risk, range backdrop, sell-off acceleration) fired, not fired or lacking data, with the inputs and thresholds that decided it. ${CAVEAT}`,
      inputSchema: regimeInput,
      outputSchema: regimeOutput,
      annotations: { readOnlyHint: true },
    },
    (args) => {
      const source = pickSource(sources, args.source);
      const answer = regimeAnswer(source.id, reportFor(source, queryOf(args)), args.lookback ?? null);
      const fired = answer.rules.filter((r) => r.status === 'fired').map((r) => r.rule);
      return result(
        `${source.id}: ${answer.regime} gamma; rules fired: ${fired.length ? fired.join(', ') : 'none'}`,
        answer,
      );
    },
  );

  server.registerResource(
    'report',
    new ResourceTemplate('gexmap://sources/{source}/report', {
      list: () => ({
        resources: sources.map((s) => ({
          uri: `gexmap://sources/${s.id}/report`,
          name: `${s.id} report`,
          title: `Full GEX report: ${s.label}`,
          mimeType: 'application/json',
        })),
      }),
    }),
    {
      title: 'Full GEX report',
      description: `The whole report of a source as JSON, as gexmap report --json prints it (default options: all expiries, classic positioning, ±20 % range). ${CAVEAT}`,
      mimeType: 'application/json',
    },
    (uri, variables) => {
      const id = String(variables.source);
      const source = pickSource(sources, id);
      const entry = cache.get(source, queryOf({}));
      if (entry === undefined) throw new Error(`source ${source.id} holds no snapshot yet`);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: entry.json }] };
    },
  );

  return server;
}
