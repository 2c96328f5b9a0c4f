import {
  OKX_INDEX_TICKERS,
  OKX_INSTRUMENTS,
  OKX_OPEN_INTEREST,
  OKX_OPT_SUMMARY,
} from '../../../src/sources/okx/parse.js';
import { type RecordedChain, type RecordedOption, recordedBtcChain, yymmdd } from './recorded.js';
import { type Route, startVenueReplay, type VenueReplay, type WsEndpoint } from './server.js';

export interface OkxChainSpec {
  /** coin per contract = ctVal × ctMult; OKX BTC-USD options: ctVal 0.01, ctMult 1 */
  readonly ctVal: string;
  readonly ctMult: string;
  /** share of the recorded (Deribit) open interest this venue holds, per option (default 1) */
  readonly oiShare?: (o: RecordedOption) => number;
}

export const OKX_BTC: OkxChainSpec = { ctVal: '0.01', ctMult: '1' };

export function okxName(o: RecordedOption): string {
  return `BTC-USD-${yymmdd(o.expiry)}-${o.strike}-${o.type}`;
}

const ok = (data: unknown[]) => ({ code: '0', msg: '', data });

/** The four OKX answers, in the documented shape, built from the recorded chain. */
export function okxPayloads(spec: OkxChainSpec = OKX_BTC, chain: RecordedChain = recordedBtcChain()) {
  const size = Number(spec.ctVal) * Number(spec.ctMult);
  const share = spec.oiShare ?? (() => 1);
  const instruments = chain.options.map((o) => ({
    instType: 'OPTION',
    instId: okxName(o),
    uly: 'BTC-USD',
    instFamily: 'BTC-USD',
    settleCcy: 'BTC',
    ctVal: spec.ctVal,
    ctMult: spec.ctMult,
    ctValCcy: 'BTC',
    optType: o.type,
    stk: String(o.strike),
    expTime: String(o.expiry),
    listTime: '1760000000000',
    lotSz: '1',
    tickSz: '0.0001',
    minSz: '1',
    ctType: '',
    state: o.active ? 'live' : 'suspend',
  }));
  const summaries = chain.options.map((o) => ({
    instType: 'OPTION',
    instId: okxName(o),
    uly: 'BTC-USD',
    delta: '0',
    gamma: '0',
    vega: '0',
    theta: '0',
    lever: '0',
    markVol: String(o.markIv / 100),
    bidVol: '',
    askVol: '',
    realVol: '',
    volLv: '',
    fwdPx: String(o.forward),
    ts: String(o.ts),
  }));
  const openInterest = chain.options.map((o) => {
    const coins = o.openInterest * share(o);
    return {
      instType: 'OPTION',
      instId: okxName(o),
      oi: String(Math.round(coins / size)),
      oiCcy: String(Math.round(coins / size) * size),
      ts: String(o.ts),
    };
  });
  const indexTickers = [
    {
      instId: 'BTC-USD',
      idxPx: String(chain.index),
      high24h: '0',
      low24h: '0',
      open24h: '0',
      sodUtc0: '0',
      sodUtc8: '0',
      ts: String(chain.asOf),
    },
  ];
  return {
    instruments: ok(instruments),
    summaries: ok(summaries),
    openInterest: ok(openInterest),
    indexTickers: ok(indexTickers),
  };
}

/** OKX's documented rate-limit answer (HTTP 429 with code 50011). */
export const OKX_RATE_LIMIT = { status: 429, body: { code: '50011', msg: 'Too Many Requests', data: [] } };

/** A replay server answering OKX's four public endpoints for the BTC-USD family. */
export async function startOkxReplay(spec: OkxChainSpec = OKX_BTC): Promise<VenueReplay> {
  const p = okxPayloads(spec);
  const family = (q: URLSearchParams) => q.get('instFamily') ?? q.get('uly') ?? q.get('instId');
  const only =
    (body: unknown): Route =>
    (q) =>
      family(q) === 'BTC-USD' ? body : { code: '0', msg: '', data: [] };
  return startVenueReplay(
    {
      [OKX_INSTRUMENTS]: only(p.instruments),
      [OKX_OPT_SUMMARY]: only(p.summaries),
      [OKX_OPEN_INTEREST]: only(p.openInterest),
      [OKX_INDEX_TICKERS]: only(p.indexTickers),
    },
    OKX_WS,
  );
}

/** The channels each client subscribed to. */
export const okxSubscriptions = new WeakMap<object, string[]>();

/** OKX's public WebSocket as documented: `ping` → `pong`, subscribe → `{event: "subscribe"}` or `{event: "error"}`. */
const OKX_WS: WsEndpoint = {
  path: '/ws/v5/public',
  onMessage(socket, text) {
    if (text === 'ping') {
      socket.send('pong');
      return;
    }
    const req = JSON.parse(text) as { op?: string; args?: { channel?: string; instFamily?: string }[] };
    const arg = req.args?.[0];
    if (req.op === 'subscribe' && arg?.channel === 'opt-summary' && arg.instFamily === 'BTC-USD') {
      okxSubscriptions.set(socket, [...(okxSubscriptions.get(socket) ?? []), 'opt-summary:BTC-USD']);
      socket.send(JSON.stringify({ event: 'subscribe', arg, connId: 'a4d3ae55' }));
    } else {
      socket.send(
        JSON.stringify({
          event: 'error',
          code: '60018',
          msg: `Wrong URL or channel:${arg?.channel}`,
          connId: 'a4d3ae55',
        }),
      );
    }
  },
};

/** Pushes opt-summary rows to every subscribed client, as OKX does: `{arg, data}`. */
export function pushOptSummary(replay: VenueReplay, rows: readonly object[], frame?: (text: string) => string): void {
  const text = JSON.stringify({ arg: { channel: 'opt-summary', instFamily: 'BTC-USD' }, data: rows });
  for (const c of replay.wsClients()) if (okxSubscriptions.has(c)) c.send(frame ? frame(text) : text);
}
