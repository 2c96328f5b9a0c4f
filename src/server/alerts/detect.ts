/** What changed between two reports of the same source that a trader wants to hear about. */
import type { GexReport } from '../../analytics/gexReport.js';

/** The parts of a report the alerts compare; the playbook is read by rule name and status only. */
export type AlertReport = Pick<
  GexReport,
  'asOf' | 'spot' | 'netGex' | 'regime' | 'gammaFlips' | 'nearestFlip' | 'callWall' | 'putWall'
> & { readonly playbook?: unknown };

export type AlertKind =
  | 'regime-flip'
  | 'flip-crossed'
  | 'call-wall-crossed'
  | 'put-wall-crossed'
  | 'playbook-rule-fired';

export interface Alert {
  readonly kind: AlertKind;
  readonly source: string;
  readonly asOf: string;
  readonly message: string;
  /** the numbers behind the alert */
  readonly data: Record<string, unknown>;
}

interface RuleLike {
  readonly rule: string;
  readonly status: string;
  readonly meaning?: string;
  readonly inputs?: unknown;
}

function rulesOf(report: AlertReport): RuleLike[] {
  const p = report.playbook as { rules?: RuleLike[] } | RuleLike[] | undefined;
  return (Array.isArray(p) ? p : p?.rules) ?? [];
}

/** True when the move from a to b passes through level (touching counts once, on arrival). */
function crossed(a: number, b: number, level: number): boolean {
  return (a < level && b >= level) || (a > level && b <= level);
}

/** Pure: the alerts that the step from `prev` to `next` raises. */
export function detectAlerts(source: string, prev: AlertReport, next: AlertReport): Alert[] {
  const alerts: Alert[] = [];
  const base = { source, asOf: next.asOf };
  if (prev.regime !== next.regime) {
    alerts.push({
      ...base,
      kind: 'regime-flip',
      message: `${source}: regime turned ${next.regime} (net GEX ${prev.netGex.toFixed(0)} → ${next.netGex.toFixed(0)} USD per 1 %)`,
      data: {
        from: prev.regime,
        to: next.regime,
        netGexBefore: prev.netGex,
        netGexAfter: next.netGex,
        spot: next.spot,
      },
    });
  }
  for (const flip of prev.gammaFlips) {
    if (crossed(prev.spot, next.spot, flip)) {
      alerts.push({
        ...base,
        kind: 'flip-crossed',
        message: `${source}: spot crossed the gamma flip ${flip.toFixed(2)} (${prev.spot} → ${next.spot})`,
        data: { flip, spotBefore: prev.spot, spotAfter: next.spot, regimeAfter: next.regime },
      });
    }
  }
  for (const [kind, level] of [
    ['call-wall-crossed', prev.callWall],
    ['put-wall-crossed', prev.putWall],
  ] as const) {
    if (level !== null && crossed(prev.spot, next.spot, level)) {
      alerts.push({
        ...base,
        kind,
        message: `${source}: spot crossed the ${kind === 'call-wall-crossed' ? 'call' : 'put'} wall ${level} (${prev.spot} → ${next.spot})`,
        data: { wall: level, spotBefore: prev.spot, spotAfter: next.spot },
      });
    }
  }
  const before = new Map(rulesOf(prev).map((r) => [r.rule, r.status]));
  for (const rule of rulesOf(next)) {
    if (rule.status === 'fired' && before.get(rule.rule) !== 'fired') {
      alerts.push({
        ...base,
        kind: 'playbook-rule-fired',
        message: `${source}: playbook rule ${rule.rule} fired${rule.meaning ? `: ${rule.meaning}` : ''}`,
        data: { rule: rule.rule, inputs: rule.inputs ?? {} },
      });
    }
  }
  return alerts;
}
