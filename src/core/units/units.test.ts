import { describe, expect, it } from 'vitest';
import {
  BACKTEST_HORIZON,
  checkFraction,
  formatDuration,
  PROFILE_RANGE,
  parseDuration,
  parseInstant,
  parseInteger,
  parsePercent,
  parseRate,
  QuantityError,
  RECORD_EVERY,
  readDecimal,
  SPOT_CHANGE,
  shown,
} from './index.js';

describe('readDecimal: plain decimals only', () => {
  it.each([
    ['20', 20],
    [' -2.5 ', -2.5],
    ['+.5', 0.5],
    ['4.', 4],
    ['1e-3', 0.001],
    ['2E2', 200],
  ])('reads %j as %d', (text, want) => {
    expect(readDecimal(text)).toBe(want);
  });

  it.each([
    '',
    ' ',
    '0x10',
    '0b11',
    '0o7',
    'Infinity',
    '-Infinity',
    'NaN',
    '1e400',
    '1_000',
    '20%',
    '1,5',
    '--1',
    '.',
    'e5',
  ])('refuses %j', (text) => {
    expect(readDecimal(text)).toBeUndefined();
  });
});

describe('parsePercent: percent at the edges, bounded, to 0.01', () => {
  it('reads 20, 20% and " 20 %" alike, and folds near-equal values into one', () => {
    for (const t of ['20', '20%', ' 20 % ', '20.000000001', '19.999999', '2e1'])
      expect(parsePercent(t, '--range', PROFILE_RANGE)).toBe(20);
    expect(parsePercent('12.345', '--range', PROFILE_RANGE)).toBe(12.35);
    expect(parsePercent('-3%', '--spot-change', SPOT_CHANGE)).toBe(-3);
  });

  it('refuses a value that underflows to no range, or reaches spot 0, naming the flag and the bounds', () => {
    expect(() => parsePercent('1e-320', '--range', PROFILE_RANGE)).toThrow(
      '--range 1e-320 is outside 0.1 … 99 (percent of spot)',
    );
    expect(() => parsePercent('100', 'range', PROFILE_RANGE)).toThrow(/^range 100 is outside/);
    expect(() => parsePercent('-100', '--spot-change', SPOT_CHANGE)).toThrow(/-100 is outside -99\.99 … 1000/);
  });

  it('refuses hex, Infinity, an empty value and words, saying how to write one', () => {
    for (const t of ['0x10', 'Infinity', '', 'wide', '20%%']) {
      expect(() => parsePercent(t, '--range', PROFILE_RANGE)).toThrow(QuantityError);
    }
    expect(() => parsePercent('wide', '--range', PROFILE_RANGE)).toThrow(
      '--range wide is not a percentage: write e.g. 20 or 20%',
    );
  });
});

describe('checkFraction: the library keeps fractions and says so', () => {
  it('names a percent given where a fraction is due', () => {
    expect(() => checkFraction(PROFILE_RANGE, 20)).toThrow('range 20 is not a fraction; 0.2 is ±20 %');
    expect(() => checkFraction(PROFILE_RANGE, 1e-322)).toThrow(
      'range 1e-322 is outside 1e-9 … 0.99 (fraction of spot; 0.2 is ±20 %)',
    );
    expect(() => checkFraction(PROFILE_RANGE, Number.POSITIVE_INFINITY)).toThrow(/range Infinity is not a number/);
    expect(() => checkFraction(PROFILE_RANGE, 0.2)).not.toThrow();
    expect(() => checkFraction(PROFILE_RANGE, 1e-6)).not.toThrow(); // a numeric derivative's half-width
  });

  it('accepts exactly what the percent parser gives, divided by 100, at both bounds', () => {
    expect(() => checkFraction(PROFILE_RANGE, parsePercent('0.1', 'r', PROFILE_RANGE) / 100)).not.toThrow();
    expect(() => checkFraction(PROFILE_RANGE, parsePercent('99', 'r', PROFILE_RANGE) / 100)).not.toThrow();
  });
});

