import type { ColumnarChain } from '../chain/columnar.js';
import type { OptionQuote } from '../chain/types.js';
import { gexByStrike, type StrikeColumns } from './byStrike.js';
import { findWalls, type MaxPain, OI_CLUSTER_RULE, type OiCluster, type Walls } from './levels.js';

export type KeyLevelKind =
  | 'gamma-flip'
  | 'call-wall'
  | 'put-wall'
  | 'abs-gamma'
  | 'max-pain'
  | 'oi-cluster'
  | 'expected-move';

/** One price that matters on the map. */
export interface KeyLevel {
  readonly kind: KeyLevelKind;
  /** USD */
  readonly price: number;
  /** 100 × (price / spot − 1) */
  readonly distancePct: number;
  readonly label: string;
  /** ISO instant, for levels of one expiry */
  readonly expiry?: string;
  /** what stands behind the level, in the unit keyLevelRule names for its kind */
  readonly value?: number;
}

const MS_PER_DAY = 86_400_000;

/** Ties at one price keep this order. */
const KIND_ORDER: readonly KeyLevelKind[] = [
  'gamma-flip',
  'call-wall',
  'put-wall',
  'abs-gamma',
  'max-pain',
  'oi-cluster',
  'expected-move',
];

export function keyLevelRule(pinDays: number): string {
  return [
    'every level sorted by price (ties in the order gamma-flip, call-wall, put-wall, abs-gamma, max-pain, oi-cluster, expected-move); distancePct = 100 × (price / spot − 1)',
    'gamma-flip: each flip of the profile (no value)',
    'call-wall / put-wall: the walls of the report, value the call / put GEX at that strike (USD per 1 %); then the walls of the next expiry alone and of the 0DTE expiries (those expiring within 24 h of asOf) alone, each with its expiry, listed only where its strike differs from the report’s wall of that side (0DTE only when it is not just the next expiry)',
    'abs-gamma: the absolute-gamma strike, value |call GEX| + |put GEX| there',
    `max-pain: per expiry within the pin window (${pinDays} days of asOf), value the payout to holders at that settlement (USD)`,
    `oi-cluster: ${OI_CLUSTER_RULE}; value the strike’s total OI (contracts)`,
    'expected-move: to the next expiry, two methods, each a level below and above spot, value the move in USD: (1) ±S × σ_ATM × √t, σ_ATM the implied vol at the strike nearest that expiry’s forward (the mean of its call and put); (2) ± the ATM straddle, call + put mark at that strike (CBOE: bid/ask mid; Deribit: the venue mark), only where both legs have a mark: without quotes there is simply no straddle level',
  ].join('; ');
}

export interface KeyLevelInputs {
  readonly chain: ColumnarChain;
  /** the options of `chain`, same order: their marks give the straddle */
  readonly selected: readonly OptionQuote[];
  /** per-option GEX at spot, USD per 1 % */
  readonly perOption: Float64Array;
  readonly byStrike: StrikeColumns;
  readonly walls: Walls;
  readonly gammaFlips: readonly number[];
  readonly maxPain: readonly MaxPain[];
  readonly oiClusters: readonly OiCluster[];
  /** max pain of the expiries within this many days */
  readonly pinDays: number;
}

/** `2022-12-16 14:30Z` */
function shortInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

function strikeValue(cols: StrikeColumns, strike: number, of: (s: number) => number): number {
  const s = cols.strikes.indexOf(strike);
  return s < 0 ? 0 : of(s);
}

/** The walls of the options that `keep` accepts (the others' GEX set to 0). */
function wallsWhere(
  chain: ColumnarChain,
  perOption: Float64Array,
  keep: (i: number) => boolean,
): { walls: Walls; cols: StrikeColumns } {
  const masked = perOption.map((v, i) => (keep(i) ? v : 0));
  const cols = gexByStrike(chain, masked);
  return { walls: findWalls(cols), cols };
}

type Level = Omit<KeyLevel, 'distancePct'>;

function wallLevels(cols: StrikeColumns, walls: Walls, suffix: string, expiry?: string): Level[] {
  const out: Level[] = [];
  const at = expiry === undefined ? {} : { expiry };
  if (walls.callWall !== null) {
    const value = strikeValue(cols, walls.callWall, (s) => cols.callGex[s]!);
    out.push({ kind: 'call-wall', price: walls.callWall, label: `Call wall${suffix}`, ...at, value });
  }
  if (walls.putWall !== null) {
    const value = strikeValue(cols, walls.putWall, (s) => cols.putGex[s]!);
    out.push({ kind: 'put-wall', price: walls.putWall, label: `Put wall${suffix}`, ...at, value });
  }
  return out;
}

