/**
 * Core engine benchmark: parse, by-strike GEX, the 1,000-point profile, and the profile with the
 * gamma flips (the plain scan refined by Brent, and the certified search) on both real chains; the
 * SPX download's parse beside the Python peer's plain `csv` loop over the same file, timed in the
 * same run (bench/support/peer_csv_reader.py, skipped without python3), the generic CSV reader
 * on the SPX chain exported one option per row, and the SPX profile beside its vectorised numpy peer
 * (bench/support/peer_profile_numpy.py, skipped without python3 or numpy), checked to give the same
 * profile.
 * `npm run bench` prints a table; `npm run bench -- --json` prints one JSON array of
 * {chain, step, ms, evalsPerSec}. Figures are medians of several runs after a warm-up.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gexByStrike } from '../src/analytics/byStrike.js';
import { certifiedGammaFlips } from '../src/analytics/certifiedFlips.js';
import { gexSurface } from '../src/analytics/gexSurface.js';
import { gexPerOption, gexWeights, netGexAt } from '../src/analytics/gexWeights.js';
import { gexProfile, type ProfileGrid } from '../src/analytics/profile.js';
import { type ColumnarChain, toColumnar } from '../src/chain/columnar.js';
import type { ChainSnapshot } from '../src/chain/types.js';
import { at } from '../src/core/at.js';
import { brentRoot } from '../src/core/brent.js';
import { dealerPositions } from '../src/positioning/models.js';
import { parseCboeCsv } from '../src/sources/cboe/index.js';
import { parseGenericCsv } from '../src/sources/csv/generic.js';
import { parseDeribitChain } from '../src/sources/deribit/index.js';
import { consume, consumeColumn, printSink } from './support/sink.js';

const DATA = resolve(import.meta.dirname, '../../shared/data');
const WARMUP = 5;
const RUNS = 21;

function median(fn: () => void): number {
  for (let i = 0; i < WARMUP; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return at(times, Math.floor(RUNS / 2));
}

interface Row {
  chain: string;
  step:
    | 'parse'
    | 'parsePythonPeer'
    | 'byStrike'
    | 'profile1000'
    | 'profile1000NumpyPeer'
    | 'profileFlips'
    | 'profileCertifiedFlips'
    | 'surface';
  ms: number;
  evalsPerSec: number;
}

/** The flip search before certification: sign changes between grid points, each refined by Brent. */
function scannedFlips(chain: ReturnType<typeof toColumnar>, w: Float64Array, grid: ProfileGrid): number[] {
  const { spots, netGex } = gexProfile(chain, w, grid);
  const flips: number[] = [];
  for (let j = 0; j + 1 < spots.length; j++) {
    if (at(netGex, j) * at(netGex, j + 1) < 0)
      flips.push(brentRoot((s) => netGexAt(chain, w, s), at(spots, j), at(spots, j + 1), { relTol: 1e-12 }));
  }
  return flips;
}

/**
 * The numpy peer's profile of the same chain and grid, timed in its own process: its median in ms,
 * or undefined without python3 or numpy. Throws when its profile is not the same as `ours`
 * (Σ|netGex_j| to 1e-9 relative). BLAS kept to one thread, like the profile here.
 */
