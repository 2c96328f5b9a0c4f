import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { reportQuerySchema } from '../../src/server/query.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

// A chain file that does not exist: a flag the parsers accept gets as far as reading it (exit 1),
// a flag they refuse stops the command before (exit 2).
const NO_FILE = ['report', '--cboe', '/nonexistent/gexmap.csv'];

describe('the unit rule on the command line', () => {
  it.each([
    [[...NO_FILE, '--rate', '4'], 'gexmap: --rate 4 would be 400 %: write 4% or 0.04\n'],
    [[...NO_FILE, '--rate', '1e308'], 'gexmap: --rate 1e308 is outside −50 % … 50 %: write e.g. 4% or 0.04\n'],
    [[...NO_FILE, '--yield', '2'], 'gexmap: --yield 2 would be 200 %: write 2% or 0.02\n'],
    [[...NO_FILE, '--range', '1e-320'], 'gexmap: --range 1e-320 is outside 0.1 … 99 (percent of spot)\n'],
    [[...NO_FILE, '--range', '0x10'], 'gexmap: --range 0x10 is not a percentage: write e.g. 20 or 20%\n'],
    [[...NO_FILE, '--range', 'Infinity'], 'gexmap: --range Infinity is not a percentage: write e.g. 20 or 20%\n'],
    [[...NO_FILE, '--pin-band', '0'], 'gexmap: --pin-band 0 is outside 0.1 … 99 (percent of spot)\n'],
    [[...NO_FILE, '--flow-range', '100%'], 'gexmap: --flow-range 100% is outside 0.1 … 99 (percent of spot)\n'],
    [
      [...NO_FILE, '--spot-change', '-100'],
      'gexmap: --spot-change -100 is outside -99.99 … 1000 (percent price change)\n',
    ],
    [[...NO_FILE, '--rows', '0x10'], 'gexmap: --rows 0x10 must be an integer of at least 1\n'],
    [
      [...NO_FILE, '--pin-days', '1e400'],
      'gexmap: --pin-days 1e400 must be a number of days above 0 and at most 3660, e.g. 7 or 7d\n',
    ],
    [[...NO_FILE, '--threshold', 'rangeReachPct=0x1'], 'gexmap: --threshold rangeReachPct 0x1 is not a number\n'],
    [[...NO_FILE, '--expiries', '0d'], 'gexmap: --expiries 0d must be from 0 (excluded) to 36600 days, like 7d\n'],
    [
      [...NO_FILE, '--range', '20\u001b[2J'],
      'gexmap: --range 20\\u001b[2J is not a percentage: write e.g. 20 or 20%\n',
    ],
    [
      [...NO_FILE, '--as-of', '1e20'],
      'gexmap: --as-of "1e20" is not an ISO instant with a zone, e.g. 2023-04-05T19:41-04:00 or 2023-04-05T23:41Z\n',
    ],
    [
      [...NO_FILE, '--as-of', '1980-01-01T00:00Z'],
      'gexmap: --as-of "1980-01-01T00:00Z": year 1980 is outside 1990–2100\n',
    ],
    [['record', '--every', '0x10s'], 'gexmap: --every 0x10s is not a duration: write e.g. 60s, 5m, 1h or 3d\n'],
    [['record', '--every', '8d'], 'gexmap: --every 8d is outside 100ms … 168h\n'],
    [['backtest', '--horizon', '1e-320h'], 'gexmap: --horizon 1e-320h is outside 60s … 8784h\n'],
    [
      ['import-tardis', 'x.csv', '--interval', 'Infinity'],
      'gexmap: --interval Infinity is not a duration: write e.g. 60s, 5m, 1h or 3d\n',
    ],
    [
      ['watch', '--venue', 'deribit', '--currency', 'BTC', '--range', '150'],
      'gexmap: --range 150 is outside 0.1 … 99 (percent of spot)\n',
    ],
    [
      ['watch', '--venue', 'deribit', '--currency', 'BTC', '--refresh', '0x1f4'],
      'gexmap: --refresh 0x1f4 must be a number from 0 to 60000 (ms)\n',
    ],
    [['serve', '--port', '0x50'], 'gexmap: --port 0x50 must be an integer from 0 to 65535\n'],
    [['serve', '--poll-seconds', ''], 'gexmap: --poll-seconds "" must be a number from 1 to 3600 (seconds)\n'],
    [
      ['history', '--from', '1e20'],
      'gexmap: --from 1e20 must be a time from 1990 to 2100: ISO with a zone (2025-11-19T00:00Z), a date, or epoch ms\n',
    ],
  ])('exits 2 naming the flag as typed: %j', async (args, message) => {
    const r = await run(args);
    expect(r.stderr).toBe(message);
    expect(r.code).toBe(2);
  });

  it.each([
    ['--range', '20%'],
    ['--range', ' 20 '],
    ['--rate', '4%'],
    ['--rate', '0.04'],
    ['--rate', '-0.5%'],
    ['--yield', '1.5%'],
    ['--spot-change', '-3%'],
    ['--pin-band', '3'],
  ])('accepts %s %j (and goes on to read the chain)', async (flag, value) => {
    const r = await run([...NO_FILE, flag, value]);
    expect(r.stderr).toMatch(/nonexistent/);
    expect(r.code).toBe(1);
  });

  it('reads --rate 4% as --rate 0.04 on the real SPX chain', async () => {
    const [pct, dec] = await Promise.all([
      run(['report', '--cboe', CBOE_SPX_FILE, '--json', '--rate', '4%', '--yield', '1.5%']),
      run(['report', '--cboe', CBOE_SPX_FILE, '--json', '--rate', '0.04', '--yield', '0.015']),
    ]);
    expect(pct.code).toBe(0);
    expect(JSON.parse(pct.stdout).conventions.model).toMatch(/rate 0.04, yield 0.015/);
    expect(pct.stdout).toBe(dec.stdout);
  });

  it.each([
    [['report', '--rnage', '5'], "gexmap: unknown option '--rnage' (Did you mean --range?)\n"],
    [
      ['report', '--positioning', 'bogus'],
      "gexmap: option '--positioning <model>' argument 'bogus' is invalid. Allowed choices are classic, customer-long, positions, flow.\n",
    ],
    [['watch', '--frames', '1'], "gexmap: required option '--venue <venue>' not specified\n"],
    [['reprot'], "gexmap: unknown command 'reprot' (Did you mean report?)\n"],
    [['report', '--x\u001b[2J\u202e'], "gexmap: unknown option '--x\\u001b[2J\\u202e'\n"],
  ])(
    'refuses %j in one escaped gexmap line, as every flag, exit 2 (commander’s own wording was "error: …" over two lines)',
    async (args, expected) => {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(expected);
    },
  );

  it.each([
    [['--rate', '0.5'], '--rate 0.5'],
    [['--yield=-50%'], '--yield=-50%'],
    [['--rate', '0', '--yield', '-0.45'], '--rate 0 --yield -0.45'],
  ])('names %j as typed when the forward it gives is refused on the real SPX chain (exit 2)', async (flags, typed) => {
    const r = await run(['report', '--cboe', CBOE_SPX_FILE, '--json', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`gexmap: ${typed} gives a forward no chain has: SPX`)).toBe(true);
    expect(r.stderr).toMatch(
      /: forward \(\d+\.\d+\) is outside 0.5× … 1.5× spot \(3990.5601\) \(forward = spot·e\^\{\(r−q\)t\}\)\n$/,
    );
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});

describe('--help prints every default in the flag’s own unit', () => {
  const help = async (args: string[]) => {
    const r = await run([...args, '--help']);
    return r.stdout.replace(/\s+/g, ' ');
  };

  it('report: percentages in percent', async () => {
    const text = await help(['report']);
    expect(text).toContain('--range <pct> profile range around spot, percent (default: 20)');
    expect(text).toContain('(default: 5)');
    expect(text).toMatch(/--flow-range <pct> hedge flows: moves from −PCT to \+PCT of spot \(default: 10\)/);
    expect(text).not.toMatch(/default: 0\.\d/);
  });

  it('watch, record, backtest and import-tardis: percent and durations', async () => {
    expect(await help(['watch'])).toContain('--range <pct> flip search range around spot, percent (default: 20)');
    expect(await help(['record'])).toContain(
      '--every <duration> interval between snapshots: 60s, 5m, 1h (default: 60s)',
    );
    expect(await help(['backtest'])).toContain('--horizon <duration> look-ahead: 24h, 3d (default: 24h)');
    expect(await help(['import-tardis'])).toContain('(default: 1h)');
  });
});

describe('one parser for the CLI and the API', () => {
  it.each(['20', '20%', '0.1', '99', '99.001', '0.0999', '1e-320', '0x10', 'Infinity', '', ' ', '1e1', '-5', '20 %'])(
    'the CLI --range and the API range= agree on %j',
    async (text) => {
      const cli = await run([...NO_FILE, '--range', text]);
      const api = reportQuerySchema.safeParse({ range: text });
      expect(cli.code === 1).toBe(api.success);
      if (!api.success) expect(cli.stderr).toBe(`gexmap: --range ${api.error.issues[0]!.message}\n`);
    },
  );
});

describe('a percentage comes back out as it was typed', () => {
  it('prints --range 7 --pin-band 7 --flow-range 7 as 7 %, not 7.000000000000001 %', async () => {
    const r = await run([
      'report',
      '--cboe',
      CBOE_SPX_FILE,
      '--json',
      '--range',
      '7',
      '--pin-band',
      '7',
      '--flow-range',
      '7',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.pins.band.pct).toBe(7);
    expect(report.hedgeFlow.movesPct[0]).toBe(-7);
    expect(report.hedgeFlow.movesPct.at(-1)).toBe(7);
    expect(report.conventions.gammaFlip).toContain('over ±7 % of spot');
    expect(JSON.stringify(report.conventions)).not.toMatch(/7\.0000/);
  });
});
