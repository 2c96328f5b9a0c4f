import { isRecord } from '../../venue/json.js';

/** What one WebSocket text frame from Deribit is, decided without trusting it. */
export type WsMessage =
  /** the answer to our request `id` */
  | { readonly kind: 'result'; readonly id: number; readonly result: unknown }
  /** an error answer (to request `id`, or unattributable when id is null) */
  | { readonly kind: 'error'; readonly id: number | null; readonly code: number; readonly message: string }
  /** a subscription notification */
  | { readonly kind: 'notification'; readonly channel: string; readonly data: unknown }
  /** `heartbeat` needs nothing; `test_request` must be answered with public/test */
  | { readonly kind: 'heartbeat'; readonly type: 'heartbeat' | 'test_request' }
  /** not JSON, truncated, or JSON of no known shape */
  | { readonly kind: 'malformed'; readonly reason: string };

const preview = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

/** Classifies one frame. Pure: never throws. */
export function classifyWsMessage(text: string): WsMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch (e) {
    return { kind: 'malformed', reason: `not JSON (${(e as Error).message}): ${preview(text)}` };
  }
  if (!isRecord(msg)) return { kind: 'malformed', reason: `not a JSON-RPC object: ${preview(text)}` };
  if (msg.method === 'subscription') {
    const params = msg.params;
    if (isRecord(params) && typeof params.channel === 'string' && 'data' in params) {
      return { kind: 'notification', channel: params.channel, data: params.data };
    }
    return { kind: 'malformed', reason: `subscription without channel and data: ${preview(text)}` };
  }
  if (msg.method === 'heartbeat') {
    const type = isRecord(msg.params) ? msg.params.type : undefined;
    if (type === 'heartbeat' || type === 'test_request') return { kind: 'heartbeat', type };
    return { kind: 'malformed', reason: `heartbeat of unknown type: ${preview(text)}` };
  }
  const id = typeof msg.id === 'number' ? msg.id : null;
  if (isRecord(msg.error)) {
    const code = msg.error.code;
    if (typeof code === 'number') {
      return { kind: 'error', id, code, message: String(msg.error.message ?? '') };
    }
    return { kind: 'malformed', reason: `error without a numeric code: ${preview(text)}` };
  }
  if (id !== null && 'result' in msg) return { kind: 'result', id, result: msg.result };
  return { kind: 'malformed', reason: `neither answer nor notification: ${preview(text)}` };
}

/** A JSON-RPC 2.0 request frame. */
export function rpcRequest(id: number, method: string, params: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params });
}
