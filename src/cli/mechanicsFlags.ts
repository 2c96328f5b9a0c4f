import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import type { FullReportOptions } from '../analytics/fullReport.js';
import {
  DEFAULT_THRESHOLDS,
  type PlaybookThresholds,
  type PutTape,
  validateTape,
} from '../analytics/playbook/index.js';
import { escapeText } from '../core/escape.js';
import { QuantityError, readDecimal, shown } from '../core/units/index.js';
import { readFlagJson } from './jsonFile.js';
import { UsageError } from './usageError.js';

/** The `report` flags of the mechanics, skew, pins and playbook sections. */
export interface MechanicsFlags {
  spotChange?: number;
  lookback?: string;
  putTape?: string;
  pinDays: number;
  pinBand: number;
  flowRange: number;
  threshold: Partial<Record<keyof PlaybookThresholds, number>>;
}

/** `--pin-days 7` or `7d`: expiries within that many days (up to ten years). */
export function parsePinDays(value: string): number {
  const n = readDecimal(value.trim().replace(/d$/i, ''));
  if (n === undefined || !(n > 0 && n <= 3660))
    throw new QuantityError('--pin-days', value, 'must be a number of days above 0 and at most 3660, e.g. 7 or 7d');
  return n;
}

/** `--threshold squeezeCallShareMin=0.7`, repeatable. */
export function collectThreshold(
  value: string,
  previous: Partial<Record<keyof PlaybookThresholds, number>>,
): Partial<Record<keyof PlaybookThresholds, number>> {
  const m = /^([A-Za-z]+)=(.+)$/.exec(value.trim());
  const names = Object.keys(DEFAULT_THRESHOLDS).join(', ');
  if (!m) throw new InvalidArgumentError(`threshold ${shown(value)} must be NAME=VALUE, NAME one of ${names}`);
  const name = m[1] as keyof PlaybookThresholds;
  if (!(name in DEFAULT_THRESHOLDS))
    throw new InvalidArgumentError(`threshold ${name} is unknown: use one of ${names}`);
  const n = readDecimal(m[2] ?? '');
  if (n === undefined) throw new QuantityError(`--threshold ${name}`, m[2] ?? '', 'is not a number');
  return { ...previous, [name]: n };
}

/** The --put-tape file: customer put notionals over a window (its order is checked by validateTape). */
const putTapeSchema = z.strictObject({
  putBuyNotional: z.number().nonnegative('must be a non-negative number of USD'),
  putSellNotional: z.number().nonnegative('must be a non-negative number of USD'),
  /** ISO instant or epoch ms */
  windowStart: z.union([z.string(), z.number()]),
  windowEnd: z.union([z.string(), z.number()]),
});

function readTape(path: string): PutTape {
  const tape = readFlagJson(path, putTapeSchema, 'putTape', 'put tape');
  try {
    validateTape(tape);
  } catch (e) {
    throw new UsageError(`put tape file ${escapeText(path, 300)}: ${escapeText((e as Error).message, 300)}`);
  }
  return tape;
}

/** Report options from the flags (the tape file is read and checked here, at the edge). */
export function mechanicsOptions(flags: MechanicsFlags): Partial<FullReportOptions> {
  return {
    flowRange: flags.flowRange,
    pinDays: flags.pinDays,
    pinBand: flags.pinBand,
    spotChangePct: flags.spotChange,
    lookback: flags.lookback,
    tape: flags.putTape === undefined ? undefined : readTape(flags.putTape),
    thresholds: flags.threshold,
  };
}
