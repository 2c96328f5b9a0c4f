import type { MiddlewareHandler } from 'hono';
import { quote } from '../core/escape.js';

/**
 * DNS rebinding guard: a page on evil.example whose name is re-pointed at 127.0.0.1 reaches the
 * server with `Host: evil.example`. Only the bound name, `localhost`, loopback addresses and the
 * names given with `--allow-host` are answered; anything else gets 403 with a one-line reason.
 */
export interface HostGuardOptions {
  /** the interface name or address the server is bound to (`--host`) */
  readonly boundHost?: string;
  /** further names or addresses a client may use (`--allow-host a,b`) */
  readonly allowHosts?: readonly string[];
}

/** The host name of a `Host` header value (port dropped, lower case, IPv4 forms normalised), or undefined when it is no host. */
export function hostNameOf(header: string): string | undefined {
  const text = header.trim();
  if (text === '' || /[\s/?#@\\]/.test(text)) return undefined;
  try {
    const name = new URL(`http://${text}`).hostname;
    return name.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

const isLoopback = (name: string) => name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name);

/** Names as `hostNameOf` gives them (`::1` → `[::1]`), skipping blanks; a name that is no host is a RangeError naming it. */
export function normalisedHosts(names: readonly string[]): string[] {
  return names
    .map((n) => n.trim())
    .filter((n) => n !== '')
    .map((n) => {
      const name = hostNameOf(n.includes(':') && !n.startsWith('[') ? `[${n}]` : n);
      if (name === undefined) throw new RangeError(`--allow-host ${JSON.stringify(n)} is not a host name or address`);
      return name;
    });
}

/** Shown text of a client's Host value: printable ASCII only, bounded, so the answer stays one safe line. */

export function hostGuard(options: HostGuardOptions = {}): MiddlewareHandler {
  const allowed = new Set(
    normalisedHosts([...(options.boundHost ? [options.boundHost] : []), ...(options.allowHosts ?? [])]),
  );
  return async (c, next) => {
    const header = c.req.header('host') ?? new URL(c.req.url).host;
    const name = hostNameOf(header);
    if (name !== undefined && (isLoopback(name) || allowed.has(name))) return next();
    return c.json(
      {
        error: `host ${quote(header, 100)} is not served here: use localhost or a loopback address, or start with --allow-host NAME`,
      },
      403,
    );
  };
}
