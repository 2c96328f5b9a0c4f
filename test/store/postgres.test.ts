import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordOf } from '../../src/history/summary.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { storeContract, testSnapshot } from './contract.js';
import { pgUrl, withScratchPostgres } from './pg.js';

let admin: postgres.Sql | undefined;
let n = 0;
beforeAll(() => {
  admin = postgres(pgUrl(), { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await admin?.end({ timeout: 5 });
});

storeContract('PostgreSQL 15, month partitions, COPY', async () => {
  if (!admin) pgUrl();
  const name = `contract_${process.pid}_${++n}`;
  await admin!.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl());
  url.pathname = `/${name}`;
  return {
    open: () => PostgresStore.open(url.toString()),
    cleanup: async () => void (await admin!.unsafe(`DROP DATABASE ${name} WITH (FORCE)`)),
  };
});

describe('PostgreSQL store created before option ordinals', () => {
  it('gains the ordinal column on open; its old rows read back in name order, new ones in written order', async () => {
    await withScratchPostgres('ordinal', async (first, url) => {
      const base = testSnapshot(Date.UTC(2025, 10, 30, 20), 1);
      const reversed = { ...base, options: [...base.options].reverse() };
      await first.writeSnapshot(recordOf(reversed));
      await first.sql.unsafe('ALTER TABLE option_rows DROP COLUMN ordinal');
      const again = await PostgresStore.open(url);
      try {
        const old = await again.readSnapshot(reversed);
        expect(old!.options.map((o) => o.instrument)).toEqual(base.options.map((o) => o.instrument).sort());
        const later = { ...reversed, asOf: reversed.asOf + 3_600_000 };
        await again.writeSnapshot(recordOf(later));
        expect((await again.readSnapshot(later))!.options).toEqual(later.options);
      } finally {
        await again.close();
      }
    });
  });
});
