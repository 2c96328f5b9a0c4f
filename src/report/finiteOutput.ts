/** Raised when an output about to be printed or served holds a number that is not finite. */
export class NonFiniteOutputError extends Error {
  constructor(
    message: string,
    /** the output step that refused it (`report --json`, `GET /api/sources/…/report`) */
    readonly stage: string,
    /** where in the output: `report.byStrike[12].netGex` */
    readonly path: string,
  ) {
    super(message);
    this.name = 'NonFiniteOutputError';
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function pathOf(root: string, keys: readonly (string | number)[]): string {
  let out = root;
  for (const k of keys)
    out += typeof k === 'number' ? `[${k}]` : IDENTIFIER.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
  return out;
}

/**
 * The last check on an output before it is printed or served: walks the object as JSON would and
 * throws a NonFiniteOutputError naming the stage and the path of the first NaN or ±Infinity (JSON
 * would print it as `null`, a text table as `Infinity`), or of an invalid Date. Returns the value.
 */
export function assertFiniteOutput<T>(value: T, stage: string, root = 'report'): T {
  const keys: (string | number)[] = [];
  const refuse = (shown: string): never => {
    const path = pathOf(root, keys);
    throw new NonFiniteOutputError(`${stage}: ${path} is ${shown}, not a finite number`, stage, path);
  };
  const walk = (v: unknown): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) refuse(String(v));
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (v instanceof Date) {
      if (Number.isNaN(v.getTime())) refuse('an invalid date');
      return;
    }
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const items = v as ArrayLike<unknown>;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        // a finite number needs no path: most of a big report's values are these
        if (typeof item === 'number' && Number.isFinite(item)) continue;
        keys.push(i);
        walk(item);
        keys.pop();
      }
      return;
    }
    // Object.keys, not Object.entries: the same keys in the same order, without a pair per key
    const record = v as Record<string, unknown>;
    for (const k of Object.keys(record)) {
      const item = record[k];
      if (typeof item === 'number' && Number.isFinite(item)) continue;
      keys.push(k);
      walk(item);
      keys.pop();
    }
  };
  walk(value);
  return value;
}
