import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { PostgresStore } from '../../src/store/postgres.js';
import { storeContract } from './contract.js';
import { pgUrl } from './pg.js';

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
