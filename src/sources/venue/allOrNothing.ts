/** Runs requests side by side; the first failure cancels the others (no retries left running). */
export async function allOrNothing<T extends readonly unknown[]>(
  calls: (signal: AbortSignal) => { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const ctrl = new AbortController();
  const guarded = calls(ctrl.signal).map((p) =>
    p.catch((e: unknown) => {
      ctrl.abort(e);
      throw e;
    }),
  );
  return (await Promise.all(guarded)) as unknown as T;
}
