/**
 * A snapshot's `source` as a report may show it: a URL whole, a file path by its base name (with a
 * trailing note such as ` (Tardis options_chain)` kept). Readers now store base names; stores
 * written before kept the importing machine's absolute paths, which a server must not publish.
 */
export function shownSourceName(source: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return source;
  const m = /^((?:\/|[A-Za-z]:[\\/])[\s\S]*?)((?: \([^()]*\))?)$/.exec(source);
  const [, path, suffix] = m ?? [];
  if (path === undefined) return source;
  const base = path
    .replace(/[\\/]+$/, '')
    .split(/[\\/]/)
    .pop();
  return `${base || path}${suffix ?? ''}`;
}
