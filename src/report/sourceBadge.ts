/**
 * The dashboard's source badge. A trader reads `live` as "this is the market now": it is shown only
 * for a live source whose last good data is fresh; a recorded file says when it was recorded, a
 * stored snapshot when it was stored, and a live source that has fallen behind says by how much.
 */
export interface BadgeStatus {
  /** `stored`: a snapshot of the history store shown in place of the source */
  readonly kind: 'live' | 'recorded' | 'stored';
  /** `ok`, `stale` or `down`, as the server reports it */
  readonly state: string;
  readonly reason?: string;
  /** ISO time of the data shown, if any */
  readonly asOf: string | null;
  /** live: seconds since the last good data arrived (null: none yet) */
  readonly lastGoodAgeSeconds: number | null;
  /** live: data older than this is stale */
  readonly staleAfterSeconds: number | null;
}

export interface Badge {
  readonly text: string;
  /** the CSS class and `data-state`: ok (live and fresh), stale, down, recorded, stored */
  readonly state: 'ok' | 'stale' | 'down' | 'recorded' | 'stored';
}

/** `2022-12-13T01:30:00.000Z` → `2022-12-13 01:30 UTC` (seconds shown only when there are any). */
export function shortTime(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d)?(?:\.\d+)?Z$/.exec(iso);
  if (!m) return iso;
  return `${m[1]} ${m[2]}${m[3] && m[3] !== ':00' ? m[3] : ''} UTC`;
}

/** 42 → `42s`, 150 → `2m 30s`, 7300 → `2h 1m`, 200000 → `2d 7h`. */
export function shortAge(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? ` ${s % 60}s` : ''}`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${Math.floor(s / 60) % 60 ? ` ${Math.floor(s / 60) % 60}m` : ''}`;
  return `${Math.floor(s / 86_400)}d${Math.floor(s / 3600) % 24 ? ` ${Math.floor(s / 3600) % 24}h` : ''}`;
}

/** The badge for `status`, `ageSeconds` being the data's age now (it grows between status events). */
export function sourceBadge(status: BadgeStatus, ageSeconds: number | null = status.lastGoodAgeSeconds): Badge {
  const because = status.reason ? `: ${status.reason}` : '';
  if (status.kind === 'recorded' || status.kind === 'stored') {
    const when = status.asOf === null ? 'no data' : shortTime(status.asOf);
    return { text: `${status.kind} ${when}`, state: status.kind };
  }
  if (status.state === 'down') {
    return { text: `down${ageSeconds === null ? '' : ` ${shortAge(ageSeconds)}`}${because}`, state: 'down' };
  }
  if (ageSeconds === null) return { text: `no data yet${because}`, state: 'stale' };
  const fresh = status.state === 'ok' && ageSeconds <= (status.staleAfterSeconds ?? Number.POSITIVE_INFINITY);
  return fresh ? { text: 'live', state: 'ok' } : { text: `stale ${shortAge(ageSeconds)}${because}`, state: 'stale' };
}
