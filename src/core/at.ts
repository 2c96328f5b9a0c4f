/**
 * `xs[i]` where the index is known to be inside the array: an index outside it is a bug in the
 * caller, thrown here with the index, instead of an `undefined` carried on as a number.
 */
export function at<T>(xs: ArrayLike<T>, i: number): T {
  const value = xs[i];
  if (value === undefined) throw new RangeError(`index ${i} outside an array of ${xs.length}`);
  return value;
}
