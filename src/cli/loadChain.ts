import type { ChainSnapshot } from '../chain/types.js';
import { readCboeFile } from '../sources/cboe/index.js';
import { readDeribitDir } from '../sources/deribit/index.js';

export interface ChainSourceOptions {
  readonly cboe?: string;
  readonly deribitDir?: string;
  readonly rate?: number;
  readonly yield?: number;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Reads the one chain source the command line names. */
export async function loadChain(opts: ChainSourceOptions): Promise<ChainSnapshot> {
  const given = [opts.cboe, opts.deribitDir].filter((x) => x !== undefined);
  if (given.length !== 1) throw new UsageError('name exactly one chain source: --cboe FILE or --deribit-dir DIR');
  if (opts.cboe !== undefined) {
    return readCboeFile(opts.cboe, {
      ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
      ...(opts.yield !== undefined ? { yield: opts.yield } : {}),
    });
  }
  if (opts.rate !== undefined || opts.yield !== undefined) {
    throw new UsageError(
      '--rate and --yield apply to BSM equity chains (--cboe); Deribit chains price on their own forwards',
    );
  }
  return readDeribitDir(opts.deribitDir as string);
}
