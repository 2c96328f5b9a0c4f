/**
 * JSON text written in pieces: the same bytes as `JSON.stringify(value)`, handed to `write` in
 * pieces of about `pieceChars` characters, so a large report (19 MB for a 200k-option chain) never
 * exists as one string beside its Buffer copy. The top `SPLIT_DEPTH` levels of objects and arrays are
 * walked here; anything deeper is one `JSON.stringify` call, small next to the whole.
 */

/** containers at depth < this are walked key by key; deeper ones are stringified whole */
const SPLIT_DEPTH = 4;
const PIECE_CHARS = 1 << 16;

/** What JSON.stringify drops from an object and prints as `null` in an array. */
function isUnprintable(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** A container this walk may split: a plain object or array, not a boxed primitive. */
function isContainer(v: unknown): v is object {
  return (
    typeof v === 'object' &&
    v !== null &&
    !(v instanceof Number) &&
    !(v instanceof String) &&
    !(v instanceof Boolean) &&
    !(v instanceof BigInt)
  );
}

function hasToJSON(value: unknown): value is { toJSON: (key: string) => unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/** `value` after its toJSON(key), as JSON.stringify takes it. */
function jsonValue(value: unknown, key: string): unknown {
  return hasToJSON(value) ? value.toJSON(key) : value;
}

/**
 * Writes `JSON.stringify(value)` to `write` in pieces; nothing is written for a value JSON.stringify
 * gives undefined for (undefined, a function, a symbol). Throws what JSON.stringify throws (a cycle,
 * a BigInt), possibly after some pieces were written.
 */
export function writeJson(value: unknown, write: (piece: string) => void, pieceChars = PIECE_CHARS): void {
  let buffer = '';
  const put = (text: string): void => {
    buffer += text;
    if (buffer.length >= pieceChars) {
      write(buffer);
      buffer = '';
    }
  };
  // `v` is the value after its toJSON(key); JSON.stringify calls toJSON once, so a leaf whose
  // result has a toJSON of its own is stringified from `raw` under its key
  const emit = (raw: unknown, v: unknown, key: string, depth: number): void => {
    if (depth >= SPLIT_DEPTH || !isContainer(v)) {
      if (v !== raw && hasToJSON(v)) {
        const wrapped = JSON.stringify({ [key]: raw });
        put(wrapped.slice(JSON.stringify(key).length + 2, -1));
      } else put(JSON.stringify(v));
      return;
    }
    if (Array.isArray(v)) {
      put('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) put(',');
        const item: unknown = v[i];
        const shown = jsonValue(item, String(i));
        if (isUnprintable(shown)) put('null');
        else emit(item, shown, String(i), depth + 1);
      }
      put(']');
      return;
    }
    put('{');
    let first = true;
    for (const k of Object.keys(v)) {
      const item = (v as Record<string, unknown>)[k];
      const shown = jsonValue(item, k);
      if (isUnprintable(shown)) continue;
      put(first ? `${JSON.stringify(k)}:` : `,${JSON.stringify(k)}:`);
      first = false;
      emit(item, shown, k, depth + 1);
    }
    put('}');
  };
  const top = jsonValue(value, '');
  if (!isUnprintable(top)) emit(value, top, '', 0);
  if (buffer.length > 0) write(buffer);
}
