import { ChainInputError, type ChainSnapshot } from '../../chain/types.js';
import { kindOfHttpStatus, SourceError } from '../venue/errors.js';
import { VenueHttp, type VenueHttpOptions } from '../venue/http.js';
import { parseCboeDelayedJson } from './json.js';
import { type CboeParseOptions, parseCboeCsv } from './parse.js';

/** True for `http://` and `https://` addresses: `--cboe` then downloads instead of reading a file. */
export function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/** A CSV answer: 2xx text that is not an HTML page (a login or error page served with 200). */
function unwrapCsv(body: unknown, status: number, path: string): unknown {
  if (status < 200 || status >= 300) {
    throw new SourceError(kindOfHttpStatus(status), `cboe ${path}: HTTP ${status}`, {
      venue: 'cboe',
      request: path,
      httpStatus: status,
    });
  }
  const text = String(body);
  if (/^\s*</.test(text)) {
    throw new SourceError('protocol', `cboe ${path}: answer is HTML, not a delayed-quotes CSV`, {
      venue: 'cboe',
      request: path,
    });
  }
  return text;
}

/**
 * Downloads a CBOE delayed-quotes CSV (the file CBOE's delayed-quotes page exports, served at
 * `url`) with the venue transport's retries, backoff and closed error set, and parses it with the
 * same reader as a file on disk.
 */
export async function fetchCboeCsv(
  url: string,
  opts: Omit<CboeParseOptions, 'source'> & { readonly http?: Partial<VenueHttpOptions> } = {},
): Promise<ChainSnapshot> {
  const u = new URL(url);
  const http = new VenueHttp('cboe', unwrapCsv, { ...opts.http, baseUrl: u.origin, format: 'text' });
  const text = (await http.get(`${u.pathname}${u.search}`)) as string;
  const { http: _, ...parse } = opts;
  return parseCboeCsv(text, { ...parse, source: url });
}

/** CBOE's public delayed-quotes JSON, one file per symbol: `<base>/_SPX.json`, `<base>/SPY.json`. */
const CBOE_DELAYED_QUOTES_URL = 'https://cdn.cboe.com/api/global/delayed_quotes/options';

/** The symbols `--cboe-symbol` takes; CBOE files indices under `_SPX`, ETFs under their ticker. */
export const CBOE_SYMBOLS = ['SPX', 'SPY', 'QQQ', 'NDX', 'RUT', 'VIX'] as const;
export type CboeSymbol = (typeof CBOE_SYMBOLS)[number];
const INDICES: ReadonlySet<string> = new Set(['SPX', 'NDX', 'RUT', 'VIX']);

/** The URL of a symbol's delayed-quotes JSON under `baseUrl` (default CBOE's CDN). */
export function cboeDelayedQuotesUrl(symbol: CboeSymbol, baseUrl: string = CBOE_DELAYED_QUOTES_URL): string {
  return `${baseUrl.replace(/\/+$/, '')}/${INDICES.has(symbol) ? '_' : ''}${symbol}.json`;
}

function unwrapJson(body: unknown, status: number, path: string): unknown {
  if (status < 200 || status >= 300) {
    throw new SourceError(kindOfHttpStatus(status), `cboe ${path}: HTTP ${status}`, {
      venue: 'cboe',
      request: path,
      httpStatus: status,
    });
  }
  return body;
}

/**
 * Downloads CBOE's delayed-quotes JSON of `symbol` (retries, backoff and the closed error set of
 * the venue transport; a transport failure names the URL) and parses it with parseCboeDelayedJson.
 * The chain must be on the symbol asked for.
 */
export async function fetchCboeDelayedQuotes(
  symbol: CboeSymbol,
  opts: Omit<CboeParseOptions, 'source'> & {
    readonly baseUrl?: string;
    readonly http?: Partial<VenueHttpOptions>;
    readonly signal?: AbortSignal;
  } = {},
): Promise<ChainSnapshot> {
  const url = cboeDelayedQuotesUrl(symbol, opts.baseUrl);
  const u = new URL(url);
  const http = new VenueHttp('cboe', unwrapJson, { ...opts.http, baseUrl: u.origin, format: 'json' });
  let body: unknown;
  try {
    body = await http.get(`${u.pathname}${u.search}`, {}, opts.signal);
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    throw new SourceError(e.kind, `${e.message} (${url})`, e.details);
  }
  const { http: _, baseUrl: __, signal: ___, ...parse } = opts;
  const snapshot = parseCboeDelayedJson(body, { ...parse, source: url });
  if (snapshot.underlying !== symbol) {
    throw new ChainInputError(
      `${url}: options are on ${snapshot.underlying}, not on ${symbol}`,
      'data.options',
      'option',
    );
  }
  return snapshot;
}
