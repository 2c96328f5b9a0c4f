import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import type { FullReportOptions } from '../analytics/fullReport.js';
import {
  type PlaybookThresholds,
  type PutTape,
  parseThreshold,
  ThresholdSyntaxError,
  validateTape,
} from '../analytics/playbook/index.js';
import { escapeText } from '../core/escape.js';
import { parsePinDays as parseDays } from '../core/units/index.js';
import { readFlagJson } from './jsonFile.js';
import { UsageError } from './usageError.js';

/** `--pin-days 7` or `7d`: expiries within that many days (up to ten years). */
export const parsePinDays = (value: string): number => parseDays(value, '--pin-days');

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

/** `--threshold squeezeCallShareMin=0.7`, repeatable. */
export function collectThreshold(
  value: string,
  previous: Partial<Record<keyof PlaybookThresholds, number>>,
): Partial<Record<keyof PlaybookThresholds, number>> {
  try {
    const { name, value: n } = parseThreshold(value);
    return { ...previous, [name]: n };
  } catch (e) {
    if (e instanceof ThresholdSyntaxError) throw new InvalidArgumentError(e.message);
    throw e;
  }
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
