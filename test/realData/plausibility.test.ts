import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateChains } from '../../src/chain/aggregate.js';
import { checkPlausibleChain } from '../../src/chain/plausibility.js';
import { ChainInputError, type ChainSnapshot } from '../../src/chain/types.js';
import { parseBybitChain } from '../../src/sources/bybit/parse.js';
import { parseCboeCsv } from '../../src/sources/cboe/index.js';
import { parseDeribitChain } from '../../src/sources/deribit/index.js';
import { CBOE_SPX_FILE, DATA_DIR, DERIBIT_BTC_DIR } from '../golden/paths.js';

type Row = Record<string, unknown>;
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const instruments = (): Row[] => json(resolve(DERIBIT_BTC_DIR, 'get_instruments.json'));
const summaries = (): Row[] => json(resolve(DERIBIT_BTC_DIR, 'get_book_summary_by_currency.json'));

/** The real Deribit BTC chain of 2025-11-19, its summary rows changed in memory by `edit`. */
function deribit(edit: (rows: Row[]) => void = () => {}, indexPrice?: number): ChainSnapshot {
  const rows = summaries();
  edit(rows);
  return parseDeribitChain({
    instruments: instruments() as never,
    summaries: rows as never,
    source: DERIBIT_BTC_DIR,
    ...(indexPrice !== undefined ? { indexPrice } : {}),
  });
}

function refusal(f: () => unknown): ChainInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof ChainInputError) return e;
    throw e;
  }
  throw new Error('not refused');
}

/** The first summary row with open interest (one that would enter the snapshot). */
const firstHeld = (rows: Row[]) => rows.find((r) => (r.open_interest as number) > 0) as Row;

describe('a chain whose implied vols are in the wrong unit is refused as a unit mix-up', () => {
  it('reads the recorded Deribit chain as it is (median IV near 53 %)', () => {
    const s = deribit();
    expect(s.options).toHaveLength(686);
    expect(s.dropped.filter((d) => d.reason !== 'zero-open-interest')).toEqual([]);
  });

  it('refuses the Deribit chain with mark_iv divided by 100 (it gave −5 M instead of −144 M, dropping nothing)', () => {
    const e = refusal(() =>
      deribit((rows) => {
        for (const r of rows) r.mark_iv = (r.mark_iv as number) / 100;
      }),
    );
    expect(e.message).toMatch(/^deribit BTC: implied vols look divided by 100 once too often \(unit mix-up\)/);
    expect(e.message).toMatch(/median IV of \d+ options is 0\.5\d* %, below 2 %/);
    expect(e.field).toBe('iv');
  });

  it('refuses the Deribit chain with mark_iv multiplied by 100 (percent where a decimal is due)', () => {
    const e = refusal(() =>
      deribit((rows) => {
        for (const r of rows) r.mark_iv = (r.mark_iv as number) * 100;
      }),
    );
    expect(e.message).toMatch(/percent where a decimal is due \(unit mix-up\).*above 500 %/);
  });

  it('refuses the real SPX download with every other line’s IVs in percent (it dropped half the chain and mapped the rest)', () => {
    const lines = readFileSync(CBOE_SPX_FILE, 'utf8').split('\n');
    const header = lines.findIndex((l) => l.startsWith('Expiration Date'));
    const edited = lines.map((line, i) => {
      if (i <= header || i % 2 === 1 || line === '') return line;
      const cells = line.split(',');
      for (const iv of [7, 18]) cells[iv] = String(Number(cells[iv]) * 100);
      return cells.join(',');
    });
    const e = refusal(() => parseCboeCsv(edited.join('\n'), { source: CBOE_SPX_FILE }));
    expect(e.message).toMatch(
      /^cboe SPX: implied vols look written in percent where a decimal is due in part of the chain \(unit mix-up\): \d+ of \d+ IVs are above 1,000 %, the first on line \d+ \((call|put)\) \(\d+(\.\d+)?\)$/,
    );
    expect(e.field).toBe('iv');
  });

  it('still drops and counts two stray IVs above 1,000 % in the real Deribit chain', () => {
    const s = deribit((rows) => {
      const held = rows.filter((r) => (r.open_interest as number) > 0);
      for (const r of held.slice(0, 2)) r.mark_iv = (r.mark_iv as number) * 100;
    });
    expect(s.options).toHaveLength(684);
    expect(s.dropped.filter((d) => d.reason === 'absurd-implied-vol')).toHaveLength(2);
  });

  it('refuses a Bybit answer whose markIv is written in percent', () => {
    const bybit = (scale: number) => {
      const tickers = json(resolve(DATA_DIR, 'venues/bybit/rest-tickers-option-doc.json'));
      const t = tickers.result.list[0];
      t.markIv = String(Number(t.markIv) * scale);
      const instrument = {
        symbol: t.symbol,
        status: 'Trading',
        baseCoin: 'BTC',
        optionsType: 'Call',
        deliveryTime: String(Date.UTC(2022, 11, 30, 8)),
      };
      return parseBybitChain({ instruments: [instrument], tickers, source: 'bybit docs' });
    };
    expect(bybit(1).options[0]?.iv).toBe(0.7567);
    expect(refusal(() => bybit(100)).message).toMatch(/^bybit BTC: .*percent where a decimal is due/);
  });
});