/** Per-expiry walls of the next expiry and of the 0DTE expiries, where they differ from the report's. */
function expiryWalls(input: KeyLevelInputs): Level[] {
  const { chain, perOption, walls } = input;
  if (chain.expiries.length < 2) return [];
  const differs = (l: Level) => l.price !== (l.kind === 'call-wall' ? walls.callWall : walls.putWall);
  const nextIso = new Date(chain.expiries[0]!).toISOString();
  const next = wallsWhere(chain, perOption, (i) => chain.expiryIndex[i] === 0);
  const out = wallLevels(next.cols, next.walls, ` of the next expiry ${shortInstant(nextIso)}`, nextIso).filter(
    differs,
  );
  const limit = chain.asOf + MS_PER_DAY;
  let within = 0;
  while (within < chain.expiries.length && chain.expiries[within]! <= limit) within++;
  if (within >= 2) {
    const zero = wallsWhere(chain, perOption, (i) => chain.expiryIndex[i]! < within);
    out.push(...wallLevels(zero.cols, zero.walls, ' of the 0DTE expiries').filter(differs));
  }
  return out;
}

/** The ±1σ and ATM-straddle moves to the next expiry (see keyLevelRule). */
function expectedMoves(chain: ColumnarChain, selected: readonly OptionQuote[]): Level[] {
  if (chain.n === 0) return [];
  const members: number[] = [];
  for (let i = 0; i < chain.n; i++) if (chain.expiryIndex[i] === 0) members.push(i);
  const first = members[0]!;
  const forward = chain.spot * chain.fwdRatio[first]!;
  let atm = chain.strike[first]!;
  for (const i of members) if (Math.abs(chain.strike[i]! - forward) < Math.abs(atm - forward)) atm = chain.strike[i]!;
  const legs = members.filter((i) => chain.strike[i] === atm);
  const sigma = legs.reduce((a, i) => a + chain.iv[i]!, 0) / legs.length;
  const t = chain.t[first]!;
  const iso = new Date(chain.expiries[0]!).toISOString();
  const to = `to ${shortInstant(iso)}`;
  const spot = chain.spot;
  // labels open with a word: a CSV cell starting with + or − reads as a formula in a spreadsheet
  const band = (move: number, method: string): Level[] => [
    { kind: 'expected-move', price: spot - move, label: `Expected move −${method} ${to}`, expiry: iso, value: move },
    { kind: 'expected-move', price: spot + move, label: `Expected move +${method} ${to}`, expiry: iso, value: move },
  ];
  const out = band(spot * sigma * Math.sqrt(t), '1σ (S·σ_ATM·√t)');
  const call = legs.find((i) => chain.phi[i] === 1);
  const put = legs.find((i) => chain.phi[i] === -1);
  const callMark = call === undefined ? undefined : selected[call]?.markPrice;
  const putMark = put === undefined ? undefined : selected[put]?.markPrice;
  if (callMark !== undefined && putMark !== undefined) out.push(...band(callMark + putMark, `ATM straddle (${atm})`));
  return out;
}

/** Every level that matters, sorted by price (see keyLevelRule). */
export function keyLevels(input: KeyLevelInputs): KeyLevel[] {
  const { chain, byStrike, walls } = input;
  const spot = chain.spot;
  const levels: Level[] = input.gammaFlips.map((price) => ({ kind: 'gamma-flip', price, label: 'Gamma flip' }));
  levels.push(...wallLevels(byStrike, walls, ''));
  if (walls.absGammaStrike !== null) {
    const value = strikeValue(
      byStrike,
      walls.absGammaStrike,
      (s) => Math.abs(byStrike.callGex[s]!) + Math.abs(byStrike.putGex[s]!),
    );
    levels.push({ kind: 'abs-gamma', price: walls.absGammaStrike, label: 'Absolute gamma strike', value });
  }
  levels.push(...expiryWalls(input));
  const pinLimit = chain.asOf + input.pinDays * MS_PER_DAY;
  for (const p of input.maxPain) {
    if (Date.parse(p.expiry) > pinLimit) continue;
    levels.push({
      kind: 'max-pain',
      price: p.strike,
      label: `Max pain ${shortInstant(p.expiry)}`,
      expiry: p.expiry,
      value: p.payout,
    });
  }
  for (const c of input.oiClusters) {
    levels.push({ kind: 'oi-cluster', price: c.strike, label: `OI cluster (${c.side})`, value: c.totalOi });
  }
  levels.push(...expectedMoves(chain, input.selected));
  return levels
    .map(({ kind, price, label, expiry, value }) => ({
      kind,
      price,
      distancePct: 100 * (price / spot - 1),
      label,
      ...(expiry === undefined ? {} : { expiry }),
      ...(value === undefined ? {} : { value }),
    }))
    .sort((a, b) => a.price - b.price || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}
