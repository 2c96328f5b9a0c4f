import { describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { runCli } from '../../src/cli/main.js';
import { renderTextReport } from '../../src/report/textReport.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';

const columns = (line: string) => [...line].length;
const isTable = (line: string) => /[│┌└├┼┤─]/.test(line);

async function report(extra: string[] = [], width?: number): Promise<string> {
  let out = '';
  const io = { stdout: (t: string) => (out += t), stderr: () => {}, color: false, ...(width ? { width } : {}) };
  expect(await runCli(['report', '--cboe', CBOE_SPX_FILE, ...extra], io)).toBe(0);
  return out;
}

describe('the text report fits the terminal', () => {
  it('wraps every line but tables and charts to 100 columns off a terminal, and to the terminal’s width on one', async () => {
    for (const [text, width] of [
      [await report(), 100],
      [await report([], 72), 72],
    ] as const) {
      const lines = text.split('\n');
      const long = lines.filter((l) => !isTable(l) && columns(l) > width);
      expect(long).toEqual([]);
      // the conventions and the regime line are still all there, continued under their text
      expect(text).toMatch(/\n {2}playbook: three rules/);
      expect(text).toMatch(/\nRegime {11}NEGATIVE: dealers short gamma/);
    }
  });

  it('renders from the library with no options (25 strikes, no colour, 100 columns)', async () => {
    const text = renderTextReport(buildGexReport(await readCboeFile(CBOE_SPX_FILE)));
    expect(text).not.toContain('\u001b[');
    expect(text.split('\n').filter((l) => !isTable(l) && columns(l) > 100)).toEqual([]);
    expect(text).toContain('Conventions');
  });
});
