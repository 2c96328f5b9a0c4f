import { describe, expect, it } from 'vitest';
import { median } from '../bootstrap.js';
import { quantileGroups } from './groups.js';
import type { StudySession } from './sessions.js';

const sessions = (gex: number[]) => gex.map((netGex, i) => ({ netGex, asOf: i }) as StudySession);

describe('net-GEX quantile groups', () => {
  it('takes terciles below 50 sessions, rank i of n in group floor(3i/n) + 1, lowest net GEX first', () => {
    const { q, group } = quantileGroups(sessions([9, 1, 8, 2, 7, 3, 6, 4, 5, 0]));
    expect(q).toBe(3);
    // net GEX 0 … 3 (ranks 0–3) in group 1, 4 … 6 (ranks 4–6) in group 2, 7 … 9 (ranks 7–9) in group 3
    expect(group).toEqual([3, 1, 3, 1, 3, 1, 2, 2, 2, 1]);
  });

  it('takes quintiles of 10 from 50 sessions, ties broken by asOf', () => {
    const { q, group } = quantileGroups(sessions(Array.from({ length: 50 }, (_, i) => Math.floor(i / 2))));
    expect(q).toBe(5);
    expect(group.slice(0, 11)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    expect(new Set(group).size).toBe(5);
  });

  it('takes the median of an even count as the mean of the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });
});
