import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { HOSTILE, TERMINAL_UNSAFE } from '../support/terminal.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

/** One line on stderr, no stack trace, nothing a terminal would act on, nothing on stdout. */
function expectOneSafeLine(r: { stdout: string; stderr: string }) {
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^gexmap: [^\n]*\n$/);
  expect(r.stderr.slice(0, -1)).not.toMatch(TERMINAL_UNSAFE);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const scratch = () => mkdtempSync(join(tmpdir(), 'gexmap-badfile-'));
const FIXTURES = new URL('../fixtures/csv/', import.meta.url);

describe('gexmap report on a bad JSON file: one escaped line and an exit code, never a stack trace', () => {
  it('exits 1 naming the mapping path of a wrong type (it used to print a TypeError stack)', async () => {
    const dir = scratch();
    copyFileSync(new URL('chain.csv', FIXTURES), join(dir, 'chain.csv'));
    const m = JSON.parse(readFileSync(new URL('mapping.json', FIXTURES), 'utf8'));
    writeFileSync(join(dir, 'map.json'), JSON.stringify({ ...m, typeWords: { call: [1], put: ['P'] } }));
    const r = await run(['report', '--csv', join(dir, 'chain.csv'), '--mapping', join(dir, 'map.json')]);
    expect(r.code).toBe(1);
    expectOneSafeLine(r);
    expect(r.stderr).toContain('map.json: mapping.typeWords.call[0]: expected string, got number');
  });

  it('exits 1 on a crafted mapping quoting escape sequences, CR, LF and a bell, printing them escaped', async () => {
    const dir = scratch();
    copyFileSync(new URL('chain.csv', FIXTURES), join(dir, 'chain.csv'));
    const m = JSON.parse(readFileSync(new URL('mapping.json', FIXTURES), 'utf8'));
    writeFileSync(join(dir, 'map.json'), JSON.stringify({ ...m, expiry: { ...m.expiry, format: HOSTILE } }));
    const r = await run(['report', '--csv', join(dir, 'chain.csv'), '--mapping', join(dir, 'map.json')]);
    expect(r.code).toBe(1);
    expectOneSafeLine(r);
    expect(r.stderr).toContain(
      'mapping.expiry.format: "\\u001b[31mRED\\u001b[2J\\r\\nfake line\\u0007\\u202e" is not one of',
    );
  });

  it('exits 1 on a chain CSV line whose instrument name holds control characters', async () => {
    const dir = scratch();
    // a CSV line cannot hold CR or LF unquoted: the rest of the hostile text
    const name = 'X\u001b[31mRED\u001b[2J\u0007\u202e';
    const csv = readFileSync(new URL('chain.csv', FIXTURES), 'utf8').replace('BTC-28NOV25-90000-C', name);
    writeFileSync(join(dir, 'chain.csv'), csv);
    copyFileSync(new URL('mapping.json', FIXTURES), join(dir, 'map.json'));
    const r = await run(['report', '--csv', join(dir, 'chain.csv'), '--mapping', join(dir, 'map.json')]);
    expect(r.code).toBe(1);
    expectOneSafeLine(r);
    expect(r.stderr).toContain('line 2: instrument ("X\\u001b[31mRED');
  });

  it('reads a positions book with a byte-order mark, and exits 2 naming the instrument of a value that is not a number', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'book.json'), `\ufeff${JSON.stringify({ 'BTC-26DEC25-100000-C': -250 })}`);
    const base = ['report', '--deribit-dir', DERIBIT_BTC_DIR, '--json', '--positioning', 'positions', '--positions'];
    const ok = await run([...base, join(dir, 'book.json')]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).counts.unpositioned).toBe(685);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ 'BTC-26DEC25-100000-C': HOSTILE }));
    const bad = await run([...base, join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expectOneSafeLine(bad);
    expect(bad.stderr).toContain('bad.json: positions["BTC-26DEC25-100000-C"]: expected number, got string');
    writeFileSync(join(dir, 'key.json'), JSON.stringify({ [`BTC${HOSTILE}`]: 1 }));
    const key = await run([...base, join(dir, 'key.json')]);
    expect(key.code).toBe(2);
    expectOneSafeLine(key);
    expect(key.stderr).toContain('positions["BTC\\u001b[31mRED');
    writeFileSync(join(dir, 'huge.json'), JSON.stringify({ 'BTC-26DEC25-100000-C': 1e308 }));
    const huge = await run([...base, join(dir, 'huge.json')]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain(
      'positions["BTC-26DEC25-100000-C"]: 1e+308 contracts is not a plausible position (its size must be below 1e9)',
    );
  });

  it('exits 2 on a put tape that is not JSON, naming its line and column', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'tape.json'), `{"putBuyNotional": 1,\n "putSellNotional": ${HOSTILE}}`);
    const r = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--put-tape', join(dir, 'tape.json')]);
    expect(r.code).toBe(2);
    expectOneSafeLine(r);
    expect(r.stderr).toMatch(/tape\.json: putTape is not JSON: unexpected "\\u001b" at line 2, column 21\n$/);
  });

  it('exits 1 on recorded Deribit answers with a crafted instrument name', async () => {
    const dir = scratch();
    for (const f of ['get_instruments.json', 'get_book_summary_by_currency.json'])
      copyFileSync(join(DERIBIT_BTC_DIR, f), join(dir, f));
    const rows = JSON.parse(readFileSync(join(dir, 'get_book_summary_by_currency.json'), 'utf8'));
    rows[5].instrument_name = HOSTILE;
    writeFileSync(join(dir, 'get_book_summary_by_currency.json'), JSON.stringify(rows));
    const r = await run(['report', '--deribit-dir', dir]);
    expect(r.code).toBe(1);
    expectOneSafeLine(r);
    expect(r.stderr).toContain('in get_book_summary_by_currency but not in get_instruments');
  });
});

describe('gexmap serve --alerts with a bad file', () => {
  it('exits 2 with one line before it listens: an unknown view, a misspelt key, a webhook URL that is not http(s)', async () => {
    const dir = scratch();
    const file = join(dir, 'alerts.json');
    const serve = ['serve', '--deribit-dir', DERIBIT_BTC_DIR, '--port', '0', '--alerts', file];
    const hook = { name: 'desk', urlEnv: 'GEXMAP_TEST_HOOK_URL' };
    writeFileSync(file, JSON.stringify({ webhooks: [hook], view: `0x${HOSTILE}` }));
    const view = await run(serve);
    expect(view.code).toBe(2);
    expectOneSafeLine(view);
    expect(view.stderr).toContain('alerts.json: alerts.view: must be all, next, ex-next or a number of days');
    writeFileSync(file, JSON.stringify({ webhooks: [hook], retires: 3 }));
    const typo = await run(serve);
    expect([typo.code, typo.stderr]).toEqual([2, expect.stringMatching(/alerts: unknown key "retires"\n$/)]);
    writeFileSync(file, `\ufeff${JSON.stringify({ webhooks: [hook] })}`);
    process.env.GEXMAP_TEST_HOOK_URL = 'file:///etc/passwd?token=s3cret';
    try {
      const url = await run(serve);
      expect(url.code).toBe(2);
      expectOneSafeLine(url);
      expect(url.stderr).toContain(
        'webhook desk: environment variable GEXMAP_TEST_HOOK_URL must be an http:// or https:// URL (it is file:)',
      );
      expect(url.stderr).not.toContain('s3cret');
    } finally {
      delete process.env.GEXMAP_TEST_HOOK_URL;
    }
  });
});
