import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordOf } from '../../src/history/summary.js';
import { createApp } from '../../src/server/app.js';
import { readCboeFile } from '../../src/sources/cboe/index.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { CBOE_SPX_FILE } from '../golden/paths.js';

let store: DuckDbStore;
beforeAll(async () => {
  store = await DuckDbStore.open(':memory:');
  // as a store written before sources were base names holds it: the importing machine's absolute path
  const spx = await readCboeFile(CBOE_SPX_FILE, { source: CBOE_SPX_FILE });
  expect(spx.source).toBe(CBOE_SPX_FILE);
  await store.writeSnapshot(recordOf(spx));
});
afterAll(() => store.close());

describe('the source the history API shows for a stored file snapshot', () => {
  it('is the file’s base name in the snapshot list and in the stored report', async () => {
    const app = createApp({ sources: [], history: store });
    const listed = (await (await app.request('/api/history/snapshots')).json()) as { source: string }[];
    expect(listed.map((s) => s.source)).toEqual(['spx_quotedata.csv']);
    const report = (await (await app.request('/api/history/report?venue=cboe&underlying=SPX')).json()) as {
      source: string;
    };
    expect(report.source).toBe('spx_quotedata.csv');
  });
});
