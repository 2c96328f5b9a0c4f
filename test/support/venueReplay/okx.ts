import {
  OKX_INDEX_TICKERS,
  OKX_INSTRUMENTS,
  OKX_OPEN_INTEREST,
  OKX_OPT_SUMMARY,
} from '../../../src/sources/okx/parse.js';
import { venueCapture } from '../venueCaptures.js';
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

// The real payloads every row is shaped after (../shared/data/venues/okx, see its SOURCE.txt).
const capture = (file: string) => venueCapture('okx', file);

/**
 * The four OKX answers built from the recorded chain, each row a captured row (nautilus_trader's
 * instruments and opt-summary answers; tardis' open-interest and index-tickers frames) with the
 * recorded option's terms and numbers written in: the field sets, and the fields gexmap does not
 * read, are the captures'.
 */
export function okxPayloads(spec: OkxChainSpec = OKX_BTC, chain: RecordedChain = recordedBtcChain()) {
  const size = Number(spec.ctVal) * Number(spec.ctMult);
  const share = spec.oiShare ?? (() => 1);
  const instrumentRow = capture('rest-instruments-option-nautilus.json').data[0];
  const summaryRow = capture('rest-opt-summary-nautilus.json').data[0];
  const [indexFrame, oiFrame] = capture('ws-index-tickers-open-interest-2021-12-tardis.json');
  const instruments = chain.options.map((o) => ({
    ...instrumentRow,
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
    state: o.active ? 'live' : 'suspend',
  }));
  const summaries = chain.options.map((o) => ({
    ...summaryRow,
    instId: okxName(o),
    uly: 'BTC-USD',
    markVol: String(o.markIv / 100),
    bidVol: '',
    askVol: '',
    fwdPx: String(o.forward),
    ts: String(o.ts),
  }));
  const openInterest = chain.options.map((o) => {
    const coins = o.openInterest * share(o);
    return {
      ...oiFrame.data[0],
      instId: okxName(o),
      oi: String(Math.round(coins / size)),
      oiCcy: String(Math.round(coins / size) * size),
      ts: String(o.ts),
    };
  });
  const indexTickers = [
    { ...indexFrame.data[0], instId: 'BTC-USD', idxPx: String(chain.index), ts: String(chain.asOf) },
  ];
  return {
    instruments: ok(instruments),
    summaries: ok(summaries),
    openInterest: ok(openInterest),
    indexTickers: ok(indexTickers),
  };
}

/** OKX's rate-limit answer as captured (code 50011, sent with HTTP 429). */
export const OKX_RATE_LIMIT = { status: 429, body: capture('rest-error-50011-nautilus.json') };

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
