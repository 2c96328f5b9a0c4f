import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFullReport } from '../../src/analytics/fullReport.js';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { hedgeFlowCurve } from '../../src/analytics/mechanics/hedgeFlow.js';
import { positionedView } from '../../src/analytics/positionedView.js';
import { movedSnapshot } from '../../src/analytics/whatIfMove.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { createMcpServer } from '../../src/mcp/server.js';
import { StaticSource } from '../../src/server/sources.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

let spx: ChainSnapshot;
let btc: ChainSnapshot;

async function connected(sources: StaticSource[]) {
  const server = createMcpServer({ sources, version: '0.1.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return { client, close: () => client.close() };
}

let one: Awaited<ReturnType<typeof connected>>;
let two: Awaited<ReturnType<typeof connected>>;

beforeAll(async () => {
  spx = await readCboeFile(CBOE_SPX_FILE);
  btc = await readDeribitDir(DERIBIT_BTC_DIR);
  one = await connected([new StaticSource('cboe-spx', 'CBOE SPX (recorded)', spx)]);
  two = await connected([
    new StaticSource('cboe-spx', 'CBOE SPX (recorded)', spx),
    new StaticSource('deribit-btc', 'Deribit BTC (recorded)', btc),
  ]);
});
afterAll(async () => {
  await one.close();
  await two.close();
});

async function call(c: Client, name: string, args: Record<string, unknown> = {}) {
  const r = (await c.callTool({ name, arguments: args })) as CallToolResult;
  return r;
}

function structured(r: CallToolResult): Record<string, unknown> {
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return r.structuredContent as Record<string, unknown>;
}

function errorText(r: CallToolResult): string {
  expect(r.isError).toBe(true);
  return (r.content as { type: string; text: string }[]).map((c) => c.text).join('\n');
}

describe('the MCP server over an in-memory transport', () => {
  it('lists the six tools, each with an input and an output schema and the mechanics-not-signals framing', async () => {
    const { tools } = await one.client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual([
      'explain_regime',
      'get_gex_map',
      'get_levels',
      'get_profile',
      'list_sources',
      'what_if_move',
    ]);
    for (const t of tools) {
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema?.type).toBe('object');
      expect(t.description).toMatch(/not a trading signal/i);
    }
  });

  it('list_sources names every source with its state, instant and spot', async () => {
    const s = structured(await call(two.client, 'list_sources'));
    expect(s.sources).toEqual([
      expect.objectContaining({ id: 'cboe-spx', state: 'ok', kind: 'recorded', spot: spx.spot, underlying: 'SPX' }),
      expect.objectContaining({ id: 'deribit-btc', state: 'ok', spot: btc.spot, underlying: 'BTC' }),
    ]);
  });

  it('get_gex_map gives the headline of the full report, with its units, for the only source when none is named', async () => {
    const report = buildFullReport(spx);
    const s = structured(await call(one.client, 'get_gex_map'));
    expect(s).toMatchObject({
      source: 'cboe-spx',
      underlying: 'SPX',
      regime: report.regime,
      netGex: report.netGex,
      gammaFlips: report.gammaFlips,
      callWall: report.callWall,
      putWall: report.putWall,
      flipsCertified: true,
    });
    expect((s.maxPain as unknown[]).length).toBe(report.maxPain.length);
    expect((s.units as Record<string, string>).netGex).toMatch(/USD .* per 1 % move/);
    expect((s.conventions as Record<string, string>).positioning).toMatch(/^classic/);
  });

  it('get_gex_map reads the options in the CLI units: view, positioning and range in percent', async () => {
    const expected = buildGexReport(btc, {
      view: { kind: 'next' },
      positioning: { model: 'customer-long' },
      range: 0.3,
    });
    const s = structured(
      await call(two.client, 'get_gex_map', {
        source: 'deribit-btc',
        view: 'next',
        positioning: 'customer-long',
        range: '30%',
      }),
    );
    expect(s.netGex).toBe(expected.netGex);
    expect(s.gammaFlips).toEqual(expected.gammaFlips);
    expect(s.positioning).toBe('customer-long');
  });

  it('get_levels returns the report key levels, sorted by price', async () => {
    const report = buildFullReport(spx);
    const s = structured(await call(one.client, 'get_levels'));
    const levels = s.levels as { kind: string; price: number }[];
    expect(levels.map((l) => [l.kind, l.price])).toEqual(report.keyLevels.map((l) => [l.kind, l.price]));
    expect(levels.map((l) => l.price)).toEqual([...levels.map((l) => l.price)].sort((a, b) => a - b));
  });

  it('get_profile picks evenly from the scan, both ends kept', async () => {
    const report = buildFullReport(spx);
    const s = structured(await call(one.client, 'get_profile', { points: 5 }));
    const profile = s.profile as { spot: number; netGex: number }[];
    expect(profile).toHaveLength(5);
    expect(profile[0]).toEqual({ spot: report.profile.spots[0], netGex: report.profile.netGex[0] });
    expect(profile[4]).toEqual({ spot: report.profile.spots.at(-1), netGex: report.profile.netGex.at(-1) });
    expect(profile[2]?.spot).toBe(report.profile.spots[Math.round(999 / 2)]);
  });

  it('what_if_move gives the exact hedge flow of the move and the map rebuilt at the moved spot', async () => {
    const s = structured(await call(one.client, 'what_if_move', { move: '-5%' }));
    const positioned = positionedView(spx, { view: { kind: 'all' }, positioning: { model: 'classic' } });
    const curve = hedgeFlowCurve(positioned.chain, positioned.q, { range: 0.05, points: 3 });
    const after = buildGexReport(movedSnapshot(spx, -0.05));
    expect(s.movePct).toBe(-5);
    expect(s.spotAfter).toBeCloseTo(spx.spot * 0.95, 9);
    expect(s.hedgeFlowUsd).toBe(curve.flowUsd[0]);
    expect((s.after as { netGex: number }).netGex).toBe(after.netGex);
    expect((s.before as { netGex: number }).netGex).toBe(buildGexReport(spx).netGex);
    // short gamma: a fall makes dealers sell
    expect(s.hedgeFlowUsd).toBeLessThan(0);
  });

  it('the hedge flow of a 5 % move sits on the report curve at +5 %', async () => {
    const report = buildFullReport(spx);
    const at = report.hedgeFlow.movesPct.indexOf(5);
    const s = structured(await call(one.client, 'what_if_move', { move: 5 }));
    expect(s.hedgeFlowUsd as number).toBeCloseTo(report.hedgeFlow.flowUsd[at] ?? Number.NaN, 3);
  });

  it('explain_regime gives the three playbook rules with their inputs, the price change read in percent', async () => {
    const report = buildFullReport(spx, { spotChangePct: 2 });
    const s = structured(await call(one.client, 'explain_regime', { spotChange: '2%', lookback: '24h' }));
    expect(s.regime).toBe(report.regime);
    expect(s.lookback).toBe('24h');
    const rules = s.rules as { rule: string; status: string; inputs: Record<string, number | null> }[];
    expect(rules.map((r) => [r.rule, r.status])).toEqual(report.playbook.rules.map((r) => [r.rule, r.status]));
    expect(rules[0]?.inputs.spotChangePct).toBe(2);
    expect(s.caveat).toMatch(/not a trading signal/i);
  });

  it('serves the full report JSON of each source as a resource', async () => {
    const { resources } = await two.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual([
      'gexmap://sources/cboe-spx/report',
      'gexmap://sources/deribit-btc/report',
    ]);
    const read = await two.client.readResource({ uri: 'gexmap://sources/deribit-btc/report' });
    const first = read.contents[0] as { text: string; mimeType: string };
    expect(first.mimeType).toBe('application/json');
    expect(JSON.parse(first.text).netGex).toBe(buildFullReport(btc).netGex);
  });
});

describe('bad input to the MCP tools', () => {
  it.each([
    ['get_gex_map', { range: 'wide' }, /range/],
    ['get_gex_map', { range: 150 }, /range/],
    ['get_gex_map', { view: 'soon' }, /view/],
    ['get_levels', { positioning: 'dealer-long' }, /positioning/],
    ['get_profile', { points: 1 }, /points/],
    ['what_if_move', {}, /move/],
    ['what_if_move', { move: '0' }, /move 0/],
    ['what_if_move', { move: '-120%' }, /move/],
    ['explain_regime', { spotChange: 'up' }, /spotChange/],
  ])('%s with %j is a tool error naming the field', async (tool, args, field) => {
    expect(errorText(await call(one.client, tool, args))).toMatch(field);
  });

  it('with several sources served, a call naming none or an unknown one is a tool error listing them', async () => {
    expect(errorText(await call(two.client, 'get_gex_map'))).toMatch(
      /source: 2 sources are served \(cboe-spx, deribit-btc\)/,
    );
    expect(errorText(await call(two.client, 'get_levels', { source: 'okx-eth' }))).toMatch(
      /source: unknown source "okx-eth"; served: cboe-spx, deribit-btc/,
    );
  });

  it('the server keeps answering after refusals', async () => {
    await call(one.client, 'get_gex_map', { range: 'wide' });
    expect(structured(await call(one.client, 'get_gex_map')).source).toBe('cboe-spx');
  });
});
