import { failed, largestInBand, missing, statusOf } from './logic.js';
import type { PlaybookInput, PlaybookThresholds, PutTape, RuleCondition, RuleResult } from './types.js';

function instant(v: string | number, field: string): number {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(ms)) throw new RangeError(`tape ${field} (${String(v)}) must be an ISO instant or epoch ms`);
  return ms;
}

/** Checks a tape summary at the edge; the error names the field and the value. */
export function validateTape(tape: PutTape): { start: number; end: number } {
  for (const field of ['putBuyNotional', 'putSellNotional'] as const) {
    const v = tape[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new RangeError(`tape ${field} (${String(v)}) must be a non-negative number of USD`);
  }
  const start = instant(tape.windowStart, 'windowStart');
  const end = instant(tape.windowEnd, 'windowEnd');
  if (!(end > start)) throw new RangeError(`tape windowEnd (${String(tape.windowEnd)}) must be after windowStart`);
  return { start, end };
}

/**
 * Sell-off acceleration: dealers short gamma (net GEX < 0) AND price falling
 * (spotChangePct < selloffSpotChangeMaxPct) AND customers buying puts on the tape
 * (put buy notional / (buy + sell) ≥ selloffPutBuyShareMin). Without a tape: not enough data.
 */
export function selloffAcceleration(input: PlaybookInput, th: PlaybookThresholds): RuleResult {
  const { spot, netGex, tape } = input;
  const change = input.spotChangePct ?? null;
  let share: number | null = null;
  let tapeHours: number | null = null;
  if (tape) {
    const { start, end } = validateTape(tape);
    tapeHours = (end - start) / 3_600_000;
    const total = tape.putBuyNotional + tape.putSellNotional;
    share = total > 0 ? tape.putBuyNotional / total : null;
  }
  const conditions: RuleCondition[] = [
    { name: 'net GEX < 0 (dealers short gamma)', met: netGex < 0 },
    {
      name: `price change over the lookback < ${th.selloffSpotChangeMaxPct} %`,
      met: change === null ? null : change < th.selloffSpotChangeMaxPct,
    },
    {
      name: `customer put buying ≥ ${th.selloffPutBuyShareMin * 100} % of put notional traded on the tape`,
      // A tape with no put trades shows no put buying; no tape at all leaves it unknown.
      met: tape === undefined ? null : share !== null && share >= th.selloffPutBuyShareMin,
    },
  ];
  const status = statusOf(conditions);
  const band = th.nearBandPct / 100;
  const meaning =
    status === 'fired'
      ? 'sell-off can accelerate: dealers are short gamma while customers buy puts into the decline, so dealers keep selling the underlying as the puts gain'
      : status === 'not-fired'
        ? `no sell-off acceleration setup: not met: ${failed(conditions)}`
        : `cannot decide without: ${missing(conditions)} (put buying needs the trade tape; it is never guessed)`;
  return {
    rule: 'selloff-acceleration',
    status,
    inputs: {
      netGex,
      spotChangePct: change,
      putBuyNotional: tape ? tape.putBuyNotional : null,
      putSellNotional: tape ? tape.putSellNotional : null,
      putBuyShare: share,
      tapeWindowHours: tapeHours,
    },
    thresholds: {
      selloffSpotChangeMaxPct: th.selloffSpotChangeMaxPct,
      selloffPutBuyShareMin: th.selloffPutBuyShareMin,
    },
    conditions,
    levels: largestInBand(input.strikes, input.putOi, { lo: spot * (1 - band), hi: spot, spot, keep: (k) => k < spot }),
    meaning,
  };
}
