import { beforeAll, describe, expect, it } from 'vitest';
import { buildFullReport, type FullReport } from '../../src/analytics/fullReport.js';
import { runCli } from '../../src/cli/main.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

/** One CSV row's cells, quoted cells unquoted ("" read as "). */
function csvCells(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let j = 0; j < row.length; j++) {
    const ch = row[j]!;
    if (quoted && ch === '"' && row[j + 1] === '"') {
      cell += '"';
      j++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  return [...cells, cell];
}

let report: FullReport;
beforeAll(async () => {
  report = buildFullReport(await readCboeFile(CBOE_SPX_FILE));
});

const levels = (format: string, ...more: string[]) =>
  run(['levels', '--cboe', CBOE_SPX_FILE, '--format', format, ...more]);

describe('gexmap levels on the CBOE SPX file', () => {
  it('prints every key level as JSON, sorted by price, each at distancePct = 100 × (price / spot − 1)', async () => {
    const { code, stdout } = await levels('json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ venue: 'cboe', underlying: 'SPX', spot: 3990.5601, positioning: 'classic' });
    expect(doc.conventions.keyLevels).toContain('sorted by price');
    const kinds = new Set(doc.keyLevels.map((l: { kind: string }) => l.kind));
    for (const kind of ['gamma-flip', 'call-wall', 'put-wall', 'abs-gamma', 'max-pain', 'oi-cluster', 'expected-move'])
      expect(kinds, kind).toContain(kind);
    expect(doc.keyLevels).toEqual(report.keyLevels);
    const prices = doc.keyLevels.map((l: { price: number }) => l.price);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    for (const l of doc.keyLevels) expect(l.distancePct).toBe(100 * (l.price / doc.spot - 1));
    for (const flip of report.gammaFlips)
      expect(doc.keyLevels).toContainEqual(expect.objectContaining({ kind: 'gamma-flip', price: flip }));
    expect(doc.keyLevels).toContainEqual(expect.objectContaining({ kind: 'call-wall', price: report.callWall }));
    expect(doc.keyLevels).toContainEqual(expect.objectContaining({ kind: 'put-wall', price: report.putWall }));
  });

  it('prints one CSV row per level, with every digit of price and distance', async () => {
    const { code, stdout } = await levels('csv');
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split('\n');
    expect(header).toBe('kind,price,distancePct,label,expiry,value');
    expect(rows).toHaveLength(report.keyLevels.length);
    rows.forEach((row, j) => {
      const l = report.keyLevels[j]!;
      const cells = csvCells(row);
      expect(cells).toHaveLength(6);
      expect(cells[0]).toBe(l.kind);
      expect(Number(cells[1])).toBe(l.price);
      expect(Number(cells[2])).toBe(l.distancePct);
      expect(cells[3]).toBe(l.label);
      expect(cells[4]).toBe(l.expiry ?? '');
      expect(cells[5]).toBe(l.value === undefined ? '' : String(l.value));
    });
  });

  it('prints a table from the highest level down with spot in its place', async () => {
    const { code, stdout } = await levels('table');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toContain('gexmap levels · cboe SPX');
    const spotLine = lines.findIndex((l) => l.trim() === 'spot 3,990.56');
    expect(spotLine).toBeGreaterThan(1);
    expect(lines[spotLine - 1]).toMatch(/^ *4,000\.00 +\+0\.24 % +oi-cluster +OI cluster \(mixed\)$/);
    expect(lines[spotLine + 1]).toMatch(
      /^ *3,990\.00 +−0\.01 % +call-wall +Call wall of the next expiry 2022-12-13 21:00Z$/,
    );
    expect(stdout).toContain('caveat:');
  });

  it('prints a Pine v6 indicator with one hline per level', async () => {
    const { code, stdout } = await levels('pine');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('//@version=6');
    expect(lines.filter((l) => l.startsWith('indicator('))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('hline('))).toHaveLength(report.keyLevels.length);
  });

  it('refuses an unknown format with the choices named', async () => {
    const { code, stderr } = await levels('xml');
    expect(code).toBe(2);
    expect(stderr).toMatch(/Allowed choices are table, csv, json, pine/);
  });

  it('keeps to the expiry view and the pin window it is given', async () => {
    const { stdout } = await levels('json', '--expiries', 'next', '--pin-days', '1');
    const doc = JSON.parse(stdout);
    const pains = doc.keyLevels.filter((l: { kind: string }) => l.kind === 'max-pain');
    expect(pains.map((l: { expiry: string }) => l.expiry)).toEqual(['2022-12-13T21:00:00.000Z']);
    expect(doc.conventions.keyLevels).toContain('1 days of asOf');
  });
});
