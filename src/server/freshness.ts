import { DEFAULT_STALE_AFTER_MS } from '../sources/liveFeed.js';
import type { ChainSource, SourceKind, SourceStatus } from './sources.js';

/** What a client needs to label a source's data honestly: `live` only when it is live and fresh. */
export interface Freshness {
  readonly kind: SourceKind;
  /** live: data older than this is stale; null for a recorded chain */
  readonly staleAfterSeconds: number | null;
  /** live, ok, and the last good data younger than staleAfterSeconds */
  readonly fresh: boolean;
}

export function freshness(source: ChainSource, status: SourceStatus, now: number): Freshness {
  if (source.kind === 'recorded') return { kind: 'recorded', staleAfterSeconds: null, fresh: false };
  const staleAfterMs = source.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const age = status.lastGoodAt === undefined ? Number.POSITIVE_INFINITY : now - status.lastGoodAt;
  return { kind: 'live', staleAfterSeconds: staleAfterMs / 1000, fresh: status.state === 'ok' && age <= staleAfterMs };
}
