/**
 * Evidence benchmark (never timed inside tests): `gexmap import` of a folder of daily SPX-size CBOE
 * downloads, then `gexmap study` over them against the real SPX daily OHLC, both run in process
 * through the CLI as a user runs them. The chains are the real 2023-04-05 download with every date
 * (title line, Expiration Date, option symbols) shifted by whole days, one chain a day from
 * 2017-01-03; writing the files is not timed. Targets: import ≥ 20 chains/s, study < 2 s.
 * `npm run bench:study` prints the figures (`-- --chains 200` for a shorter run, `-- --json` as JSON).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../src/cli/main.js';
import { consume } from './support/sink.js';

const root = resolve(import.meta.dirname, '..');
const history = resolve(root, '../shared/data/cboe-spx-history');
const json = process.argv.includes('--json');
const chainsArg = process.argv.indexOf('--chains');
const CHAINS = chainsArg > 0 ? Number(process.argv[chainsArg + 1]) : 1000;
if (!Number.isInteger(CHAINS) || CHAINS < 1) throw new RangeError('--chains takes a whole number ≥ 1');

const DAY = 86_400_000;
const BASE = Date.UTC(2023, 3, 5);
const FIRST = Date.UTC(2017, 0, 3);
const baseText = readFileSync(join(history, 'spx_quotedata_2023-04-05_1941ET.csv'), 'utf8');
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const pad = (n: number) => String(n).padStart(2, '0');

/** The download with every date moved by `shift` ms (whole days). */
function shifted(shift: number): string {
  const expiry = new Map<string, { text: string; yymmdd: string }>();
  const moved = (text: string) => {
    let m = expiry.get(text);
    if (m === undefined) {
      const d = new Date(Date.parse(`${text} UTC`) + shift);
      m = {
        text: `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${d.getUTCFullYear()}`,
        yymmdd: `${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`,
      };
      expiry.set(text, m);
    }
    return m;
  };
  const day = new Date(BASE + shift);
  const lines = baseText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('Date: ')) {
      lines[i] = line.replace(
        /^Date: [^,]+, [^,]+/,
        `Date: ${day.getUTCDate()} ${LONG_MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}, 19:41 UTC−4`,
      );
      continue;
    }
    const comma = line.indexOf(',');
    const first = line.slice(0, comma);
    if (!/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{4}$/.test(first)) continue;
    const m = moved(first);
    lines[i] = m.text + line.slice(comma).replace(/,([A-Z]+)\d{6}([CP]\d{8}),/g, `,$1${m.yymmdd}$2,`);
  }
  return lines.join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'gexmap-bench-study-'));
const chains = join(dir, 'chains');
mkdirSync(chains);
const figures: { step: string; chains: number; ms: number; rate: string; target: string }[] = [];
try {
  for (let k = 0; k < CHAINS; k++) {
    const shift = FIRST + k * DAY - BASE;
    writeFileSync(join(chains, `spx_${new Date(BASE + shift).toISOString().slice(0, 10)}.csv`), shifted(shift));
  }
  const db = join(dir, 'study.duckdb');
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), color: false };
  const cli = async (args: string[]) => {
    out = '';
    err = '';
    const t = performance.now();
    const code = await runCli(args, io);
    const ms = performance.now() - t;
    if (code !== 0) throw new Error(`gexmap ${args[0]} exited ${code}: ${err.trim() || out.trim()}`);
    return ms;
  };

  const importMs = await cli(['import', '--db', db, '--cboe', chains, '--json']);
  const imported = JSON.parse(out) as { stored: number };
  consume(imported.stored);
  figures.push({
    step: `gexmap import ${CHAINS} daily SPX chains (parse, summary, write)`,
    chains: imported.stored,
    ms: importMs,
    rate: `${(imported.stored / (importMs / 1000)).toFixed(1)} chains/s`,
    target: '≥ 20 chains/s',
  });
  const studyMs = await cli(['study', '--db', db, '--prices', join(history, 'spx_daily_ohlc.csv'), '--json']);
  const study = JSON.parse(out) as { evaluated: number; byRegime: { count: number }[] };
  consume(study.evaluated);
  figures.push({
    step: `gexmap study over ${study.evaluated} sessions (pinning from the stored levels)`,
    chains: study.evaluated,
    ms: studyMs,
    rate: `${(study.evaluated / (studyMs / 1000)).toFixed(1)} chains/s`,
    target: '< 2000 ms',
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (json) console.log(JSON.stringify(figures));
else
  for (const f of figures)
    console.log(`${f.step.padEnd(64)} ${f.ms.toFixed(0).padStart(8)} ms  ${f.rate.padStart(16)}  target ${f.target}`);
