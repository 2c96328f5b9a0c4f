import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    color: false,
    width: 0,
  }); // lines whole: wrapping is checked on its own
  return { code, stdout, stderr };
}

function tapeFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'gexmap-tape-'));
  const file = join(dir, 'tape.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('gexmap report --json: mechanics, skew, pins and playbook fields', () => {
  it('adds hedgeFlow, vanna, charm, rollOff, skew, pins and playbook with their documented shapes', async () => {
    const { code, stdout } = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(Object.keys(r.hedgeFlow).sort()).toEqual(
      [
        'byExpiry',
        'dealerDelta',
        'dealerDeltaUsd',
        'differenceUsd',
        'flowUsd',
        'linearUsd',
        'movesPct',
        'netGex',
        'spots',
      ].sort(),
    );
    expect(r.hedgeFlow.movesPct).toHaveLength(41);
    expect(Object.keys(r.hedgeFlow.byExpiry[0]).sort()).toEqual(['daysToExpiry', 'expiry', 'flowUsd']);
    expect(Object.keys(r.vanna).sort()).toEqual(['byExpiry', 'byStrike', 'hedgeFlowUsd', 'perVolPointUsd']);
    expect(Object.keys(r.charm).sort()).toEqual([
      'byExpiry',
      'byStrike',
      'perDayHedgeFlowUsd',
      'perDayUsd',
      'withinDay',
    ]);
    expect(Object.keys(r.rollOff).sort()).toEqual(
      [
        'after',
        'before',
        'expiringDealerDelta',
        'expiringDealerDeltaUsd',
        'expiry',
        'hoursToExpiry',
        'netGexChange',
        'options',
        'unwindFlowUsd',
      ].sort(),
    );
    expect(Object.keys(r.skew.expiries[0]).sort()).toEqual(
      ['atmIv', 'bf25', 'call25Iv', 'daysToExpiry', 'expiry', 'forward', 'put25Iv', 'reasons', 'rr25', 'smile'].sort(),
    );
    expect(Object.keys(r.skew.expiries[0].smile[0]).sort()).toEqual(
      ['delta', 'iv', 'logMoneyness', 'openInterest', 'strike', 'type'].sort(),
    );
    expect(Object.keys(r.pins).sort()).toEqual(['band', 'combined', 'days', 'expiries']);
    expect(r.playbook.rules.map((x: { rule: string }) => x.rule)).toEqual([
      'squeeze-risk',
      'range-backdrop',
      'selloff-acceleration',
    ]);
    expect(r.playbook.caveat).toMatch(/not direction/);
    expect(r.conventions.hedgeFlow).toMatch(/−10 % to \+10 %/);
  });

  it('applies --spot-change, --lookback, --put-tape, --pin-days, --pin-band, --flow-range and --threshold', async () => {
    const tape = tapeFile({
      putBuyNotional: 8e7,
      putSellNotional: 2e7,
      windowStart: '2025-11-18T11:20:00Z',
      windowEnd: '2025-11-19T11:20:00Z',
    });
    const { code, stdout } = await run([
      'report',
      '--deribit-dir',
      DERIBIT_BTC_DIR,
      '--json',
      '--spot-change',
      '-2.5%',
      '--lookback',
      '24h',
      '--put-tape',
      tape,
      '--pin-days',
      '2',
      '--pin-band',
      '3',
      '--flow-range',
      '5',
      '--threshold',
      'selloffPutBuyShareMin=0.7',
      '--threshold',
      'rangeReachPct=1',
    ]);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.hedgeFlow.movesPct[0]).toBe(-5);
    expect(r.pins.expiries).toHaveLength(2);
    expect(r.pins.band.pct).toBe(3);
    expect(r.playbook.lookback).toBe('24h');
    const selloff = r.playbook.rules[2];
    expect(selloff.status).toBe('fired');
    expect(selloff.inputs).toMatchObject({ spotChangePct: -2.5, putBuyShare: 0.8 });
    expect(selloff.thresholds.selloffPutBuyShareMin).toBe(0.7);
    expect(r.playbook.rules[1].thresholds.rangeReachPct).toBe(1);
  });

  it('exits 2 naming the flag for a bad spot change, threshold, flow range or tape file', async () => {
    const base = ['report', '--deribit-dir', DERIBIT_BTC_DIR, '--json'];
    const spot = await run([...base, '--spot-change', 'up']);
    expect(spot.code).toBe(2);
    expect(spot.stderr).toMatch(/--spot-change up is not a percentage/);
    const th = await run([...base, '--threshold', 'squeezy=1']);
    expect(th.code).toBe(2);
    expect(th.stderr).toMatch(/threshold squeezy is unknown/);
    const share = await run([...base, '--threshold', 'squeezeCallShareMin=60']);
    expect(share.code).toBe(2);
    expect(share.stderr).toMatch(/squeezeCallShareMin \(60\)/);
    expect((await run([...base, '--flow-range', '150'])).stderr).toMatch(/--flow-range 150 is outside 0\.1 … 99/);
    const bad = tapeFile({ putBuyNotional: 'lots', putSellNotional: 1, windowStart: 0, windowEnd: 1 });
    const tape = await run([...base, '--put-tape', bad]);
    expect(tape.code).toBe(2);
    expect(tape.stderr).toMatch(/put tape file .*: putTape.putBuyNotional: expected number, got string$/m);
    expect(tape.stdout).toBe('');
  });
});

describe('gexmap report (text): mechanics sections after the GEX report', () => {
  it('prints hedge flows, vanna and charm with their sign, roll-off, skew, pins and the playbook with the caveat', async () => {
    const { code, stdout } = await run(['report', '--cboe', CBOE_SPX_FILE, '--rows', '5', '--spot-change', '1.5']);
    expect(code).toBe(0);
    for (const text of [
      'Net GEX at spot',
      'Hedge flows: USD dealers must buy (+) or sell (−)',
      '│  −5.00 % │',
      'Dealer delta at spot',
      // AM-settled SPX monthlies expire at the 09:30 open (15.502 / 15.534 with them at 16:00)
      'Vanna   +15.415 bn USD per +1 vol point → if all vols rise 1 point dealers SELL 15.415 bn USD',
      'Charm   −15.431 bn USD per day of time passing → dealers BUY 15.431 bn USD a day',
      'expiring within 24 h (2022-12-13 21:00 UTC; 224 options)',
      'Roll-off: 2022-12-13 21:00 UTC leaves in 19.5 h (224 options)',
      'Skew and term structure',
      '… 39 more expiries in --json', // 5 dates hold an AM and a PM expiry
      'Pins: expiries within 7 days, strikes within ±5 % of spot',
      'pin range 3,950 (put OI 90,663) – 4,000 (call OI 160,183)',
      'squeeze-risk          NOT-FIRED',
      'selloff-acceleration  NOT-FIRED: no sell-off acceleration setup: not met: price change over the lookback < -1 %',
      'spotChangePct 1.50',
      'caveat: GEX maps dealer hedging mechanics',
    ]) {
      expect(stdout).toContain(text);
    }
    // The GEX map first, then the mechanics, and the conventions of all of them last.
    expect(stdout.indexOf('Hedge flows')).toBeGreaterThan(stdout.indexOf('Net GEX profile'));
    expect(stdout.indexOf('\nConventions')).toBeGreaterThan(stdout.indexOf('Playbook'));
  });
});
