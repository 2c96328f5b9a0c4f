import { describe, expect, it } from 'vitest';
import { handChain, type QuoteSpec } from '../../../test/support/syntheticChain.js';
import type { ChainSnapshot } from '../../chain/types.js';
import type { Positioning } from '../../positioning/models.js';
import { buildFullReport, type FullReportOptions } from '../fullReport.js';
import { DEFAULT_THRESHOLDS, type RuleName, type RuleResult, statusOf, summarizePutTrades } from './index.js';

function rule(
  snap: ChainSnapshot,
  name: RuleName,
  positioning: Positioning,
  opts: Partial<FullReportOptions> = {},
): RuleResult {
  const r = buildFullReport(snap, { positioning, ...opts });
  return r.playbook.rules.find((x) => x.rule === name)!;
}

const SHORT: Positioning = { model: 'customer-long' }; // dealers short everything: net GEX < 0
const CLASSIC: Positioning = { model: 'classic' };
const TAPE = { windowStart: '2025-01-01T00:00:00Z', windowEnd: '2025-01-01T08:00:00Z' };

// Spot 100: calls stacked within +5 % above, a little put OI within −5 % below (call share 6/7).
const CALL_HEAVY: QuoteSpec[] = [
  { strike: 101, type: 'C', oi: 1000 },
  { strike: 102, type: 'C', oi: 1000 },
  { strike: 104, type: 'C', oi: 1000 },
  { strike: 97, type: 'P', oi: 500 },
];
const PUT_HEAVY: QuoteSpec[] = [
  { strike: 102, type: 'C', oi: 500 },
  { strike: 98, type: 'P', oi: 1500 },
  { strike: 96, type: 'P', oi: 1500 },
];

describe('three-valued rule logic', () => {
  it('is not-fired once a known condition fails, not-enough-data when only an input is missing', () => {
    expect(statusOf([{ name: 'a', met: true }])).toBe('fired');
    expect(
      statusOf([
        { name: 'a', met: null },
        { name: 'b', met: false },
      ]),
    ).toBe('not-fired');
    expect(
      statusOf([
        { name: 'a', met: null },
        { name: 'b', met: true },
      ]),
    ).toBe('not-enough-data');
  });
});

describe('squeeze risk: −GEX AND heavy call OI near spot AND rising price', () => {
  it('fires when dealers are short gamma, calls are 6/7 of near OI and price rose 2.5 %', () => {
    const r = rule(handChain(CALL_HEAVY), 'squeeze-risk', SHORT, { spotChangePct: 2.5 });
    expect(r.status).toBe('fired');
    expect(r.inputs).toMatchObject({ callOiAbove: 3000, putOiBelow: 500, spotChangePct: 2.5 });
    expect(r.inputs.callShare).toBeCloseTo(6 / 7, 14);
    expect(r.inputs.netGex).toBeLessThan(0);
    expect(r.levels).toEqual([101, 102, 104]);
    expect(r.meaning).toMatch(/squeeze/);
  });

  it('does not fire when price fell', () => {
    expect(rule(handChain(CALL_HEAVY), 'squeeze-risk', SHORT, { spotChangePct: -2 }).status).toBe('not-fired');
  });

  it('does not fire at a rise of exactly the threshold (the rise must exceed it)', () => {
    const r = rule(handChain(CALL_HEAVY), 'squeeze-risk', SHORT, { spotChangePct: 1 });
    expect(r.status).toBe('not-fired');
    expect(r.thresholds.squeezeSpotChangeMinPct).toBe(1);
  });

  it('does not fire when put OI dominates near spot', () => {
    const r = rule(handChain(PUT_HEAVY), 'squeeze-risk', SHORT, { spotChangePct: 3 });
    expect(r.status).toBe('not-fired');
    expect(r.inputs.callShare).toBeCloseTo(500 / 3500, 14);
    expect(r.meaning).toMatch(/call OI within \+5 %/);
  });

  it('does not fire when dealers are long gamma (classic: long the calls)', () => {
    const r = rule(handChain(CALL_HEAVY.slice(0, 3)), 'squeeze-risk', CLASSIC, { spotChangePct: 3 });
    expect(r.inputs.netGex).toBeGreaterThan(0);
    expect(r.status).toBe('not-fired');
  });

  it('has not enough data without a price change, and says which input is missing', () => {
    const r = rule(handChain(CALL_HEAVY), 'squeeze-risk', SHORT);
    expect(r.status).toBe('not-enough-data');
    expect(r.inputs.spotChangePct).toBeNull();
    expect(r.meaning).toMatch(/price change/);
  });

  it('honours a stricter call-share threshold', () => {
    const opts = { spotChangePct: 2.5, thresholds: { squeezeCallShareMin: 0.9 } };
    const r = rule(handChain(CALL_HEAVY), 'squeeze-risk', SHORT, opts);
    expect(r.status).toBe('not-fired');
    expect(r.thresholds.squeezeCallShareMin).toBe(0.9);
  });
});

