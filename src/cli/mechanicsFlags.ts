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
import { readFlagJson } from './jsonFile.js';
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

/** `--spot-change 2.5` or `-3%`: price change over the lookback in percent. */
export function parseSpotChange(value: string): number {
  const n = Number(value.replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n))
    throw new InvalidArgumentError(`spot change (${value}) must be a percentage, e.g. 2.5 or -3`);
  return n;
}

/** `--flow-range 10` / `--pin-band 5`: a half-width in percent of spot → fraction. */
export function percentOfSpot(name: string) {
  return (value: string): number => {
    const n = Number(value.replace(/%$/, ''));
    if (!(n > 0 && n < 100))
      throw new InvalidArgumentError(`${name} (${value}) must be a percentage between 0 and 100, e.g. 10 for ±10 %`);
    return n / 100;
  };
}

export function parsePinDays(value: string): number {
  const n = Number(value.replace(/d$/i, ''));
  if (!(n > 0 && Number.isFinite(n)))
    throw new InvalidArgumentError(`pin days (${value}) must be a positive number of days`);
  return n;
}

/** `--threshold squeezeCallShareMin=0.7`, repeatable. */
export function collectThreshold(
  value: string,
  previous: Partial<Record<keyof PlaybookThresholds, number>>,
): Partial<Record<keyof PlaybookThresholds, number>> {
  const m = /^([A-Za-z]+)=(.+)$/.exec(value.trim());
  const names = Object.keys(DEFAULT_THRESHOLDS).join(', ');
  if (!m) throw new InvalidArgumentError(`threshold (${value}) must be NAME=VALUE, NAME one of ${names}`);
  const name = m[1] as keyof PlaybookThresholds;
  if (!(name in DEFAULT_THRESHOLDS))
    throw new InvalidArgumentError(`threshold ${name} is unknown: use one of ${names}`);
  const n = Number(m[2]);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`threshold ${name} (${m[2]}) must be a number`);
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
