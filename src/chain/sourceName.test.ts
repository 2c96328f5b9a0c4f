import { describe, expect, it } from 'vitest';
import { shownSourceName } from './sourceName.js';

describe('shownSourceName', () => {
  it('shows an absolute file path by its base name, keeping a trailing note', () => {
    expect(shownSourceName('/srv/data/cboe-spx-2022-12-12/spx_quotedata.csv')).toBe('spx_quotedata.csv');
    expect(shownSourceName('/srv/data/deribit-btc-2025-11-19/')).toBe('deribit-btc-2025-11-19');
    expect(shownSourceName('/home/me/tardis/deribit_options_chain.csv (Tardis options_chain)')).toBe(
      'deribit_options_chain.csv (Tardis options_chain)',
    );
    expect(shownSourceName('C:\\Users\\me\\spx quotes.csv')).toBe('spx quotes.csv');
  });

  it('leaves URLs, base names and descriptions as they are', () => {
    for (const s of [
      'https://www.deribit.com BTC options (REST)',
      'spx_quotedata.csv',
      'simulator seed 3',
      'deribit: https://www.deribit.com; okx: https://www.okx.com',
    ])
      expect(shownSourceName(s)).toBe(s);
  });
});
