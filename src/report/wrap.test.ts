import { describe, expect, it } from 'vitest';
import { fitColumns, pick, wrapText } from './wrap.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('wrapText', () => {
  it('continues a padded label line under its text, each line within the width, no word lost', () => {
    const line = `Regime           ${words(30)}`;
    const out = wrapText(line, 60).split('\n');
    expect(out.length).toBeGreaterThan(2);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(60);
    for (const l of out.slice(1)) expect(l).toMatch(/^ {17}\S/);
    expect(
      out
        .join(' ')
        .split(/\s+/)
        .filter((w) => w.startsWith('word')),
    ).toHaveLength(30);
  });

  it('continues an indented key two columns past its indentation', () => {
    const out = wrapText(`  playbook: ${words(20)}`, 50).split('\n');
    expect(out[0]).toMatch(/^ {2}playbook: word0/);
    for (const l of out.slice(1)) expect(l).toMatch(/^ {4}word/);
  });

  it('does not count colour codes, and leaves tables, short lines and width 0 alone', () => {
    const red = (t: string) => `\u001b[31m${t}\u001b[39m`;
    const coloured = `${red('x'.repeat(45))} ${red('y'.repeat(3))}`;
    expect(wrapText(coloured, 50)).toBe(coloured); // 49 visible columns
    const table = `│ ${'x'.repeat(120)} │`;
    expect(wrapText(table, 50)).toBe(table);
    expect(wrapText('short', 50)).toBe('short');
    const long = words(40);
    expect(wrapText(long, 0)).toBe(long);
  });
});

describe('fitColumns', () => {
  // three columns of 10, 30 and 8 characters joined by a space
  const cells = ['a'.repeat(10), 'b'.repeat(30), 'c'.repeat(8)];
  const columns = [
    { name: 'a', keep: 3 },
    { name: 'b', keep: 2 },
    { name: 'c', keep: 1 },
  ];
  const render = (kept: readonly number[]) => pick(cells, kept).join(' ');

  it('keeps every column when they fit, and at width 0', () => {
    expect(fitColumns(columns, 50, render)).toBe(cells.join(' '));
    expect(fitColumns(columns, 0, render)).toBe(cells.join(' '));
  });

  it('drops the least kept first and names it under the table', () => {
    expect(fitColumns(columns, 45, render)).toBe(`${cells[0]} ${cells[1]}\n(45 columns: c not shown)`);
  });

  it('puts back a narrower column once a wider one is gone', () => {
    // c and then b must go to reach 30; c fits again beside a
    expect(fitColumns(columns, 30, render).split('\n')).toEqual([
      `${cells[0]} ${cells[2]}`,
      '(30 columns: b not shown)',
    ]);
  });

  it('prints the last column as it is when even that is too wide', () => {
    expect(fitColumns(columns, 5, render).split('\n')[0]).toBe(cells[0]);
  });
});