describe('an option IV below 1 % is dropped and counted', () => {
  it('drops the 320 placeholder IVs (0.001) of the real SPX download of 2022-02-19 as implausible-implied-vol', () => {
    const path = resolve(DATA_DIR, 'cboe-spx-history/spx_quotedata_2022-02-19_1617ET.csv');
    const s = parseCboeCsv(readFileSync(path, 'utf8'), { source: path });
    const low = s.dropped.filter((d) => d.reason === 'implausible-implied-vol');
    expect(low).toHaveLength(320);
    expect(low[0]).toMatchObject({ field: 'iv', value: '0.001' });
    expect(low[0]?.where).toMatch(/^line \d+ \((call|put)\)$/);
    expect(s.options.every((o) => o.iv >= 0.01)).toBe(true);
  });
});

describe('open interest from 1e9 contracts up is refused, naming the row and the field', () => {
  it('refuses a Deribit summary with open_interest 1e308 (it printed "netGex": null)', () => {
    let name = '';
    const e = refusal(() =>
      deribit((rows) => {
        const r = firstHeld(rows);
        r.open_interest = 1e308;
        name = r.instrument_name as string;
      }),
    );
    expect(e.message).toBe(`${name}: open interest (1e+308) must be below 1e9 contracts`);
    expect(e.where).toBe(name);
    expect(e.field).toBe('open interest');
  });

  it('refuses a Deribit instrument whose contract_size is 1e308 (the open interest would shrink to nothing and the GEX overflow)', () => {
    const rows = instruments();
    const r = rows.find((i) => i.instrument_name === firstHeld(summaries()).instrument_name) as Row;
    r.contract_size = 1e308;
    const e = refusal(() =>
      parseDeribitChain({ instruments: rows as never, summaries: summaries() as never, source: DERIBIT_BTC_DIR }),
    );
    expect(e.message).toBe(
      `${r.instrument_name}: multiplier (1e+308) must be below 1e9 units of the underlying per contract`,
    );
  });

  it.each([1e20, 1e308])(
    'refuses a Deribit summary whose volume is %d (a position size under --weight volume)',
    (volume) => {
      let name = '';
      const e = refusal(() =>
        deribit((rows) => {
          const r = firstHeld(rows);
          r.volume = volume;
          name = r.instrument_name as string;
        }),
      );
      expect(e.message).toBe(`${name}: volume (${volume}) must be a non-negative number below 1e9 contracts`);
      expect(e.field).toBe('volume');
    },
  );

  it('refuses a line of the real CBOE SPX download whose put volume is 1e20 (it multiplied net GEX by 1e15 under --weight volume)', () => {
    const lines = readFileSync(CBOE_SPX_FILE, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('Mon Dec 19 2022,SPX'));
    const cells = (lines[at] as string).split(',');
    cells[17] = '1e20';
    lines[at] = cells.join(',');
    const e = refusal(() => parseCboeCsv(lines.join('\n'), { source: CBOE_SPX_FILE }));
    expect(e.message).toBe(
      `line ${at + 1} (put): volume (100000000000000000000) must be a non-negative number below 1e9 contracts`,
    );
  });

  it('refuses a line of the real CBOE SPX download whose call open interest is 1e308', () => {
    const lines = readFileSync(CBOE_SPX_FILE, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('Mon Dec 19 2022,SPX'));
    const cells = (lines[at] as string).split(',');
    cells[10] = '1e308';
    lines[at] = cells.join(',');
    const e = refusal(() => parseCboeCsv(lines.join('\n'), { source: CBOE_SPX_FILE }));
    expect(e.message).toBe(`line ${at + 1} (call): open interest (1e+308) must be below 1e9 contracts`);
  });
});

