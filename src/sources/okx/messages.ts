import { ChainInputError, type ChainSnapshot, type OptionQuote } from '../../chain/types.js';
import { type PayloadFields, venueRow } from '../venue/fields.js';
import { isRecord } from '../venue/json.js';
import type { OkxOptSummary } from './payloads.js';

export const OKX_PUBLIC_WS_URL = 'wss://ws.okx.com:8443/ws/v5/public';
export const OPT_SUMMARY_CHANNEL = 'opt-summary';

/** The documented subscribe request of the opt-summary channel for an option family. */
export function subscribeRequest(family: string): string {
  return JSON.stringify({ op: 'subscribe', args: [{ channel: OPT_SUMMARY_CHANNEL, instFamily: family }] });
}

/** One option of an opt-summary push; a push without fwdPx moves the IV only. */
export interface SummaryPush {
  readonly name: string;
  readonly markVol: number;
  readonly forward?: number;
  readonly ts: number;
}

/**
 * Reads one row of an opt-summary push. The REST answer always carries fwdPx; the push is read
 * without requiring it, so that a push that leaves it out still moves the IV (the forward then
 * stays the last REST snapshot's).
 */
export function readSummaryPush(row: unknown, i: number): SummaryPush {
  const f: PayloadFields<OkxOptSummary> = venueRow<OkxOptSummary>(row, i, 'okx opt-summary push', 'instId');
  const forward = f.has('fwdPx') && f.string('fwdPx') !== '' ? f.decimal('fwdPx') : undefined;
  return {
    name: f.string('instId'),
    markVol: f.optionalDecimal('markVol'),
    ts: f.decimalInstant('ts'),
    ...(forward !== undefined ? { forward } : {}),
  };
}

/** What one frame of OKX's public WebSocket means to the stream. */
export type OkxWsMessage =
  | { readonly kind: 'pong' }
  | { readonly kind: 'subscribed' }
  | { readonly kind: 'error'; readonly code: string; readonly message: string }
  | { readonly kind: 'summaries'; readonly rows: readonly SummaryPush[] }
  | { readonly kind: 'other' }
  | { readonly kind: 'malformed'; readonly reason: string };

/** Classifies one text frame: `pong`, `{event: subscribe|error}`, `{arg: {channel: opt-summary}, data}`. */
export function classifyOkxMessage(text: string): OkxWsMessage {
  if (text === 'pong') return { kind: 'pong' };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: 'malformed', reason: `frame is not JSON (malformed or truncated, ${text.length} bytes)` };
  }
  if (!isRecord(body)) return { kind: 'malformed', reason: 'frame is not a JSON object' };
  if (body.event === 'subscribe') return { kind: 'subscribed' };
  if (body.event === 'error') return { kind: 'error', code: String(body.code ?? ''), message: String(body.msg ?? '') };
  if (isRecord(body.arg) && body.arg.channel === OPT_SUMMARY_CHANNEL) {
    if (!Array.isArray(body.data)) return { kind: 'malformed', reason: 'opt-summary push without a data array' };
    try {
      return { kind: 'summaries', rows: body.data.map((row, i) => readSummaryPush(row, i)) };
    } catch (e) {
      if (e instanceof ChainInputError) return { kind: 'malformed', reason: e.message };
      throw e;
    }
  }
  return { kind: 'other' };
}

export interface AppliedSummaries {
  readonly snapshot: ChainSnapshot;
  /** rows written into options of the snapshot */
  readonly applied: number;
  /** rows for instruments the snapshot does not hold (dropped or newly listed: they enter at the next REST snapshot) */
  readonly ignored: number;
}

/**
 * Writes pushed opt-summary rows into a snapshot: each option's iv (markVol) and forward (fwdPx,
 * when the push has it); asOf moves to the latest row `ts`. Open interest and membership change
 * only with a REST snapshot. A row whose markVol or fwdPx is not usable is ignored.
 */
export function applyOkxSummaries(snapshot: ChainSnapshot, rows: readonly SummaryPush[]): AppliedSummaries {
  const latest = new Map<string, SummaryPush>();
  for (const r of rows) {
    const seen = latest.get(r.name);
    if (seen === undefined || r.ts >= seen.ts) latest.set(r.name, r);
  }
  let applied = 0;
  let asOf = snapshot.asOf;
  const options: OptionQuote[] = snapshot.options.map((o) => {
    const r = latest.get(o.instrument);
    if (r === undefined || !(r.markVol > 0) || (r.forward !== undefined && !(r.forward > 0))) return o;
    applied++;
    asOf = Math.max(asOf, r.ts);
    return { ...o, iv: r.markVol, forward: r.forward ?? o.forward };
  });
  return { snapshot: { ...snapshot, options, asOf }, applied, ignored: latest.size - applied };
}
