import type { ChainSnapshot } from '../chain/types.js';
import { readCboeFile } from '../sources/cboe/index.js';
import { readDeribitDir } from '../sources/deribit/index.js';
import { type LiveSourceFlags, loadLiveChain } from './deribitLive.js';

export interface ChainSourceOptions extends LiveSourceFlags {
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
  if (opts.venue === undefined && (opts.currency ?? opts.baseUrl) !== undefined) {
    throw new UsageError('--currency and --base-url name a live chain: add --venue deribit');
  }
  const given = [opts.cboe, opts.deribitDir, opts.venue].filter((x) => x !== undefined);
  if (given.length !== 1) {
    throw new UsageError(
      'name exactly one chain source: --cboe FILE, --deribit-dir DIR or --venue deribit --currency BTC',
    );
  }
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
  return opts.venue !== undefined ? loadLiveChain(opts) : readDeribitDir(opts.deribitDir as string);
}
