import { type VenueWsMessage, type VenueWsSettings, VenueWsStream } from '../venue/wsStream.js';
import { classifyOkxMessage, OKX_PUBLIC_WS_URL, type SummaryPush, subscribeRequest } from './messages.js';

export interface OkxStreamOptions extends VenueWsSettings {
  /** OKX's public WebSocket (default wss://ws.okx.com:8443/ws/v5/public) or a local server */
  readonly url?: string;
  /** option family, e.g. BTC-USD */
  readonly family: string;
  /** a text `ping` after this much silence, ms (OKX drops a connection silent for 30 s); 0 turns it off; default 20,000 */
  readonly pingMs?: number;
  readonly onSummaries: (rows: readonly SummaryPush[]) => void;
  /** subscribed (on every (re)connection) */
  readonly onOpen?: () => void;
  /** the connection is gone (or the subscription refused); the next attempt starts in `retryInMs` */
  readonly onDown?: (info: { readonly reason: string; readonly retryInMs: number }) => void;
  /** a frame that could not be read: skipped */
  readonly onProtocolError?: (reason: string) => void;
}

/** OKX's frames in the shared stream's terms. */
function classify(text: string): VenueWsMessage<readonly SummaryPush[]> {
  const m = classifyOkxMessage(text);
  switch (m.kind) {
    case 'subscribed':
    case 'malformed':
      return m;
    case 'error':
      return { kind: 'error', reason: `OKX error ${m.code} ${m.message}` };
    case 'summaries':
      return { kind: 'push', payload: m.rows };
    default:
      return { kind: 'other' };
  }
}

/**
 * OKX's opt-summary channel for one option family, kept open (VenueWsStream): subscribes on every
 * connection, sends `ping` after silence, and after any loss (close, error, refused subscription)
 * reconnects with capped exponential backoff and jitter. Never throws from a socket event.
 */
export class OkxOptSummaryStream extends VenueWsStream<readonly SummaryPush[]> {
  constructor(options: OkxStreamOptions) {
    super(
      {
        defaultUrl: OKX_PUBLIC_WS_URL,
        pingFrame: 'ping',
        subscribeFrames: () => [subscribeRequest(options.family)],
        classify,
      },
      { ...options, onPush: options.onSummaries },
    );
  }
}
