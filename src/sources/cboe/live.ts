import type { ChainSnapshot } from '../../chain/types.js';
import { kindOfHttpStatus, VenueApiError } from '../venue/errors.js';
import { VenueHttp, type VenueHttpOptions } from '../venue/http.js';
import { type CboeParseOptions, parseCboeCsv } from './parse.js';

/** True for `http://` and `https://` addresses: `--cboe` then downloads instead of reading a file. */
export function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/** A CSV answer: 2xx text that is not an HTML page (a login or error page served with 200). */
function unwrapCsv(body: unknown, status: number, path: string): unknown {
  if (status < 200 || status >= 300) {
    throw new VenueApiError(kindOfHttpStatus(status), `cboe ${path}: HTTP ${status}`, {
      venue: 'cboe',
      path,
      httpStatus: status,
    });
  }
  const text = String(body);
  if (/^\s*</.test(text)) {
    throw new VenueApiError('protocol', `cboe ${path}: answer is HTML, not a delayed-quotes CSV`, {
      venue: 'cboe',
      path,
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
