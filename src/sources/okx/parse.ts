import { checkPlausibleChain } from '../../chain/plausibility.js';
import { ChainInputError, type ChainSnapshot, type OptionType } from '../../chain/types.js';
import { assembleOptions } from '../venue/assemble.js';
import { keyedRows, type PayloadFields, venueRow } from '../venue/fields.js';
import { isRecord } from '../venue/json.js';
import type { OkxIndexTicker, OkxInstrument, OkxOpenInterest, OkxOptSummary } from './payloads.js';

export const OKX_INSTRUMENTS = '/api/v5/public/instruments';
export const OKX_OPT_SUMMARY = '/api/v5/public/opt-summary';
export const OKX_OPEN_INTEREST = '/api/v5/public/open-interest';
export const OKX_INDEX_TICKERS = '/api/v5/market/index-tickers';

export interface OkxChainInput {
  /** the `data` arrays (or whole `{code, msg, data}` answers) of the four endpoints */
  readonly instruments: unknown;
  readonly summaries: unknown;
  readonly openInterest: unknown;
  readonly indexTickers: unknown;
  readonly source: string;
  readonly maxIv?: number;
}

/** `data` of an OKX answer, or the array itself. An answer with code ≠ "0" is an error naming it. */
export function okxData(answer: unknown, endpoint: string): readonly unknown[] {
  if (Array.isArray(answer)) return answer;
  if (isRecord(answer)) {
    if (answer.code !== undefined && answer.code !== '0') {
      throw new ChainInputError(
        `${endpoint}: OKX answered with error ${JSON.stringify(answer.code)}: ${JSON.stringify(answer.msg)}`,
        endpoint,
        'code',
      );
    }
    if (Array.isArray(answer.data)) return answer.data;
  }
  throw new ChainInputError(`${endpoint}: expected {"code": "0", "msg": "", "data": [...]}`, endpoint, 'data');
}

interface Instrument {
  readonly name: string;
  readonly uly: string;
  readonly strike: number;
  readonly type: OptionType;
  readonly expiry: number;
  readonly multiplier: number;
  /** state is `live` */
  readonly trading: boolean;
}

const NAME = /^([A-Z0-9]+-[A-Z0-9]+)-(\d{6})-(\d+(?:\.\d+)?)-([CP])$/;

function readInstrument(row: unknown, i: number): Instrument {
  const f: PayloadFields<OkxInstrument> = venueRow<OkxInstrument>(row, i, OKX_INSTRUMENTS, 'instId');
  const name = f.string('instId');
  const instType = f.string('instType');
  if (instType !== 'OPTION') f.fail('instType', `(${JSON.stringify(instType)}) is not "OPTION"`);
  const uly = f.string('uly');
  const optType = f.string('optType');
  if (optType !== 'C' && optType !== 'P') f.fail('optType', `(${JSON.stringify(optType)}) is not "C" or "P"`);
  const strike = f.decimal('stk');
  const expiry = f.decimalInstant('expTime');
  const ctVal = f.decimal('ctVal');
  const ctMult = f.decimal('ctMult');
  const ctValCcy = f.string('ctValCcy');
  const state = f.string('state');
  const m = NAME.exec(name);
  if (m === null) f.fail('instId', 'is not an option name like BTC-USD-251128-90000-C');
  if (m[1] !== uly) f.fail('uly', `(${uly}) disagrees with the name (${m[1]})`);
  if (Number(m[3]) !== strike) f.fail('stk', `(${strike}) disagrees with the name (${m[3]})`);
  if (m[4] !== optType) f.fail('optType', `(${optType}) disagrees with the name (${m[4]})`);
  const base = uly.split('-')[0];
  if (ctValCcy !== base) f.fail('ctValCcy', `(${ctValCcy}) is not the underlying coin ${base}: contract size unknown`);
  return { name, uly, strike, type: optType, expiry, multiplier: ctVal * ctMult, trading: state === 'live' };
}

export interface Summary {
  readonly name: string;
  readonly markVol: number;
  /** fwdPx; undefined where the row has none (OKX's answers before fwdPx was added, e.g. 2021) */
  readonly forward: number | undefined;
  readonly ts: number;
}

/** Reads one row of the opt-summary REST answer (pushes: readSummaryPush); fwdPx may be absent or empty. */
export function readSummary(row: unknown, i: number): Summary {
  const f: PayloadFields<OkxOptSummary> = venueRow<OkxOptSummary>(row, i, OKX_OPT_SUMMARY, 'instId');
  return {
    name: f.string('instId'),
    markVol: f.optionalDecimal('markVol'),
    forward: f.has('fwdPx') && f.string('fwdPx') !== '' ? f.decimal('fwdPx') : undefined,
    ts: f.decimalInstant('ts'),
  };
}

/**
 * The forward of each expiry from the rows that carry fwdPx: OKX quotes one forward per expiry,
 * so a row without fwdPx takes its expiry's (the median of that expiry's rows, should they differ).
 */
function forwardsByExpiry(
  instruments: ReadonlyMap<string, Instrument>,
  summaries: ReadonlyMap<string, Summary>,
): Map<number, number> {
  const seen = new Map<number, number[]>();
  for (const s of summaries.values()) {
    const inst = instruments.get(s.name);
    if (inst === undefined || s.forward === undefined) continue;
    seen.set(inst.expiry, [...(seen.get(inst.expiry) ?? []), s.forward]);
  }
  const out = new Map<number, number>();
  for (const [expiry, fwds] of seen) {
    const sorted = fwds.sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    out.set(
      expiry,
      sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2,
    );
  }
  return out;
}

