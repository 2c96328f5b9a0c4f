import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { type Listening, listen } from '../../src/server/listen.js';
import { reportQuerySchema } from '../../src/server/query.js';
import { coreReportBuilder } from '../../src/server/reportCache.js';
import { StaticSource } from '../../src/server/sources.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

const run = promisify(execFile);

/** A consumer's program: plain fetch, typed only by the client generated from the document. */
const PROGRAM = `
import type { components, paths } from './api.js';

type ReportOp = paths['/api/sources/{id}/report']['get'];
type Query = NonNullable<ReportOp['parameters']['query']>;
type Report = ReportOp['responses'][200]['content']['application/json'];
type Sources = paths['/api/sources']['get']['responses'][200]['content']['application/json'];
type ApiError = components['schemas']['Error'];

const base = process.argv[2] ?? '';

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(base + path);
  if (!res.ok) throw new Error(((await res.json()) as ApiError).error);
  return (await res.json()) as T;
}

function report(id: string, query: Query): Promise<Report> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) params.append(name, String(v));
  }
  return getJson<Report>('/api/sources/' + id + '/report?' + params.toString());
}

const sources = await getJson<Sources>('/api/sources');
const ids: string[] = sources.map((s) => s.id);
const spx = await report('cboe-spx', { expiries: 'all', positioning: 'classic', range: '10' });
const btc = await report('deribit-btc', { expiries: 'next', threshold: ['rangeReachPct=2'] });
const netGex: number = spx.netGex;
const regime: 'positive' | 'negative' = spx.regime;
const callWall: number | null = spx.callWall;
const flips: number[] = spx.gammaFlips;
const firstLevel: components['schemas']['KeyLevel'] | undefined = spx.keyLevels[0];
const strikes: number = spx.byStrike.length;
// @ts-expect-error the report has no such field: the client is typed, not any
spx.gammaBands;
console.log(JSON.stringify({
  ids,
  netGex,
  regime,
  callWall,
  flips,
  firstKind: firstLevel?.kind ?? null,
  strikes,
  btcExpiries: btc.counts.expiries,
  btcView: btc.view.kind,
}));
`;

let server: Listening;
let dir: string;
const reports = {} as Record<'spx' | 'btc', ReturnType<typeof coreReportBuilder>>;

beforeAll(async () => {
  const [btc, spx] = await Promise.all([readDeribitDir(DERIBIT_BTC_DIR), readCboeFile(CBOE_SPX_FILE)]);
  reports.spx = coreReportBuilder(spx, reportQuerySchema.parse({ range: '10' }));
  reports.btc = coreReportBuilder(btc, reportQuerySchema.parse({ expiries: 'next', threshold: 'rangeReachPct=2' }));
  const app = createApp({
    sources: [new StaticSource('cboe-spx', 'CBOE SPX', spx), new StaticSource('deribit-btc', 'Deribit BTC', btc)],
    checkAnswers: true,
  });
  server = await listen(app, { port: 0, host: '127.0.0.1' });
  dir = mkdtempSync(join(tmpdir(), 'gexmap-client-'));
});

afterAll(async () => {
  await server?.close();
});

describe('a TypeScript client generated from GET /api/openapi.json', () => {
  it('compiles a fetch program under strict tsc and reads the typed fields of the real SPX and BTC reports', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    writeFileSync(join(dir, 'api.d.ts'), astToString(await openapiTS(doc)));
    writeFileSync(join(dir, 'main.mts'), PROGRAM);

    const program = ts.createProgram([join(dir, 'main.mts')], {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      typeRoots: [resolve('node_modules/@types')],
      outDir: dir,
    });
    const emitted = program.emit();
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) =>
      ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    );
    expect(diagnostics).toEqual([]);
    expect(readFileSync(join(dir, 'api.d.ts'), 'utf8')).toContain('netGex: number;');

    const { stdout } = await run(process.execPath, [join(dir, 'main.mjs'), server.url]);
    const out = JSON.parse(stdout);
    expect(out.ids).toEqual(['cboe-spx', 'deribit-btc']);
    expect(out.netGex).toBe(reports.spx.netGex);
    expect(out.regime).toBe(reports.spx.regime);
    expect(out.callWall).toBe(reports.spx.callWall);
    expect(out.flips).toEqual(reports.spx.gammaFlips);
    expect(out.firstKind).toBe(reports.spx.keyLevels[0]?.kind);
    expect(out.strikes).toBe(reports.spx.byStrike.length);
    expect(out.btcExpiries).toBe(1);
    expect(out.btcView).toBe('next');
  }, 180_000);
});