// Calls only (classic: dealers long gamma) on strikes 90..110, with one strike holding far more OI.
function clusterChain(bigStrike: number): QuoteSpec[] {
  const specs: QuoteSpec[] = [];
  for (let k = 90; k <= 110; k += 2) specs.push({ strike: k, type: 'C', oi: k === bigStrike ? 5000 : 100 });
  return specs;
}

describe('range / pin backdrop: +GEX AND large OI clusters within reach', () => {
  it('fires when dealers are long gamma and a cluster sits 2 % from spot, naming it', () => {
    const r = rule(handChain(clusterChain(102)), 'range-backdrop', CLASSIC);
    expect(r.status).toBe('fired');
    expect(r.levels).toEqual([102]);
    expect(r.inputs).toMatchObject({ clustersWithinReach: 1, nearestClusterStrike: 102 });
    expect(r.inputs.nearestClusterDistancePct).toBeCloseTo(2, 12);
    expect(r.meaning).toMatch(/102/);
  });

  it('does not fire when the only cluster is 8 % away, unless the reach is widened', () => {
    const far = handChain(clusterChain(108));
    expect(rule(far, 'range-backdrop', CLASSIC).status).toBe('not-fired');
    expect(rule(far, 'range-backdrop', CLASSIC, { thresholds: { rangeReachPct: 10 } }).status).toBe('fired');
  });

  it('does not fire when dealers are short gamma', () => {
    const r = rule(handChain(clusterChain(102)), 'range-backdrop', SHORT);
    expect(r.status).toBe('not-fired');
    expect(r.levels).toEqual([102]); // the level is still named
  });
});

describe('sell-off acceleration: −GEX AND put buying during a decline', () => {
  const chain = () => handChain(PUT_HEAVY);

  it('fires when dealers are short gamma, price fell 3 % and customers bought 75 % of put notional', () => {
    const tape = { ...TAPE, putBuyNotional: 3e6, putSellNotional: 1e6 };
    const r = rule(chain(), 'selloff-acceleration', SHORT, { spotChangePct: -3, tape });
    expect(r.status).toBe('fired');
    expect(r.inputs).toMatchObject({ putBuyShare: 0.75, tapeWindowHours: 8, spotChangePct: -3 });
    expect(r.levels).toEqual([98, 96]);
  });

  it('has not enough data without the trade tape: put buying is never guessed', () => {
    const r = rule(chain(), 'selloff-acceleration', SHORT, { spotChangePct: -3 });
    expect(r.status).toBe('not-enough-data');
    expect(r.inputs.putBuyShare).toBeNull();
    expect(r.meaning).toMatch(/trade tape/);
  });

  it('does not fire when customers mostly sold puts', () => {
    const tape = { ...TAPE, putBuyNotional: 1e6, putSellNotional: 3e6 };
    expect(rule(chain(), 'selloff-acceleration', SHORT, { spotChangePct: -3, tape }).status).toBe('not-fired');
  });

  it('does not fire when the tape shows no put trades at all', () => {
    const tape = { ...TAPE, putBuyNotional: 0, putSellNotional: 0 };
    expect(rule(chain(), 'selloff-acceleration', SHORT, { spotChangePct: -3, tape }).status).toBe('not-fired');
  });

  it('does not fire when price rose, whatever the tape', () => {
    const tape = { ...TAPE, putBuyNotional: 3e6, putSellNotional: 1e6 };
    expect(rule(chain(), 'selloff-acceleration', SHORT, { spotChangePct: 0.5, tape }).status).toBe('not-fired');
  });

  it('does not fire when dealers are long gamma, even with no tape and no price change', () => {
    const r = rule(handChain(clusterChain(102)), 'selloff-acceleration', CLASSIC);
    expect(r.status).toBe('not-fired');
    expect(r.conditions.map((c) => c.met)).toEqual([false, null, null]);
  });

  it('rejects a tape whose window ends before it starts, naming the field', () => {
    const tape = { putBuyNotional: 1, putSellNotional: 1, windowStart: TAPE.windowEnd, windowEnd: TAPE.windowStart };
    expect(() => buildFullReport(chain(), { positioning: SHORT, tape })).toThrow(/windowEnd/);
    const negative = { ...TAPE, putBuyNotional: -1, putSellNotional: 1 };
    expect(() => buildFullReport(chain(), { positioning: SHORT, tape: negative })).toThrow(/putBuyNotional \(-1\)/);
  });
});

