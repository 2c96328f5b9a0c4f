import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { black76 } from '../../../src/core/black76.js';
import { DERIBIT_BTC_DIR } from '../../golden/paths.js';
import { seededRandom } from '../syntheticChain.js';

/** A raw payload row, as Deribit sends it. */
export type Row = Record<string, unknown>;

const YEAR_MS = 365 * 86_400_000;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export interface ReplayMarketSpec {
  /** `currency` of get_instruments / get_book_summary_by_currency / trades */
  readonly restCurrency: string;
  /** e.g. btc_usd */
  readonly indexName: string;
  /** get_instruments rows */
  readonly instruments: readonly Row[];
  /** get_book_summary_by_currency rows */
  readonly summaries: readonly Row[];
  /** inverse: marks in coin per contract */
  readonly inverse: boolean;
  readonly seed?: number;
  /** synthetic trades before the start, spread over `historyHours` */
  readonly historyTrades?: number;
  readonly historyHours?: number;
  /** first trade id number (keep ids unique across markets of one server) */
  readonly tradeIdBase?: number;
}

interface Option {
  readonly name: string;
  readonly instrument: Row;
  readonly summary: Row;
  readonly strike: number;
  readonly phi: 1 | -1;
  readonly expiry: number;
  readonly contractSize: number;
  /** recorded forward at the recorded index */
  readonly forward0: number;
  ivPct: number;
  openInterest: number;
  markPrice: number;
  tradeSeq: number;
}

export interface ReplayTick {
  readonly timestamp: number;
  readonly index: number;
  readonly marks: Row[];
  readonly trades: Row[];
  /** options that expired (clock passed their expiry) in this tick */
  readonly expired: string[];
}

/**
 * A simulated Deribit option market that starts exactly at a recorded chain and moves
 * deterministically: each tick moves the index (every forward with it) and every mark vol a
 * little (two-decimal percent, like Deribit's mark_iv), and prints a few trades. What the REST
 * methods answer and what the stream sends are derived from the same state, so a client that
 * applies the stream correctly ends up where a fresh REST snapshot is.
 */
export class ReplayMarket {
  readonly restCurrency: string;
  readonly indexName: string;
  clock: number;
  index: number;
  readonly index0: number;
  private options = new Map<string, Option>();
  private readonly rnd: () => number;
  private readonly inverse: boolean;
  readonly history: Row[] = [];
  /** the index at the start and after every tick: what the replay charts as the perpetual's trades */
  readonly indexPath: { readonly t: number; readonly price: number }[] = [];
  private nextTradeId: number;
  private blockId = 1;

  constructor(spec: ReplayMarketSpec) {
    this.restCurrency = spec.restCurrency;
    this.indexName = spec.indexName;
    this.inverse = spec.inverse;
    this.rnd = seededRandom(spec.seed ?? 7);
    this.nextTradeId = spec.tradeIdBase ?? 1;
    const summaries = new Map(spec.summaries.map((s) => [String(s.instrument_name), s]));
    let clock = 0;
    let latest: Row | undefined;
    for (const s of spec.summaries) {
      const ts = Number(s.creation_timestamp);
      if (ts > clock) {
        clock = ts;
        latest = s;
      }
    }
    this.clock = clock;
    this.index0 = Number(latest?.estimated_delivery_price);
    this.index = this.index0;
    this.indexPath.push({ t: this.clock, price: this.index });
    for (const inst of spec.instruments) {
      const name = String(inst.instrument_name);
      const summary = summaries.get(name);
      if (summary === undefined) continue;
      this.options.set(name, {
        name,
        instrument: { ...inst },
        summary: { ...summary },
        strike: Number(inst.strike),
        phi: inst.option_type === 'call' ? 1 : -1,
        expiry: Number(inst.expiration_timestamp),
        contractSize: Number(inst.contract_size),
        forward0: Number(summary.underlying_price),
        ivPct: Number(summary.mark_iv),
        openInterest: Number(summary.open_interest),
        markPrice: Number(summary.mark_price),
        tradeSeq: 1,
      });
    }
    this.makeHistory(spec.historyTrades ?? 0, spec.historyHours ?? 48);
  }

  /** The perpetual of the market's underlying: `BTC-PERPETUAL`, `SOL_USDC-PERPETUAL`. */
  get perpetual(): string {
    return this.inverse ? `${this.restCurrency}-PERPETUAL` : `${this.indexName.toUpperCase()}-PERPETUAL`;
  }

  /** Live option names, in listing order. */
  names(): string[] {
    return [...this.options.keys()];
  }

  forward(o: Option): number {
    return (o.forward0 * this.index) / this.index0;
  }

