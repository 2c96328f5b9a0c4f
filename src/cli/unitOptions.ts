import { Option } from 'commander';
import {
  type DurationQuantity,
  formatDuration,
  type PercentQuantity,
  parseDuration,
  parsePercent,
  parseRate,
} from '../core/units/index.js';

// Commander options over the shared unit parsers: the flag reads in its own unit, `--help` prints the
// default in that unit, and a refusal is a QuantityError naming the flag as typed (exit 2, see runCli).

const flagOf = (flags: string) => flags.split(/[ ,]/)[0] ?? flags;

/** A percentage flag (`--range 20` or `20%`) whose value is the library's fraction (0.2). */
export function fractionOption(flags: string, description: string, q: PercentQuantity, defaultPct?: number): Option {
  const option = new Option(flags, description).argParser((v) => parsePercent(v, flagOf(flags), q) / 100);
  return defaultPct === undefined ? option : option.default(defaultPct / 100, String(defaultPct));
}

/** A percentage flag kept in percent (`--spot-change -3%` → -3), as the library's `…Pct` options take it. */
export function percentOption(flags: string, description: string, q: PercentQuantity): Option {
  return new Option(flags, description).argParser((v) => parsePercent(v, flagOf(flags), q));
}

/** A rate or yield flag: `4%` or `0.04` → 0.04 (see parseRate). */
export function rateOption(flags: string, description: string): Option {
  return new Option(flags, description).argParser((v) => parseRate(v, flagOf(flags)));
}

/** A duration flag (`60s`, `5m`, `24h`); the value is in `unitMs` (1 = ms), the default printed as a duration. */
export function durationOption(
  flags: string,
  description: string,
  q: DurationQuantity,
  opts: { defaultMs?: number; unitMs?: number } = {},
): Option {
  const unitMs = opts.unitMs ?? 1;
  const option = new Option(flags, description).argParser((v) => parseDuration(v, flagOf(flags), q) / unitMs);
  return opts.defaultMs === undefined
    ? option
    : option.default(opts.defaultMs / unitMs, formatDuration(opts.defaultMs));
}
