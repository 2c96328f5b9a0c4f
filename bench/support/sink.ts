/**
 * A result the benchmark never reads is work the JIT may drop, and then the figure times nothing.
 * Every timed step folds a number from its result into this checksum, printed (to stderr, so
 * `--json` stays one JSON document) once the figures are out.
 */
let checksum = 0;
let consumed = 0;

/** Folds one number of a result into the checksum. */
export function consume(value: number): void {
  checksum += value;
  consumed++;
}

/** Folds every element of a result column (the work is in all of them, not only the first). */
export function consumeColumn(values: ArrayLike<number>): void {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0;
  consume(sum);
}

/** Prints the checksum; call it once, after the timings. */
export function printSink(): void {
  console.error(`(checksum of ${consumed} results: ${checksum.toPrecision(12)})`);
}