  /** public/get_instruments rows of the live options. */
  instrumentRows(): Row[] {
    return [...this.options.values()].map((o) => ({ ...o.instrument }));
  }

  /** public/get_book_summary_by_currency rows, now. */
  summaryRows(): Row[] {
    return [...this.options.values()].map((o) => ({
      ...o.summary,
      mark_iv: o.ivPct,
      mark_price: o.markPrice,
      open_interest: o.openInterest,
      underlying_price: this.forward(o),
      estimated_delivery_price: this.index,
      creation_timestamp: this.clock,
    }));
  }

  /** markprice.options items for every live option, now (iv decimal). */
  markRows(): Row[] {
    return [...this.options.values()].map((o) => ({
      instrument_name: o.name,
      mark_price: o.markPrice,
      iv: o.ivPct / 100,
      timestamp: this.clock,
    }));
  }

  private mark(o: Option): number {
    const forward = this.forward(o);
    const t = (o.expiry - this.clock) / YEAR_MS;
    const usd = black76({ phi: o.phi, forward, strike: o.strike, vol: o.ivPct / 100, t }).price;
    return this.inverse ? round(usd / forward, 8) : round(usd, 4);
  }

  private trade(o: Option, timestamp: number, block: boolean): Row {
    const r = this.rnd;
    const buyBias = o.phi === 1 ? 0.58 : 0.45;
    const direction = r() < buyBias ? 'buy' : 'sell';
    const amount = block ? 25 + Math.floor(r() * 10) * 25 : (1 + Math.floor(r() * 40)) / 10;
    const id = this.nextTradeId++;
    return {
      trade_id: String(id),
      trade_seq: o.tradeSeq++,
      instrument_name: o.name,
      timestamp,
      direction,
      amount,
      contracts: amount / o.contractSize,
      price: o.markPrice,
      mark_price: o.markPrice,
      index_price: this.index,
      iv: o.ivPct,
      tick_direction: 0,
      ...(block ? { block_trade_id: `BLOCK-${this.restCurrency}-${this.blockId++}`, block_trade_leg_count: 1 } : {}),
    };
  }

  private tradable(): Option[] {
    return [...this.options.values()].filter((o) => o.openInterest > 0);
  }

  private makeHistory(count: number, hours: number): void {
    const pool = this.tradable();
    if (count === 0 || pool.length === 0) return;
    const start = this.clock - hours * 3_600_000;
    const stamps: number[] = [];
    for (let i = 0; i < count; i++) {
      // one trade in ten shares the millisecond of the one before: pages must not lose ties
      const prev = stamps[stamps.length - 1];
      stamps.push(
        prev !== undefined && this.rnd() < 0.1 ? prev : start + Math.floor(this.rnd() * (this.clock - start - 1000)),
      );
    }
    stamps.sort((a, b) => a - b);
    for (const ts of stamps) {
      const o = pool[Math.floor(this.rnd() * pool.length)] as Option;
      this.history.push(this.trade(o, ts, this.rnd() < 0.03));
    }
  }

  /**
   * Moves the market on by `advanceMs`: index ±0.04 %, every vol ±0.1 point (two decimals),
   * marks re-priced, `trades` new trades; options whose expiry the clock reaches are delisted.
   */
  tick(opts: { readonly advanceMs?: number; readonly trades?: number } = {}): ReplayTick {
    const r = this.rnd;
    this.clock += opts.advanceMs ?? 1000;
    this.index = round(this.index * (1 + (r() - 0.5) * 0.0008), 2);
    const expired: string[] = [];
    for (const o of [...this.options.values()]) {
      if (o.expiry <= this.clock) {
        this.options.delete(o.name);
        expired.push(o.name);
        continue;
      }
      o.ivPct = Math.max(5, round(o.ivPct + (r() - 0.5) * 0.2, 2));
      o.markPrice = this.mark(o);
    }
    const pool = this.tradable();
    const trades: Row[] = [];
    const n = opts.trades ?? 2;
    for (let i = 0; i < n && pool.length > 0; i++) {
      trades.push(this.trade(pool[Math.floor(r() * pool.length)] as Option, this.clock, r() < 0.05));
    }
    this.history.push(...trades);
    this.indexPath.push({ t: this.clock, price: this.index });
    return { timestamp: this.clock, index: this.index, marks: this.markRows(), trades, expired };
  }

  /** Delists one option now (as at its settlement): it leaves every answer. */
  delist(name: string): boolean {
    return this.options.delete(name);
  }

