import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

describe('gexmap report --surface-days', () => {
  it('adds the surface for today and the next N days over the range to the JSON report', async () => {
    const args = ['report', '--deribit-dir', DERIBIT_BTC_DIR, '--json', '--range', '10'];
    const { code, stdout } = await run([...args, '--surface-days', '7', '--surface-spots', '21']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.surface.days).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(r.surface.spots).toHaveLength(21);
    expect(r.surface.spots[0]).toBeCloseTo(r.range.lo, 9);
    expect(r.surface.spots[20]).toBeCloseTo(r.range.hi, 9);
    expect(r.surface.netGex).toHaveLength(8);
    expect(r.surface.units).toMatch(/USD of dealer delta change per 1 % move/);
    const plain = JSON.parse((await run(args)).stdout);
    expect(plain.surface).toBeUndefined();
  });

  it('refuses --surface-days without --json and --surface-spots without --surface-days', async () => {
    const noJson = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--surface-days', '3']);
    expect(noJson.code).toBe(2);
    expect(noJson.stderr).toMatch(/--surface-days adds the surface to the JSON report: use it with --json/);
    const alone = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--json', '--surface-spots', '30']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--surface-spots is only read with --surface-days N/);
  });

  it('names the flag of a day count out of bounds', async () => {
    const { code, stderr } = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--json', '--surface-days', '400']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--surface-days/);
  });
});