describe('parseRate: 4% or 0.04, never 400 %', () => {
  it('reads a percent or a decimal to the same rate', () => {
    expect(parseRate('4%', '--rate')).toBe(0.04);
    expect(parseRate('0.04', '--rate')).toBe(0.04);
    expect(parseRate('4.1%', '--rate')).toBe(0.041);
    expect(parseRate('-0.5%', '--yield')).toBe(-0.005);
    expect(parseRate('0', '--rate')).toBe(0);
  });

  it('refuses a bare number that only makes sense as percent, spelling out its reading', () => {
    expect(() => parseRate('4', '--rate')).toThrow('--rate 4 would be 400 %: write 4% or 0.04');
    expect(() => parseRate('1.5', '--yield')).toThrow('--yield 1.5 would be 150 %: write 1.5% or 0.015');
  });

  it('refuses an absurd magnitude naming the flag, not the forward it would break', () => {
    expect(() => parseRate('1e308', '--rate')).toThrow('--rate 1e308 is outside −50 % … 50 %: write e.g. 4% or 0.04');
    expect(() => parseRate('60%', '--rate')).toThrow(/--rate 60% is outside/);
    expect(() => parseRate('0x10', '--rate')).toThrow('--rate 0x10 is not a rate: write e.g. 4% or 0.04');
  });
});

describe('parseDuration and formatDuration', () => {
  it('reads units, and a bare number in the quantity unit', () => {
    expect(parseDuration('60s', '--every', RECORD_EVERY)).toBe(60_000);
    expect(parseDuration('60', '--every', RECORD_EVERY)).toBe(60_000);
    expect(parseDuration('150ms', '--every', RECORD_EVERY)).toBe(150);
    expect(parseDuration('1.5h', '--every', RECORD_EVERY)).toBe(5_400_000);
    expect(parseDuration('24', '--horizon', BACKTEST_HORIZON)).toBe(86_400_000);
    expect(parseDuration('3d', '--horizon', BACKTEST_HORIZON)).toBe(3 * 86_400_000);
  });

  it('refuses what is no duration or lies outside its bounds, stating them', () => {
    expect(() => parseDuration('soon', '--every', RECORD_EVERY)).toThrow(/--every soon is not a duration/);
    expect(() => parseDuration('0x10s', '--every', RECORD_EVERY)).toThrow(/is not a duration/);
    expect(() => parseDuration('1e-320h', '--horizon', BACKTEST_HORIZON)).toThrow(
      '--horizon 1e-320h is outside 60s … 8784h',
    );
    expect(() => parseDuration('8d', '--every', RECORD_EVERY)).toThrow(/outside 100ms … 168h/);
  });

  it('prints a default in the unit a user would write', () => {
    expect(formatDuration(60_000)).toBe('60s');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(86_400_000)).toBe('24h');
    expect(formatDuration(150)).toBe('150ms');
  });
});

describe('parseInteger', () => {
  it('takes plain whole numbers within bounds only', () => {
    expect(parseInteger('25', '--rows', { min: 1 })).toBe(25);
    for (const t of ['0x10', '1.5', '', '0', '1e400'])
      expect(() => parseInteger(t, '--rows', { min: 1 })).toThrow(/--rows/);
    expect(() => parseInteger('70000', '--port', { min: 0, max: 65535 })).toThrow(
      '--port 70000 must be an integer from 0 to 65535',
    );
  });
});

describe('shown: what a message may echo', () => {
  it('escapes control bytes and line breaks and cuts long text', () => {
    expect(shown('20\u001b[2J\r\n\u202e')).toBe('20\\u001b[2J\\r\\n\\u202e');
    expect(shown('9'.repeat(100))).toHaveLength(40);
    expect(shown('')).toBe('""');
  });
});

describe('parseInstant: ISO with a zone, a date, or epoch ms, 1990–2100', () => {
  it('reads the forms a user writes', () => {
    expect(parseInstant('2025-11-19T00:00Z', '--at')).toBe(Date.UTC(2025, 10, 19));
    expect(parseInstant('2025-11-19T01:00+01:00', '--at')).toBe(Date.UTC(2025, 10, 19));
    expect(parseInstant('2025-11-19', '--at')).toBe(Date.UTC(2025, 10, 19));
    expect(parseInstant(String(Date.UTC(2025, 10, 19)), 'at')).toBe(Date.UTC(2025, 10, 19));
  });

  it.each(['-1', '1e20', 'yesterday', '2025-11-19T00:00', '0x10', '5', '2100-01-01', ''])('refuses %j', (text) => {
    expect(() => parseInstant(text, '--at')).toThrow(/^--at .* must be a time from 1990 to 2100/);
  });
});
