import { isRecord } from '../../venue/json.js';
import { checkedBaseUrl, type HttpStats, PacedGet, type PacedGetOptions } from '../../venue/pacedGet.js';
import { DeribitApiError, errorFromHttpStatus, errorFromRpc } from './errors.js';

export type { HttpStats } from '../../venue/pacedGet.js';

export const DERIBIT_PRODUCTION_URL = 'https://www.deribit.com';
export const DERIBIT_TESTNET_URL = 'https://test.deribit.com';

export type RpcParams = Readonly<Record<string, string | number | boolean | undefined>>;

export interface DeribitHttpOptions extends PacedGetOptions {
  /** `https://www.deribit.com`, `https://test.deribit.com` or a local server; `/api/v2/<method>` is appended */
  readonly baseUrl: string;
}

const DERIBIT_FAILURES = {
  is: (e: unknown): e is DeribitApiError => e instanceof DeribitApiError,
  make: (kind: DeribitApiError['kind'], detail: string, method: string) =>
    new DeribitApiError(kind, `${method}: ${detail}`, { method }),
  afterAttempts: (e: DeribitApiError, method: string, attempts: number) =>
    new DeribitApiError(e.kind, e.message, { ...e.details, method, attempts }),
};

/** The JSON-RPC `result` of an answer to `method`, or the DeribitApiError it stands for. */
function readRpc(method: string, text: string, response: Response): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    if (!response.ok) throw errorFromHttpStatus(method, response.status, response.statusText);
    throw new DeribitApiError(
      'protocol',
      `${method}: answer is not JSON (malformed or truncated, ${text.length} bytes)`,
      {
        method,
        httpStatus: response.status,
      },
    );
  }
  if (isRecord(body) && isRecord(body.error)) {
    const { code, message } = body.error;
    if (typeof code === 'number') throw errorFromRpc(method, { code, message: String(message ?? '') }, response.status);
  }
  if (!response.ok) throw errorFromHttpStatus(method, response.status, response.statusText);
  if (!isRecord(body) || !('result' in body)) {
    throw new DeribitApiError('protocol', `${method}: answer has no JSON-RPC result`, { method });
  }
  return body.result;
}

/**
 * JSON-RPC over HTTP: `GET <base>/api/v2/<method>?<params>`, paced, retried and failing with
 * DeribitApiErrors as every venue client does (see PacedGet).
 */
export class DeribitHttp {
  readonly baseUrl: string;
  private readonly transport: PacedGet<DeribitApiError>;

  constructor(options: DeribitHttpOptions) {
    this.baseUrl = checkedBaseUrl(options.baseUrl, DERIBIT_PRODUCTION_URL);
    this.transport = new PacedGet(options, DERIBIT_FAILURES);
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
