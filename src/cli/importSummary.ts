import { escapeText, oneLine } from '../core/escape.js';
import { wrapText } from '../report/wrap.js';
import type { SkippedFile } from './importFiles.js';

/** A chain read by `gexmap import`, stored now or before. */
export interface ImportedSnapshot {
  readonly file: string;
  readonly venue: string;
  readonly underlying: string;
  /** epoch ms (UTC) */
  readonly asOf: number;
  /** options admitted, and rows dropped by the reader's admission rules */
  readonly options: number;
  readonly dropped: number;
}

/** What one `gexmap import` did: stored, already stored, refused (file and message), skipped. */
export interface ImportSummary {
  readonly stored: number;
  readonly existing: number;
  readonly refused: readonly { readonly file: string; readonly error: string }[];
  readonly skipped: readonly SkippedFile[];
  readonly snapshots: readonly ImportedSnapshot[];
  /** snapshots stored before without their pins (an older store) whose pins were computed from their rows now */
  readonly pinsFilled: number;
}

/**
 * The summary as text: one line of counts, then one line per refused and per skipped file, each
 * wrapped to `width` columns (0: not wrapped). Names and messages come from files, so each line
 * is escaped to one terminal line before it is wrapped.
 */
export function renderImportSummary(s: ImportSummary, width = 0): string {
  const files = s.stored + s.existing + s.refused.length;
  const nothingNew = s.stored === 0 && s.existing > 0 ? ' (nothing new)' : '';
  const lines = [
    `imported ${files} file(s): ${s.stored} stored, ${s.existing} already stored${nothingNew}, ${s.refused.length} refused, ${s.skipped.length} skipped (not chain files)`,
    ...s.refused.map((r) => `refused ${escapeText(r.file)}: ${oneLine(r.error)}`),
    ...s.skipped.map((k) => `skipped ${escapeText(k.file)}: ${k.reason}`),
    ...(s.pinsFilled > 0
      ? [`computed the pinning levels of ${s.pinsFilled} snapshot(s) stored before without them, from their rows`]
      : []),
  ];
  // wrapped after escaping, so that a long file name or message continues under its line
  return `${wrapText(lines.join('\n'), width)}\n`;
}
