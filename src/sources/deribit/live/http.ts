import { isRecord } from '../../venue/json.js';
import {
  checkedBaseUrl,
  type HttpStats,
  type MakeFailure,
  PacedGet,
  type PacedGetOptions,
} from '../../venue/pacedGet.js';
import { deribitError, errorFromHttpStatus, errorFromRpc } from './errors.js';

export type { HttpStats } from '../../venue/pacedGet.js';

export const DERIBIT_PRODUCTION_URL = 'https://www.deribit.com';
export const DERIBIT_TESTNET_URL = 'https://test.deribit.com';

export type RpcParams = Readonly<Record<string, string | number | boolean | undefined>>;

export interface DeribitHttpOptions extends PacedGetOptions {
  /** `https://www.deribit.com`, `https://test.deribit.com` or a local server; `/api/v2/<method>` is appended */
  readonly baseUrl: string;
}

const deribitFailure: MakeFailure = (kind, detail, method) =>
  deribitError(kind, `${method}: ${detail}`, { request: method });

/** The JSON-RPC `result` of an answer to `method`, or the SourceError it stands for. */
function readRpc(method: string, text: string, response: Response): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    if (!response.ok) throw errorFromHttpStatus(method, response.status, response.statusText);
    throw deribitError('protocol', `${method}: answer is not JSON (malformed or truncated, ${text.length} bytes)`, {
      request: method,
      httpStatus: response.status,
    });
  }
  if (isRecord(body) && isRecord(body.error)) {
    const { code, message } = body.error;
    if (typeof code === 'number') throw errorFromRpc(method, { code, message: String(message ?? '') }, response.status);
  }
  if (!response.ok) throw errorFromHttpStatus(method, response.status, response.statusText);
  if (!isRecord(body) || !('result' in body)) {
    throw deribitError('protocol', `${method}: answer has no JSON-RPC result`, { request: method });
  }
  return body.result;
}

/**
 * JSON-RPC over HTTP: `GET <base>/api/v2/<method>?<params>`, paced, retried and failing with
 * SourceErrors as every venue client does (see PacedGet).
 */
export class DeribitHttp {
  readonly baseUrl: string;
  private readonly transport: PacedGet;

  constructor(options: DeribitHttpOptions) {
    this.baseUrl = checkedBaseUrl(options.baseUrl, DERIBIT_PRODUCTION_URL);
    this.transport = new PacedGet(options, deribitFailure);
  }

  get stats(): HttpStats {
    return this.transport.stats;
  }

  /** Calls `method` (e.g. `public/get_instruments`) and returns its `result`; `signal` cancels this call only. */
  call(method: string, params: RpcParams = {}, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(`${this.baseUrl}/api/v2/${method}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
    return this.transport.get(url, method, (text, response) => readRpc(method, text, response), signal);
  }
}
