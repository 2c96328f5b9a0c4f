import { kindOfHttpStatus, SourceError, type SourceErrorKind } from '../venue/errors.js';
import { isRecord } from '../venue/json.js';

/**
 * OKX error codes by kind (https://www.okx.com/docs-v5/en/#error-code): documented codes only,
 * anything else is `rejected`.
 */
const CODE_KINDS: ReadonlyMap<string, SourceErrorKind> = new Map<string, SourceErrorKind>([
  ['50011', 'rate-limited'], // Rate limit reached / Too Many Requests
  ['50061', 'rate-limited'], // sub-account rate limit reached
  ['50001', 'unavailable'], // service temporarily unavailable
  ['50004', 'unavailable'], // API endpoint request timeout
  ['50013', 'unavailable'], // systems are busy
  ['50026', 'unavailable'], // system error
  ['50040', 'rate-limited'], // too frequent operations
  ['50014', 'bad-request'], // parameter {0} can not be empty
  ['51000', 'bad-request'], // parameter {0} error
  ['51001', 'not-found'], // instrument ID does not exist
  ['50100', 'unauthorized'], // API frozen
  ['50111', 'unauthorized'], // invalid OK-ACCESS-KEY
]);

export function okxErrorKind(code: string): SourceErrorKind {
  return CODE_KINDS.get(code) ?? 'rejected';
}

/** OKX's envelope: `{code: "0", data}` is success; any other code is the mapped SourceError. */
export function unwrapOkx(body: unknown, status: number, path: string): unknown {
  if (isRecord(body) && typeof body.code === 'string' && body.code !== '0') {
    throw new SourceError(okxErrorKind(body.code), `okx ${path}: OKX error ${body.code} ${String(body.msg ?? '')}`, {
      venue: 'okx',
      request: path,
      code: body.code,
      httpStatus: status,
    });
  }
  if (status < 200 || status >= 300) {
    throw new SourceError(kindOfHttpStatus(status), `okx ${path}: HTTP ${status}`, {
      venue: 'okx',
      request: path,
      httpStatus: status,
    });
  }
  if (!isRecord(body) || body.code !== '0' || !Array.isArray(body.data)) {
    throw new SourceError('protocol', `okx ${path}: answer is not {"code": "0", "data": [...]}`, {
      venue: 'okx',
      request: path,
    });
  }
  return body.data;
}