  /** Lists a new option: a copy of `template` at another strike. */
  list(template: string, strike: number): string {
    const o = this.options.get(template);
    if (o === undefined) throw new Error(`${template} is not listed`);
    const strikeText = String(strike).replace('.', 'd');
    const name = o.name.replace(/-[\dd]+-([CP])$/, `-${strikeText}-$1`);
    this.options.set(name, {
      ...o,
      name,
      instrument: { ...o.instrument, instrument_name: name, strike, creation_timestamp: this.clock },
      summary: { ...o.summary, instrument_name: name },
      strike,
      tradeSeq: 1,
    });
    return name;
  }

  setOpenInterest(name: string, openInterest: number): void {
    const o = this.options.get(name);
    if (o === undefined) throw new Error(`${name} is not listed`);
    o.openInterest = openInterest;
  }

  openInterest(name: string): number {
    const o = this.options.get(name);
    if (o === undefined) throw new Error(`${name} is not listed`);
    return o.openInterest;
  }

  /** public/get_last_trades_by_currency_and_time over the whole history. */
  tradesBetween(start: number, end: number, count: number, sorting: string): { trades: Row[]; has_more: boolean } {
    const inRange = this.history.filter((t) => {
      const ts = Number(t.timestamp);
      return ts >= start && ts <= end;
    });
    const ordered = sorting === 'asc' ? inRange : [...inRange].reverse();
    return { trades: ordered.slice(0, count), has_more: ordered.length > count };
  }
}

function readRows(name: string): Row[] {
  return JSON.parse(readFileSync(resolve(DERIBIT_BTC_DIR, name), 'utf8')) as Row[];
}

/** The recorded BTC chain of 2025-11-19 as a replay market. */
export function recordedBtcMarket(opts: Partial<ReplayMarketSpec> = {}): ReplayMarket {
  return new ReplayMarket({
    restCurrency: 'BTC',
    indexName: 'btc_usd',
    instruments: readRows('get_instruments.json'),
    summaries: readRows('get_book_summary_by_currency.json'),
    inverse: true,
    historyTrades: 2500,
    historyHours: 48,
    ...opts,
  });
}

/**
 * A USDC-settled linear chain derived from the recorded BTC chain: every price divided by `scale`,
 * contract size `contractSize`, premiums in USD, open interest in coins (contracts × contract
 * size, as Deribit counts option amounts). Only the first `expiries` expiries are kept.
 */
export function linearMarketFromBtc(opts: {
  readonly base: string;
  readonly scale: number;
  readonly contractSize: number;
  readonly expiries?: number;
  readonly tradeIdBase?: number;
  readonly seed?: number;
}): ReplayMarket {
  const instruments = readRows('get_instruments.json');
  const summaries = readRows('get_book_summary_by_currency.json');
  const expiries = [...new Set(instruments.map((i) => Number(i.expiration_timestamp)))].sort((a, b) => a - b);
  const keep = new Set(expiries.slice(0, opts.expiries ?? 2));
  const rename = (name: string, strike: number) =>
    name.replace(/^BTC-/, `${opts.base}_USDC-`).replace(/-\d+-([CP])$/, `-${String(strike).replace('.', 'd')}-$1`);
  const names = new Map<string, string>();
  const inst: Row[] = [];
  for (const i of instruments) {
    if (!keep.has(Number(i.expiration_timestamp))) continue;
    const strike = Number(i.strike) / opts.scale;
    const name = rename(String(i.instrument_name), strike);
    names.set(String(i.instrument_name), name);
    inst.push({
      ...i,
      instrument_name: name,
      strike,
      contract_size: opts.contractSize,
      instrument_type: 'linear',
      settlement_currency: 'USDC',
      base_currency: opts.base,
      quote_currency: 'USDC',
      counter_currency: 'USDC',
      price_index: `${opts.base.toLowerCase()}_usdc`,
    });
  }
  const summ: Row[] = [];
  for (const s of summaries) {
    const name = names.get(String(s.instrument_name));
    if (name === undefined) continue;
    const forward = Number(s.underlying_price);
    summ.push({
      ...s,
      instrument_name: name,
      mark_price: (Number(s.mark_price) * forward) / opts.scale,
      underlying_price: forward / opts.scale,
      estimated_delivery_price: Number(s.estimated_delivery_price) / opts.scale,
      open_interest: Number(s.open_interest) * opts.contractSize,
      base_currency: opts.base,
      quote_currency: 'USDC',
      underlying_index: `SYN.${opts.base}_USDC`,
    });
  }
  return new ReplayMarket({
    restCurrency: 'USDC',
    indexName: `${opts.base.toLowerCase()}_usdc`,
    instruments: inst,
    summaries: summ,
    inverse: false,
    historyTrades: 300,
    historyHours: 24,
    seed: opts.seed ?? 11,
    tradeIdBase: opts.tradeIdBase ?? 1_000_000,
  });
}
