import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFullReport } from '../../src/analytics/fullReport.js';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { whatIfMove } from '../../src/analytics/whatIfMove.js';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';
import { ensureBuilt, PROJECT_DIR } from '../support/builtPackage.js';

const exec = promisify(execFile);

/** A command, failing with what it printed (tsc writes its errors to stdout). */
async function run(file: string, args: string[], options: { cwd: string; maxBuffer?: number }) {
  try {
    return await exec(file, args, options);
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
const TSC = join(PROJECT_DIR, 'node_modules/typescript/bin/tsc');

/** The README's library examples, by the entry point each is marked with (`<!-- doc-test: gexmap -->`). */
function readmeExamples(): Map<string, string> {
  const readme = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
  const out = new Map<string, string>();
  for (const m of readme.matchAll(/<!-- doc-test: (\S+) -->\n```ts\n([\s\S]*?)```/g)) out.set(m[1]!, m[2]!);
  return out;
}

/** A consumer's compiler options: strict, every declaration file checked. */
function tsconfig(file: string, types: string[], lib: string[]) {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib,
      types,
      strict: true,
      skipLibCheck: false,
      outDir: 'out',
    },
    files: [file],
  });
}

let dir: string;
let consumer: string;
let packed: { files: { path: string }[] };
const examples = readmeExamples();

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'gexmap-pack-'));
  // --ignore-scripts: dist was just built; `prepare` would also build the dashboard
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: PROJECT_DIR,
  });
  packed = JSON.parse(stdout)[0];
  const tarball = join(dir, (packed as unknown as { filename: string }).filename);
  // Offline install: the tarball unpacked as node_modules/gexmap, its dependencies reachable through
  // the project's own node_modules (what `npm install` would put beside it).
  consumer = join(dir, 'consumer');
  const installed = join(consumer, 'node_modules/gexmap');
  mkdirSync(installed, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], { cwd: dir });
  symlinkSync(join(PROJECT_DIR, 'node_modules'), join(installed, 'node_modules'));
  symlinkSync(join(PROJECT_DIR, 'node_modules/@types'), join(consumer, 'node_modules/@types'));
  symlinkSync(CBOE_SPX_FILE, join(consumer, 'spx_quotedata.csv'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(consumer, 'analytics.ts'), examples.get('gexmap/analytics') ?? '');
  writeFileSync(join(consumer, 'main.ts'), examples.get('gexmap') ?? '');
  writeFileSync(join(consumer, 'tsconfig.analytics.json'), tsconfig('analytics.ts', [], ['ES2023']));
  writeFileSync(join(consumer, 'tsconfig.main.json'), tsconfig('main.ts', ['node'], ['ES2023', 'DOM']));
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed library in a clean consumer', () => {
  it('the README has one worked example per entry point', () => {
    expect([...examples.keys()].sort()).toEqual(['gexmap', 'gexmap/analytics']);
  });

  it('the tarball holds both entry points, the CLI, the licence and the bundled font with its licence', () => {
    const paths = packed.files.map((f) => f.path);
    for (const p of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/analytics/index.js',
      'dist/analytics/index.d.ts',
      'dist/mcp/server.js',
      'bin/gexmap.js',
      'LICENSE',
      'assets/fonts/DejaVuSans.ttf',
      'assets/fonts/LICENSE',
    ])
      expect(paths).toContain(p);
    expect(paths.filter((p) => p.endsWith('.test.js'))).toEqual([]);
  });

  it('gexmap/analytics compiles without Node types (types: [], skipLibCheck: false) and its README example runs', async () => {
    await run(process.execPath, [TSC, '-p', 'tsconfig.analytics.json'], { cwd: consumer });
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('./out/analytics.js'); console.log(JSON.stringify({ snapshot: m.snapshot, netGex: m.map.netGex, flips: m.map.gammaFlips, flow: m.fall.hedgeFlowUsd, summary: m.summary }));",
      ],
      { cwd: consumer },
    );
    const got = JSON.parse(stdout) as {
      snapshot: ChainSnapshot;
      netGex: number;
      flips: number[];
      flow: number;
      summary: string;
    };
    const expected = buildGexReport(got.snapshot, { positioning: { model: 'classic' }, range: 0.2 });
    expect(got.netGex).toBe(expected.netGex);
    expect(got.flips).toEqual(expected.gammaFlips);
    expect(got.flow).toBe(whatIfMove(got.snapshot, -0.05).hedgeFlowUsd);
    expect(got.summary).toMatch(/^(positive|negative) gamma, net GEX -?\d+ USD per 1 %/);
  });

  it('gexmap compiles with skipLibCheck: false and its README example runs on the SPX download', async () => {
    await run(process.execPath, [TSC, '-p', 'tsconfig.main.json'], { cwd: consumer });
    const { stdout } = await run(process.execPath, ['out/main.js'], { cwd: consumer, maxBuffer: 16 * 1024 * 1024 });
    const report = buildFullReport(await readCboeFile(CBOE_SPX_FILE));
    expect(stdout).toContain('Net GEX at spot');
    expect(stdout).toContain(
      `${report.keyLevels.length} key levels; net GEX ${report.netGex.toFixed(0)} USD per 1 % move`,
    );
    const png = readFileSync(join(consumer, 'spx.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  }, 300_000);
});
