import { z } from 'zod';
import { MAX_PLAUSIBLE_CONTRACTS } from '../chain/admit.js';
import { isPrintable } from '../core/escape.js';
import { readFlagJson } from './jsonFile.js';

/** A desk's book: dealer contracts per instrument, + long / − short (below 1e9 contracts either way). */
const positionsSchema = z.record(
  z.string().refine(isPrintable, 'holds control characters'),
  z.number().refine((n) => Math.abs(n) < MAX_PLAUSIBLE_CONTRACTS, {
    error: (i) => `${String(i.input)} contracts is not a plausible position (its size must be below 1e9)`,
  }),
);

/** The `--positions FILE` book of `report` and `serve`. */
export function readPositionsFile(path: string): Record<string, number> {
  return readFlagJson(path, positionsSchema, 'positions');
}