interface OpenInterest {
  readonly name: string;
  readonly oi: number;
}

function readOi(row: unknown, i: number): OpenInterest {
  const f: PayloadFields<OkxOpenInterest> = venueRow<OkxOpenInterest>(row, i, OKX_OPEN_INTEREST, 'instId');
  return { name: f.string('instId'), oi: f.decimal('oi') };
}

function indexPrice(rows: readonly unknown[], uly: string): number {
  for (const [i, row] of rows.entries()) {
    const f: PayloadFields<OkxIndexTicker> = venueRow<OkxIndexTicker>(row, i, OKX_INDEX_TICKERS, 'instId');
    if (f.string('instId') !== uly) continue;
    const px = f.decimal('idxPx');
    if (!(px > 0)) f.fail('idxPx', `(${px}) must be a positive price`);
    return px;
  }
  throw new ChainInputError(`${OKX_INDEX_TICKERS}: no index ${uly} in the answer`, OKX_INDEX_TICKERS, 'instId');
}

/**
 * Turns OKX's option instruments, option summaries, open interest and index ticker into a
 * snapshot: Black-76 on each row's `fwdPx`; iv = markVol (already decimal); multiplier =
 * ctVal × ctMult (coin per contract); open interest = `oi` (contracts); asOf = the latest
 * summary `ts`; spot = `idxPx` of the underlying's index (BTC-USD). Transport-free.
 *
 * Errors (ChainInputError naming the instrument and field): a missing or non-numeric field, a name
 * that disagrees with its row, mixed underlyings, a duplicate, a summary or OI row for an
 * instrument not listed, a contract value in another currency than the coin.
 * Dropped: instruments not `live`, instruments without a summary, then admitQuote's rules
 * (instruments without an open-interest row count as zero open interest).
 * Forward: a row without fwdPx (OKX's older answers) takes its expiry's fwdPx from the other rows
 * (forwardsByExpiry); where no row of the expiry has one, it is dropped as `missing-forward` on
 * field fwdPx. The index is not used in its place: it lacks the expiry's basis.
 */
export function parseOkxChain(input: OkxChainInput): ChainSnapshot {
  const instruments = keyedRows(okxData(input.instruments, OKX_INSTRUMENTS), readInstrument, OKX_INSTRUMENTS, 'instId');
  const summaries = keyedRows(okxData(input.summaries, OKX_OPT_SUMMARY), readSummary, OKX_OPT_SUMMARY, 'instId');
  const ois = keyedRows(okxData(input.openInterest, OKX_OPEN_INTEREST), readOi, OKX_OPEN_INTEREST, 'instId');
  if (instruments.size === 0)
    throw new ChainInputError(`${OKX_INSTRUMENTS}: no options in the answer`, OKX_INSTRUMENTS, 'data');
  for (const [endpoint, rows] of [
    [OKX_OPT_SUMMARY, summaries],
    [OKX_OPEN_INTEREST, ois],
  ] as const) {
    for (const name of rows.keys()) {
      if (!instruments.has(name)) {
        throw new ChainInputError(`${name}: in ${endpoint} but not in ${OKX_INSTRUMENTS}`, name, 'instId');
      }
    }
  }
  let uly: string | undefined;
  for (const inst of instruments.values()) {
    uly ??= inst.uly;
    if (inst.uly !== uly) {
      throw new ChainInputError(`${inst.name}: uly (${inst.uly}) differs from the chain's ${uly}`, inst.name, 'uly');
    }
  }
  const underlying = uly as string;
  let asOf = Number.NEGATIVE_INFINITY;
  for (const s of summaries.values()) asOf = Math.max(asOf, s.ts);
  if (!Number.isFinite(asOf))
    throw new ChainInputError(`${OKX_OPT_SUMMARY}: no summaries in the answer`, OKX_OPT_SUMMARY, 'data');
  const spot = indexPrice(okxData(input.indexTickers, OKX_INDEX_TICKERS), underlying);

  const expiryForward = forwardsByExpiry(instruments, summaries);
  const forwardOf = (inst: Instrument, s: Summary) => s.forward ?? expiryForward.get(inst.expiry);
  const { options, dropped } = assembleOptions(instruments.values(), summaries, {
    asOf,
    maxIv: input.maxIv,
    statusField: 'state',
    quoteSource: OKX_OPT_SUMMARY,
    drop: (inst, s) =>
      forwardOf(inst, s) === undefined ? { where: inst.name, field: 'fwdPx', reason: 'missing-forward' } : undefined,
    quote: (inst, s) => ({
      openInterest: ois.get(inst.name)?.oi ?? 0,
      iv: s.markVol,
      forward: forwardOf(inst, s) as number,
      multiplier: inst.multiplier,
    }),
  });
  return checkPlausibleChain({
    venue: 'okx',
    underlying: underlying.split('-')[0] as string,
    asOf,
    spot,
    model: { kind: 'black76', rate: 0 },
    options,
    dropped,
    source: input.source,
  });
}
