/** Small DOM helpers of the panels. */

export const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** A table row of text cells. */
export function row(cells: readonly string[], tag: 'th' | 'td' = 'td'): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const cell = document.createElement(tag);
    cell.textContent = c;
    tr.append(cell);
  }
  return tr;
}
