import { ChainInputError } from '../../../chain/types.js';
import { type Bar, mergeBars } from '../../../core/bars.js';
import { isRecord } from '../../venue/json.js';
import type { DeribitHttp } from './http.js';
import type { DeribitMarket } from './market.js';
import type { DeribitChartDataResult } from './payloads.js';

export const CHART_DATA_METHOD = 'public/get_tradingview_chart_data';

/** The bar lengths Deribit serves, minutes (`1D` on the wire for a day). */
export const DERIBIT_CHART_RESOLUTIONS = [1, 3, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440] as const;

/**
 * The perpetual of the chain's underlying, whose trades Deribit charts: `BTC-PERPETUAL` for the
 * inverse BTC options, `SOL_USDC-PERPETUAL` for the linear SOL ones. Its price is the perpetual's,
 * close to the index the options are priced on but not the index itself (Deribit has no candles of
 * an index).
 */
export function perpetualOf(market: DeribitMarket): string {
  return market.settlement === 'inverse' ? `${market.base}-PERPETUAL` : `${market.base}_USDC-PERPETUAL`;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

/**
 * Reads a chart-data result into bars, oldest first. `no_data` is no bars; a bar whose arrays are
 * uneven, whose time is not an increasing whole ms or whose price is not positive and finite, or
 * whose low/high do not hold its open and close, is refused naming the instrument, field and index.
 */
export function parseChartData(result: unknown, instrument: string): Bar[] {
  const where = `${CHART_DATA_METHOD} ${instrument}`;
  const fail = (field: string, why: string): never => {
    throw new ChainInputError(`${where}: ${field} ${why}`, instrument, field);
  };
  if (!isRecord(result)) return fail('result', 'is not an object');
  const r = result as Partial<Record<keyof DeribitChartDataResult, unknown>>;
  if (r.status === 'no_data') return [];
  if (r.status !== 'ok') fail('status', `(${JSON.stringify(r.status)}) must be ok or no_data`);
  const column = (field: 'ticks' | (typeof PRICE_FIELDS)[number]): readonly unknown[] => {
    const v = r[field];
    return Array.isArray(v) ? v : fail(field, 'is not an array');
  };
  const ticks = column('ticks');
  const prices = PRICE_FIELDS.map((f) => {
    const c = column(f);
    if (c.length !== ticks.length) fail(f, `has ${c.length} values for ${ticks.length} ticks`);
    return c;
  });
  const bars: Bar[] = [];
  for (let i = 0; i < ticks.length; i++) {
    const t = ticks[i];
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0)
      fail(`ticks[${i}]`, `(${JSON.stringify(t)}) is not a time in ms`);
    if (i > 0 && (t as number) <= (bars[i - 1] as Bar).t) fail(`ticks[${i}]`, `(${t}) does not increase`);
    const [open, high, low, close] = prices.map((c, k) => {
      const v = c[i];
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
        fail(`${PRICE_FIELDS[k]}[${i}]`, `(${String(v)}) must be a positive finite price`);
      return v as number;
    }) as [number, number, number, number];
    if (low > Math.min(open, close) || high < Math.max(open, close) || low > high)
      fail(`ticks[${i}]`, `bar low ${low} / high ${high} does not hold open ${open} and close ${close}`);
    bars.push({ t: t as number, open, high, low, close });
  }
  return bars;
}

export interface ChartRequest {
  readonly instrument: string;
  /** bar length, minutes */
  readonly minutes: number;
  /** how many of the latest bars */
  readonly count: number;
  /** the latest bar is the one open at this time, ms since epoch */
  readonly endMs: number;
}

/** The longest bar Deribit serves that divides `minutes` (240 is read as 60-minute bars, four to a bar). */
function venueResolution(minutes: number): number {
  for (let k = DERIBIT_CHART_RESOLUTIONS.length - 1; k >= 0; k--) {
    const r = DERIBIT_CHART_RESOLUTIONS[k] as number;
    if (r <= minutes && minutes % r === 0) return r;
  }
  throw new RangeError(`resolution (${minutes}) must be a whole number of minutes`);
}

/**
 * The latest `count` bars of `minutes` of an instrument, from Deribit's chart data over JSON-RPC
 * (`instrument_name, start_timestamp, end_timestamp, resolution`); lengths Deribit does not serve are
 * merged from the longest one it does that divides them. Venue failures are the client's SourceErrors.
 */
export async function fetchChartBars(http: DeribitHttp, req: ChartRequest, signal?: AbortSignal): Promise<Bar[]> {
  const ms = req.minutes * 60_000;
  const venue = venueResolution(req.minutes);
  const lastOpen = Math.floor(req.endMs / ms) * ms;
  const start = lastOpen - (req.count - 1) * ms;
  const result = await http.call(
    CHART_DATA_METHOD,
    {
      instrument_name: req.instrument,
      start_timestamp: start,
      end_timestamp: req.endMs,
      resolution: venue === 1440 ? '1D' : String(venue),
    },
    signal,
  );
  const bars = parseChartData(result, req.instrument).filter((b) => b.t >= start);
  return (venue === req.minutes ? bars : mergeBars(bars, req.minutes)).slice(-req.count);
}