describe('strikes and forwards must fit spot', () => {
  it('refuses a forward ten times spot, naming the instrument and the field', () => {
    let name = '';
    const e = refusal(() =>
      deribit((rows) => {
        const r = firstHeld(rows);
        r.underlying_price = (r.underlying_price as number) * 10;
        name = r.instrument_name as string;
      }),
    );
    expect(e.message).toMatch(
      new RegExp(`^${name}: forward \\(\\d+(\\.\\d+)?\\) is outside 0.5× … 1.5× spot \\(91629.58\\)$`),
    );
    expect(e.field).toBe('forward');
  });

  it('refuses a spot given in thousands (91.6 for 91,630), naming the first option that does not fit it', () => {
    const e = refusal(() => deribit(undefined, 91.62958));
    expect(e.message).toMatch(/^BTC-\S+: forward \(\S+\) is outside 0.5× … 1.5× spot \(91.62958\)$/);
  });

  it.each([100, 10, 2])(
    'refuses the real SPX download with its Last cell divided by %d: the quotes’ parity forwards contradict it (it mapped every option far from the money)',
    (k) => {
      const text = readFileSync(CBOE_SPX_FILE, 'utf8');
      const spot = +(3990.5601 / k).toFixed(2);
      for (const forward of ['spot', 'implied'] as const) {
        const e = refusal(() =>
          parseCboeCsv(text.replace('Last: 3990.5601', `Last: ${spot}`), { source: CBOE_SPX_FILE, forward }),
        );
        expect(e.message).toMatch(
          new RegExp(
            `^cboe SPX: spot \\(${spot}\\) disagrees with the quotes: the median put-call parity forward of \\d+ expiries is 4\\d{3}(\\.\\d+)?, [\\d.]+× spot, outside 0.5× … 1.5×`,
          ),
        );
        expect(e.field).toBe('spot');
      }
    },
  );

  it('refuses a strike beyond spot×1,000 or below spot/1,000', () => {
    const s = deribit();
    const o = s.options[0] as ChainSnapshot['options'][number];
    for (const strike of [s.spot * 1001, s.spot / 1001]) {
      const e = refusal(() => checkPlausibleChain({ ...s, options: [{ ...o, strike }] }));
      expect(e.message).toMatch(
        new RegExp(`^${o.instrument}: strike \\(\\S+\\) is outside spot/1000 … spot×1000 \\(spot 91629.58\\)$`),
      );
      expect(e.field).toBe('strike');
    }
  });

  it('gives a volatility index its futures band: forwards at twice spot pass for VIX, not for BTC', () => {
    const s = deribit();
    const doubled = { ...s, options: s.options.map((o) => ({ ...o, forward: o.forward * 2 })) };
    expect(() => checkPlausibleChain({ ...doubled, underlying: 'VIX' })).not.toThrow();
    expect(refusal(() => checkPlausibleChain(doubled)).field).toBe('forward');
    const far = { ...s, underlying: 'VIX', options: s.options.map((o) => ({ ...o, forward: o.forward * 5 })) };
    expect(refusal(() => checkPlausibleChain(far)).message).toMatch(/is outside 0.25× … 4× spot/);
  });

  it('checks an aggregated chain against the reference venue spot', () => {
    const s = deribit();
    const other = { ...s, venue: 'okx', spot: s.spot * 3 };
    expect(aggregateChains([s, other]).options).toHaveLength(2 * s.options.length);
    expect(refusal(() => aggregateChains([s, other], { referenceVenue: 'okx' })).message).toMatch(
      /^deribit:BTC-\S+: forward \(\S+\) is outside 0.5× … 1.5× spot/,
    );
  });
});

describe('timestamps outside 1990–2100 are refused where they are read, naming the row and the field', () => {
  it('refuses a Deribit expiration_timestamp of 1e20 (it ended in "Invalid time value")', () => {
    const rows = instruments();
    const r = rows[0] as Row;
    r.expiration_timestamp = 1e20;
    const e = refusal(() =>
      parseDeribitChain({ instruments: rows as never, summaries: summaries() as never, source: DERIBIT_BTC_DIR }),
    );
    expect(e.message).toBe(
      `${r.instrument_name}: expiration_timestamp (100000000000000000000) is not an epoch-ms instant between 1990-01-01 and 2100-01-01`,
    );
    expect(e.field).toBe('expiration_timestamp');
  });

  it('refuses a Deribit creation_timestamp in seconds (the snapshot time)', () => {
    let name = '';
    const e = refusal(() =>
      deribit((rows) => {
        const r = rows[3] as Row;
        r.creation_timestamp = Math.floor((r.creation_timestamp as number) / 1000);
        name = r.instrument_name as string;
      }),
    );
    expect(e.message).toMatch(new RegExp(`^${name}: creation_timestamp \\(1763551\\d+\\) is not an epoch-ms instant`));
  });

  it('refuses a Bybit deliveryTime of 1e20 in the real instruments-info answer', () => {
    const answer = json(resolve(DATA_DIR, 'venues/bybit/rest-instruments-info-option-doc.json'));
    answer.result.list[0].deliveryTime = '1e20';
    const tickers = json(resolve(DATA_DIR, 'venues/bybit/rest-tickers-option-doc.json'));
    const e = refusal(() => parseBybitChain({ instruments: answer, tickers, source: 'bybit docs' }));
    expect(e.message).toBe(
      'BTC-27MAR26-70000-P-USDT: deliveryTime (100000000000000000000) is not an epoch-ms instant between 1990-01-01 and 2100-01-01',
    );
  });

  it('refuses a snapshot time outside the range whatever the source', () => {
    const s = deribit();
    expect(refusal(() => checkPlausibleChain({ ...s, asOf: Date.UTC(2100, 0, 2) })).message).toMatch(
      /^deribit BTC: asOf \(\d+\) is not an epoch-ms instant between 1990-01-01 and 2100-01-01$/,
    );
  });
});