function numpyPeerMs(chain: ColumnarChain, w: Float64Array, grid: ProfileGrid, ours: Float64Array): number | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'gexmap-bench-'));
  try {
    const file = join(dir, 'chain.f64');
    const data = new Float64Array(4 + 3 * chain.n);
    data.set([grid.lo, grid.hi, grid.points, chain.n]);
    data.set(w, 4);
    data.set(chain.d1Shift, 4 + chain.n);
    data.set(chain.stdDev, 4 + 2 * chain.n);
    writeFileSync(file, new Uint8Array(data.buffer));
    const script = resolve(import.meta.dirname, 'support/peer_profile_numpy.py');
    const oneThread = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const run = spawnSync('python3', [script, file], { encoding: 'utf8', env: { ...process.env, ...oneThread } });
    if (run.status !== 0) return undefined;
    const peer = JSON.parse(run.stdout) as { ms: number; checksum: number };
    let checksum = 0;
    for (const v of ours) checksum += Math.abs(v);
    if (!(Math.abs(peer.checksum - checksum) <= 1e-9 * checksum))
      throw new Error(`numpy peer's profile checksum (${peer.checksum}) differs from ours (${checksum}) beyond 1e-9`);
    return peer.ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchChain(name: string, parse: () => ChainSnapshot, options: { numpyPeer?: boolean } = {}): Row[] {
  let snapshot = parse();
  const parseMs = median(() => {
    snapshot = parse();
    consume(snapshot.options.length);
  });
  const chain = toColumnar(snapshot, snapshot.options);
  const w = gexWeights(chain, dealerPositions(chain, { model: 'classic' }).q);
  const out = new Float64Array(chain.n);
  const byStrikeMs = median(() => {
    const byStrike = gexByStrike(chain, gexPerOption(chain, w, snapshot.spot, out));
    consumeColumn(byStrike.callGex);
    consumeColumn(byStrike.putGex);
  });
  const grid = { lo: snapshot.spot * 0.8, hi: snapshot.spot * 1.2, points: 1000 };
  const profileMs = median(() => {
    consumeColumn(gexProfile(chain, w, grid).netGex);
  });
  // the two searches alternate run by run, so a busy machine slows both alike
  const flipsMs: number[] = [];
  const certifiedMs: number[] = [];
  for (let r = 0; r < 3; r++) {
    flipsMs.push(median(() => consumeColumn(scannedFlips(chain, w, grid))));
    certifiedMs.push(median(() => consumeColumn(certifiedGammaFlips(chain, w, grid).flips)));
  }
  // the "map over the next month": 200 spots over ±20 % × days 1 to 30
  const surfaceSpec = { spots: { ...grid, points: 200 }, days: Array.from({ length: 30 }, (_, k) => k + 1) };
  const surfaceMs = median(() => {
    for (const row of gexSurface(chain, w, surfaceSpec).netGex) consumeColumn(row);
  });
  const plainMs = Math.min(...flipsMs);
  const certMs = Math.min(...certifiedMs);
  const peerMs = options.numpyPeer ? numpyPeerMs(chain, w, grid, gexProfile(chain, w, grid).netGex) : undefined;
  const peerRows: Row[] =
    peerMs === undefined
      ? []
      : [{ chain: name, step: 'profile1000NumpyPeer', ms: peerMs, evalsPerSec: (chain.n * 1000) / (peerMs / 1000) }];
  return [
    { chain: name, step: 'parse', ms: parseMs, evalsPerSec: chain.n / (parseMs / 1000) },
    { chain: name, step: 'byStrike', ms: byStrikeMs, evalsPerSec: chain.n / (byStrikeMs / 1000) },
    { chain: name, step: 'profile1000', ms: profileMs, evalsPerSec: (chain.n * 1000) / (profileMs / 1000) },
    ...peerRows,
    { chain: name, step: 'profileFlips', ms: plainMs, evalsPerSec: (chain.n * 1000) / (plainMs / 1000) },
    { chain: name, step: 'profileCertifiedFlips', ms: certMs, evalsPerSec: (chain.n * 1000) / (certMs / 1000) },
    { chain: name, step: 'surface', ms: surfaceMs, evalsPerSec: (chain.n * 200 * 30) / (surfaceMs / 1000) },
  ];
}

const cboeFile = resolve(DATA, 'cboe-spx-2022-12-12/spx_quotedata.csv');
const cboeText = readFileSync(cboeFile, 'utf8');
const deribitDir = resolve(DATA, 'deribit-btc-2025-11-19');
const instruments = JSON.parse(readFileSync(resolve(deribitDir, 'get_instruments.json'), 'utf8'));
const summaries = JSON.parse(readFileSync(resolve(deribitDir, 'get_book_summary_by_currency.json'), 'utf8'));

const rows = [
  ...benchChain('cboe-spx-2022-12-12', () => parseCboeCsv(cboeText, { source: 'spx_quotedata.csv' }), {
    numpyPeer: true,
  }),
  ...benchChain('deribit-btc-2025-11-19', () => parseDeribitChain({ instruments, summaries, source: deribitDir })),
];

/** The Python peer's reader on the SPX file, its own median in ms; undefined without python3. */
function pythonPeerMs(): number | undefined {
  const script = resolve(import.meta.dirname, 'support/peer_csv_reader.py');
  const run = spawnSync('python3', [script, cboeFile], { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  return Number(run.stdout.trim());
}

/** The SPX chain exported one option per row, as a desk's CSV would hold it, and its mapping. */
function genericSpx(): { text: string; mapping: unknown; options: number } {
  const spx = parseCboeCsv(cboeText, { source: 'spx_quotedata.csv' });
  const header = 'symbol,expiry_ms,strike,cp,oi,iv,forward,multiplier';
  const rows = spx.options.map((o) =>
    [o.instrument, o.expiry, o.strike, o.type, o.openInterest, o.iv, o.forward, o.multiplier].join(','),
  );
  const mapping = {
    venue: 'cboe',
    underlying: 'SPX',
    asOf: new Date(spx.asOf).toISOString(),
    spot: spx.spot,
    model: 'bsm',
    columns: {
      instrument: 'symbol',
      expiry: 'expiry_ms',
      strike: 'strike',
      type: 'cp',
      openInterest: 'oi',
      iv: 'iv',
      forward: 'forward',
      multiplier: 'multiplier',
    },
    expiry: { format: 'epoch-ms' },
    ivUnit: 'decimal',
  };
  return { text: `${[header, ...rows].join('\n')}\n`, mapping, options: rows.length };
}

const generic = genericSpx();
const genericMs = median(() => {
  consume(parseGenericCsv(generic.text, generic.mapping, { source: 'spx.csv' }).options.length);
});
rows.push({
  chain: 'cboe-spx-2022-12-12 as generic csv',
  step: 'parse',
  ms: genericMs,
  evalsPerSec: generic.options / (genericMs / 1000),
});
const peerMs = pythonPeerMs();
if (peerMs !== undefined)
  rows.push({ chain: 'cboe-spx-2022-12-12', step: 'parsePythonPeer', ms: peerMs, evalsPerSec: 0 });

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows));
} else {
  console.log(
    'chain                              step                   median ms   evaluations/s  (options × points / s)',
  );
  for (const r of rows) {
    console.log(
      `${r.chain.padEnd(34)} ${r.step.padEnd(22)} ${r.ms.toFixed(3).padStart(10)} ${r.evalsPerSec.toExponential(3).padStart(14)}`,
    );
  }
  for (const chain of new Set(rows.filter((r) => r.step === 'profileFlips').map((r) => r.chain))) {
    const ms = (step: Row['step']) => rows.find((r) => r.chain === chain && r.step === step)?.ms ?? Number.NaN;
    console.log(
      `${chain}: certified flips ${(ms('profileCertifiedFlips') / ms('profileFlips')).toFixed(2)}× the scanned flips (profile included; target ≤ 1.3×)`,
    );
  }
  const spxMs = (step: Row['step']) => rows.find((r) => r.chain === 'cboe-spx-2022-12-12' && r.step === step)?.ms;
  const numpyMs = spxMs('profile1000NumpyPeer');
  const profileMs = spxMs('profile1000') ?? Number.NaN;
  console.log(
    numpyMs === undefined
      ? 'SPX profile: no python3 with numpy, so no numpy peer figure'
      : `SPX profile1000 ${profileMs.toFixed(1)} ms: ${(numpyMs / profileMs).toFixed(2)}× faster than the vectorised numpy peer (${numpyMs.toFixed(1)} ms, same profile to 1e-9; target ≥ 3×)`,
  );
  console.log(
    `SPX surface ${(spxMs('surface') ?? Number.NaN).toFixed(1)} ms: ${((spxMs('surface') ?? Number.NaN) / profileMs).toFixed(2)}× profile1000 in this run (target < 50 ms)`,
  );
  const spxParse = rows.find((r) => r.chain === 'cboe-spx-2022-12-12' && r.step === 'parse')?.ms ?? Number.NaN;
  console.log(
    peerMs === undefined
      ? 'SPX parse: no python3, so no Python peer figure'
      : `SPX parse ${spxParse.toFixed(1)} ms: ${(peerMs / spxParse).toFixed(2)}× faster than the Python peer's csv loop (${peerMs.toFixed(1)} ms; target ≥ 3×)`,
  );
  console.log(
    `(${RUNS} runs after ${WARMUP} warm-up runs; profile over ±20 % of spot, 1,000 log-spaced points; surface 200 spots × 30 days, target < 50 ms on SPX)`,
  );
}
printSink();
