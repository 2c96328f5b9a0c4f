/** What changed on the map between two successive reports of one stream: flips that came or went, walls that moved. Pure. */

export interface MapLevels {
  readonly spot: number;
  readonly regime: 'positive' | 'negative';
  readonly gammaFlips: readonly number[];
  readonly callWall: number | null;
  readonly putWall: number | null;
  readonly absGammaStrike: number | null;
}

export interface Change {
  readonly kind: 'regime' | 'new-flip' | 'gone-flip' | 'flip-moved' | 'wall-moved';
  readonly text: string;
}

/** Flips nearer than this share of spot are the same flip, moved (a re-priced root drifts with every update). */
const SAME_FLIP = 0.005;

/**
 * The changes from `before` to `after`, in reading order: the regime, then the flips (each
 * matched to the nearest one of the other report within 0.5 % of spot, else new or gone), then the walls.
 * `fmt` writes a price.
 */
export function mapChanges(before: MapLevels, after: MapLevels, fmt: (p: number) => string): Change[] {
  const out: Change[] = [];
  if (before.regime !== after.regime)
    out.push({ kind: 'regime', text: `regime turned ${after.regime === 'positive' ? '+GEX' : '−GEX'}` });
  const tol = SAME_FLIP * after.spot;
  const unmatched = [...before.gammaFlips];
  for (const f of after.gammaFlips) {
    let best = -1;
    for (let i = 0; i < unmatched.length; i++) {
      const d = Math.abs((unmatched[i] as number) - f);
      if (d <= tol && (best < 0 || d < Math.abs((unmatched[best] as number) - f))) best = i;
    }
    if (best < 0) {
      out.push({ kind: 'new-flip', text: `new gamma flip at ${fmt(f)}` });
      continue;
    }
    const was = unmatched.splice(best, 1)[0] as number;
    if (fmt(was) !== fmt(f)) out.push({ kind: 'flip-moved', text: `gamma flip moved from ${fmt(was)} to ${fmt(f)}` });
  }
  for (const f of unmatched) out.push({ kind: 'gone-flip', text: `gamma flip at ${fmt(f)} gone` });
  const walls = [
    ['call wall', before.callWall, after.callWall],
    ['put wall', before.putWall, after.putWall],
    ['abs-gamma strike', before.absGammaStrike, after.absGammaStrike],
  ] as const;
  for (const [name, was, now] of walls) {
    if (was === now) continue;
    const from = was === null ? 'none' : fmt(was);
    const to = now === null ? 'none' : fmt(now);
    out.push({ kind: 'wall-moved', text: `${name} moved from ${from} to ${to}` });
  }
  return out;
}
