import { kindOfHttpStatus, SourceError, type SourceErrorKind } from './errors.js';
import { checkedBaseUrl, type HttpStats, PacedGet, type PacedGetOptions } from './pacedGet.js';

export type QueryParams = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * A venue's answer envelope: returns the payload of a successful answer, or throws the
 * SourceError its error code maps to. `body` is the parsed JSON; `status` the HTTP status.
 */
export type Unwrap = (body: unknown, status: number, path: string) => unknown;

export interface VenueHttpOptions extends PacedGetOptions {
  /** the venue's REST origin or a local server; paths are appended */
  readonly baseUrl: string;
  /** `json` (default): the answer is parsed before `unwrap`; `text`: `unwrap` gets the text as it came */
  readonly format?: 'json' | 'text';
  /** the kind of an error status that came without a JSON body, where the venue's docs differ from kindOfHttpStatus */
  readonly statusKind?: (status: number) => SourceErrorKind;
}

/**
 * Public REST for one venue: `GET <base><path>?<params>`, paced, retried and failing with
 * SourceErrors of the closed set (see PacedGet), the payload taken out by the venue's `unwrap`.
 */
export class VenueHttp {
  readonly baseUrl: string;
  private readonly transport: PacedGet;

  constructor(
    readonly venue: string,
    private readonly unwrap: Unwrap,
    private readonly options: VenueHttpOptions,
  ) {
    this.baseUrl = checkedBaseUrl(options.baseUrl);
    this.transport = new PacedGet(
      options,
      (kind, detail, path) => new SourceError(kind, `${venue} ${path}: ${detail}`, { venue, request: path }),
    );
  }

  get stats(): HttpStats {
    return this.transport.stats;
  }

  /** GET `path` with `params`; returns the unwrapped payload. */
  get(path: string, params: QueryParams = {}, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
    return this.transport.get(url, path, (text, response) => this.read(path, text, response), signal);
  }

  private read(path: string, text: string, response: Response): unknown {
    if (this.options.format === 'text') return this.unwrap(text, response.status, path);
    const venue = this.venue;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      if (!response.ok) {
        const kind = (this.options.statusKind ?? kindOfHttpStatus)(response.status);
        throw new SourceError(kind, `${venue} ${path}: HTTP ${response.status}`, {
          venue,
          request: path,
          httpStatus: response.status,
        });
      }
      throw new SourceError(
        'protocol',
        `${venue} ${path}: answer is not JSON (malformed or truncated, ${text.length} bytes)`,
        { venue, request: path, httpStatus: response.status },
      );
    }
    return this.unwrap(body, response.status, path);
  }
}
