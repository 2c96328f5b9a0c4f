import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { TARDIS_OPTIONS_CHAIN_HEADER } from '../../src/sources/tardis/format.js';

/**
 * Writes a Tardis options_chain file of about `megabytes` MB from a recorded chain: its options
 * ticking in turn over a day (each row one option's new mark, IV and forward), in time order.
 * Returns the file's size in bytes and its rows.
 */
export function writeTardisFile(
  path: string,
  chain: ChainSnapshot,
  megabytes: number,
): { readonly bytes: number; readonly rows: number } {
  const fd = openSync(path, 'w');
  const start = Math.floor(chain.asOf / 86_400_000) * 86_400_000;
  const rowsWanted = Math.round((megabytes * 1e6) / 260);
  const stepUs = Math.max(1, Math.floor((86_400_000 * 1000) / rowsWanted));
  let buffer = `${TARDIS_OPTIONS_CHAIN_HEADER.join(',')}\n`;
  const n = chain.options.length;
  for (let i = 0; i < rowsWanted; i++) {
    const o = chain.options[i % n] as ChainSnapshot['options'][number];
    const wiggle = 1 + ((i % 97) - 48) * 1e-4;
    const ts = start * 1000 + i * stepUs;
    const iv = (o.iv * 100 * wiggle).toFixed(2);
    const forward = (o.forward * wiggle).toFixed(2);
    const mark = ((o.markPrice ?? 0) / o.forward).toFixed(4);
    buffer += `deribit,${o.instrument},${ts},${ts + 1750},${o.type === 'C' ? 'call' : 'put'},${o.strike},${o.expiry * 1000},${o.openInterest},,${mark},1.5,${(Number(iv) - 1).toFixed(2)},${mark},2.5,${(Number(iv) + 1).toFixed(2)},${mark},${iv},SYN.BTC-${o.expiry},${forward},0.51234,0.00012,12.345,-4.321,0.123\n`;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
  return { bytes: statSync(path).size, rows: rowsWanted };
}
