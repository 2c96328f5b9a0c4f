import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { FullReportOptions } from '../analytics/fullReport.js';
import {
  DEFAULT_THRESHOLDS,
  type PlaybookThresholds,
  type PutTape,
  validateTape,
} from '../analytics/playbook/index.js';
import { QuantityError, readDecimal, shown } from '../core/units/index.js';
import { UsageError } from './loadChain.js';

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

function readTape(path: string): PutTape {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`put tape file ${path}: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError(
      `put tape file ${path}: expected {"putBuyNotional": USD, "putSellNotional": USD, "windowStart": ISO, "windowEnd": ISO}`,
    );
  const tape = parsed as PutTape;
  try {
    validateTape(tape);
  } catch (e) {
    throw new UsageError(`put tape file ${path}: ${(e as Error).message}`);
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
