import { describe, expect, it } from 'vitest';
import { massRange, overlaps, percentileRange, spreadApart, stackRows } from '../../web/src/panels/layout.js';

describe('label layout', () => {
  it('stacks labels that would overlap into rows, and keeps apart ones on the first row', () => {
    // spot 91,630 and put wall 90,000 a few px apart, call wall far off
    const rows = stackRows([
      { at: 100, size: 60 },
      { at: 120, size: 60 },
      { at: 300, size: 60 },
      { at: 140, size: 60 },
    ]);
    expect(rows).toEqual([0, 1, 0, 2]);
  });

  it('moves labels wanted at nearly one height apart the least, inside the plot', () => {
    const spans = [
      { at: 50, size: 12 },
      { at: 52, size: 12 },
      { at: 195, size: 12 },
    ];
    const centres = spreadApart(spans, 0, 200);
    const boxes = centres.map((c, i) => ({
      left: 0,
      right: 1,
      top: c - (spans[i]?.size ?? 0) / 2,
      bottom: c + (spans[i]?.size ?? 0) / 2,
    }));
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
    expect(Math.max(...boxes.map((b) => b.bottom))).toBeLessThanOrEqual(200);
    expect(centres[0]).toBe(50);
  });
});

describe('axis ranges', () => {
  it('open the strike axis on the strikes holding 98 % of the weight, padded, with spot inside', () => {
    const rows = [
      { strike: 50, weight: 0.5 },
      { strike: 90, weight: 40 },
      { strike: 100, weight: 50 },
      { strike: 110, weight: 9 },
      { strike: 200, weight: 0.5 },
    ];
    const [lo, hi] = massRange(rows, { share: 0.98, pad: 0.1, include: [95] }) as [number, number];
    // the 1 % tails (1 each) are cut: the far strikes 50 and 200 fall out
    expect(lo).toBeGreaterThan(50);
    expect(hi).toBeLessThan(200);
    expect(lo).toBeLessThanOrEqual(90);
    expect(hi).toBeGreaterThanOrEqual(110);
    expect(massRange([{ strike: 1, weight: 0 }])).toBeNull();
  });

  it('clip a vol axis to the 2nd–98th percentile of its points', () => {
    const values = Array.from({ length: 101 }, (_, i) => i / 100);
    values.push(10); // one 1,000 % wing
    const [lo, hi] = percentileRange(values) as [number, number];
    expect(lo).toBeCloseTo(0.0202, 3);
    expect(hi).toBeLessThan(1.01);
  });
});
