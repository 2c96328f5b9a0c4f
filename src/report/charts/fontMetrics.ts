import { readFileSync } from 'node:fs';

/**
 * Advance widths of a TrueType font, read from its `cmap` (format 4, the Basic Multilingual Plane)
 * and `hmtx` tables: how wide the server-side renderer's text really is. ECharts lays out axis
 * labels and legends by measuring text; without a canvas it guesses, and its guess is narrower
 * than DejaVu Sans, so labels spilled off the image and legend entries ran into each other.
 */
export interface FontMetrics {
  /** advance width of `text` at `sizePx`, px */
  width(text: string, sizePx: number): number;
}

function table(font: Buffer, tag: string): number {
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    if (font.toString('latin1', at, at + 4) === tag) return font.readUInt32BE(at + 8);
  }
  throw new Error(`font has no ${tag} table`);
}

/** The glyph of each BMP code point, from the Windows Unicode (3,1) or Unicode (0,3) format-4 subtable. */
function glyphLookup(font: Buffer): (codePoint: number) => number {
  const cmap = table(font, 'cmap');
  let sub = -1;
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const at = cmap + 4 + 8 * i;
    const platform = font.readUInt16BE(at);
    const encoding = font.readUInt16BE(at + 2);
    const offset = cmap + font.readUInt32BE(at + 4);
    if (((platform === 3 && encoding === 1) || (platform === 0 && encoding === 3)) && font.readUInt16BE(offset) === 4)
      sub = offset;
  }
  if (sub < 0) throw new Error('font has no format-4 Unicode cmap');
  const segments = font.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (c) => {
    if (c > 0xffff) return 0;
    for (let s = 0; s < segments; s++) {
      if (font.readUInt16BE(ends + 2 * s) < c) continue;
      const start = font.readUInt16BE(starts + 2 * s);
      if (start > c) return 0;
      const delta = font.readInt16BE(deltas + 2 * s);
      const rangeOffset = font.readUInt16BE(rangeOffsets + 2 * s);
      if (rangeOffset === 0) return (c + delta) & 0xffff;
      const g = font.readUInt16BE(rangeOffsets + 2 * s + rangeOffset + 2 * (c - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
}

export function readFontMetrics(file: string): FontMetrics {
  const font = readFileSync(file);
  const unitsPerEm = font.readUInt16BE(table(font, 'head') + 18);
  const metrics = font.readUInt16BE(table(font, 'hhea') + 34);
  const hmtx = table(font, 'hmtx');
  const glyph = glyphLookup(font);
  const advance = (g: number) => font.readUInt16BE(hmtx + 4 * Math.min(g, metrics - 1));
  const em = new Map<number, number>();
  const emOf = (c: number) => {
    let w = em.get(c);
    if (w === undefined) {
      w = advance(glyph(c)) / unitsPerEm;
      em.set(c, w);
    }
    return w;
  };
  return {
    width(text, sizePx) {
      let w = 0;
      for (const ch of text) w += emOf(ch.codePointAt(0) as number);
      return w * sizePx;
    },
  };
}

/** The pixel size of a CSS font shorthand (`bold 13px DejaVu Sans`); ECharts' default 12 px otherwise. */
export function fontSizePx(font: string | undefined): number {
  const m = /(\d+(?:\.\d+)?)px/.exec(font ?? '');
  return m ? Number(m[1]) : 12;
}
