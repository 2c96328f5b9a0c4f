import { describe, expect, it } from 'vitest';
import { classifyWsMessage, rpcRequest } from './messages.js';

describe('classifyWsMessage', () => {
  it('reads a subscription notification: channel and data', () => {
    const text = JSON.stringify({
      jsonrpc: '2.0',
      method: 'subscription',
      params: { channel: 'deribit_price_index.btc_usd', data: { price: 91000, index_name: 'btc_usd', timestamp: 1 } },
    });
    expect(classifyWsMessage(text)).toEqual({
      kind: 'notification',
      channel: 'deribit_price_index.btc_usd',
      data: { price: 91000, index_name: 'btc_usd', timestamp: 1 },
    });
  });

  it('reads answers and error answers by id', () => {
    expect(classifyWsMessage('{"jsonrpc":"2.0","id":7,"result":"ok"}')).toEqual({
      kind: 'result',
      id: 7,
      result: 'ok',
    });
    expect(classifyWsMessage('{"jsonrpc":"2.0","id":8,"error":{"code":10028,"message":"too_many_requests"}}')).toEqual({
      kind: 'error',
      id: 8,
      code: 10028,
      message: 'too_many_requests',
    });
  });

  it('tells a test_request (to be answered) from a plain heartbeat', () => {
    expect(classifyWsMessage('{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}')).toEqual({
      kind: 'heartbeat',
      type: 'test_request',
    });
    expect(classifyWsMessage('{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"heartbeat"}}')).toEqual({
      kind: 'heartbeat',
      type: 'heartbeat',
    });
  });

  it.each([
    ['a truncated frame', '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"markprice.opt'],
    ['garbage', '<html>502</html>'],
    ['a JSON array', '[1,2]'],
    ['a notification without data', '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"x"}}'],
    ['an error without a code', '{"jsonrpc":"2.0","id":1,"error":{"message":"x"}}'],
    ['an answer without id', '{"jsonrpc":"2.0","result":1}'],
  ])('calls %s malformed instead of throwing', (_what, text) => {
    expect(classifyWsMessage(text).kind).toBe('malformed');
  });

  it('writes JSON-RPC 2.0 requests', () => {
    expect(JSON.parse(rpcRequest(3, 'public/subscribe', { channels: ['a'] }))).toEqual({
      jsonrpc: '2.0',
      id: 3,
      method: 'public/subscribe',
      params: { channels: ['a'] },
    });
  });
});
