import { describe, expect, it } from 'vitest';
import type { KeyLevel } from '../analytics/keyLevels.js';
import { pineNumber, pineString, renderLevelsPine } from './levelsPine.js';

const level = (kind: KeyLevel['kind'], price: number, label: string): KeyLevel => ({
  kind,
  price,
  distancePct: 100 * (price / 100 - 1),
  label,
});

/** a price with 17 significant digits: every one of them must reach the script */
const FLIP = 101.23456789012344;

const REPORT = {
  asOf: '2025-11-19T11:20:36.882Z',
  venue: 'deribit',
  underlying: 'BTC',
  spot: 100,
  positioning: 'classic' as const,
  keyLevels: [
    level('put-wall', 90, 'Put wall'),
    level('gamma-flip', FLIP, 'Gamma flip'),
    level('call-wall', 110, 'Call wall'),
    level('oi-cluster', 110, 'OI cluster "big" \\ mixed\nnext line'),
  ],
};

describe('the Pine v6 levels indicator', () => {
  const lines = renderLevelsPine(REPORT).trimEnd().split('\n');

  it('opens with the version, two comment lines and one overlay indicator', () => {
    expect(lines[0]).toBe('//@version=6');
    expect(lines[1]).toBe(
      '// gexmap key levels: deribit BTC, as of 2025-11-19T11:20:36.882Z, spot 100, classic positioning',
    );
    expect(lines[2]).toMatch(/^\/\/ .*not a trading signal\.$/);
    expect(lines[3]).toBe('indicator("gexmap BTC levels 2025-11-19 11:20Z", overlay=true, max_labels_count=500)');
  });

  it('draws one hline per level, at every digit of its price, titled with its escaped label', () => {
    expect(lines.slice(4, 8)).toEqual([
      'hline(90, "Put wall 90", color=color.red, linestyle=hline.style_solid)',
      'hline(101.23456789012344, "Gamma flip 101.23", color=color.orange, linestyle=hline.style_dashed)',
      'hline(110, "Call wall 110.00", color=color.green, linestyle=hline.style_solid)',
      'hline(110, "OI cluster \\"big\\" \\\\ mixed next line 110.00", color=color.gray, linestyle=hline.style_dotted)',
    ]);
  });

  it('writes one label per price beside the last bar, levels of one price joined', () => {
    expect(lines[8]).toMatch(
      /^var label level0 = label\.new\(bar_index, 90, "Put wall 90", style=label\.style_label_left,/,
    );
    expect(lines[9]).toMatch(/^var label level1 = label\.new\(bar_index, 101\.23456789012344, "Gamma flip 101\.23"/);
    expect(lines[10]).toContain('"Call wall · OI cluster \\"big\\" \\\\ mixed next line 110.00"');
    expect(lines.slice(11)).toEqual([
      'if barstate.islast',
      '    label.set_x(level0, bar_index)',
      '    label.set_x(level1, bar_index)',
      '    label.set_x(level2, bar_index)',
    ]);
  });

  it('prints prices without exponents and strings on one line', () => {
    expect(pineNumber(1e-7)).toBe('0.0000001');
    expect(pineNumber(3990.5601)).toBe('3990.5601');
    expect(() => pineNumber(Number.NaN)).toThrow(/finite/);
    expect(pineString('a\u202eb"c')).toBe('"a b\\"c"');
  });
});