describe('the playbook as a whole', () => {
  it('returns the three rules in order, each with inputs, thresholds, conditions and a meaning, and the caveat', () => {
    const pb = buildFullReport(handChain(CALL_HEAVY), { lookback: '24h', spotChangePct: 2 }).playbook;
    expect(pb.rules.map((r) => r.rule)).toEqual(['squeeze-risk', 'range-backdrop', 'selloff-acceleration']);
    for (const r of pb.rules) {
      expect(Object.keys(r).sort()).toEqual([
        'conditions',
        'inputs',
        'levels',
        'meaning',
        'rule',
        'status',
        'thresholds',
      ]);
      expect(r.meaning.length).toBeGreaterThan(10);
    }
    expect(pb.lookback).toBe('24h');
    expect(pb.caveat).toMatch(/mechanics.*not direction/);
  });

  it('rejects an unknown threshold name and a share outside (0, 1]', () => {
    const snap = handChain(CALL_HEAVY);
    expect(() => buildFullReport(snap, { thresholds: { nope: 1 } as never })).toThrow(
      /unknown playbook threshold nope/,
    );
    expect(() => buildFullReport(snap, { thresholds: { squeezeCallShareMin: 60 } })).toThrow(
      /squeezeCallShareMin \(60\)/,
    );
    expect(DEFAULT_THRESHOLDS.squeezeCallShareMin).toBe(0.6);
  });
});

describe('put trades from the tape', () => {
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  const trades = [
    { instrument: 'BTC-X-90000-P', timestamp: t0 + 1000, direction: 'buy', amount: 3 },
    { instrument: 'BTC-X-85000-P', timestamp: t0 + 2000, direction: 'sell', amount: 1 },
    { instrument: 'BTC-X-95000-C', timestamp: t0 + 3000, direction: 'buy', amount: 50 }, // a call
    { instrument: 'BTC-X-90000-P', timestamp: t0 - 1, direction: 'buy', amount: 50 }, // before the window
  ] as const;

  it('sums taker put buys and sells inside the window at one price, leaving out calls and older trades', () => {
    const tape = summarizePutTrades(trades, {
      windowStart: t0,
      windowEnd: t0 + 8 * 3_600_000,
      isPut: (name) => name.endsWith('-P'),
      price: 90_000,
    });
    expect(tape).toEqual({
      putBuyNotional: 270_000,
      putSellNotional: 90_000,
      windowStart: '2025-01-01T00:00:00.000Z',
      windowEnd: '2025-01-01T08:00:00.000Z',
    });
    const r = rule(handChain(PUT_HEAVY), 'selloff-acceleration', SHORT, { spotChangePct: -2, tape });
    expect(r.inputs.putBuyShare).toBe(0.75);
    expect(r.status).toBe('fired');
  });
});
