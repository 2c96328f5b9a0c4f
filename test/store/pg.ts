import postgres from 'postgres';
import { inject } from 'vitest';
import { PostgresStore } from '../../src/store/postgres.js';

/** The suite's PostgreSQL (test/globalSetup.postgres.ts); throws its start-up failure, so tests fail, never skip. */
export function pgUrl(): string {
  const url = inject('pgUrl');
  if (!url) throw new Error(inject('pgError') || 'PostgreSQL for the tests is not configured');
  return url;
}

/** Runs `fn` on a PostgreSQL store in a database of its own, dropped afterwards. */
export async function withScratchPostgres<T>(
  name: string,
  fn: (store: PostgresStore, url: string) => Promise<T>,
): Promise<T> {
  const admin = postgres(pgUrl(), { max: 1, onnotice: () => {} });
  const db = `${name}_${process.pid}`;
  await admin.unsafe(`CREATE DATABASE ${db}`);
  const url = new URL(pgUrl());
  url.pathname = `/${db}`;
  try {
    const store = await PostgresStore.open(url.toString());
    try {
      return await fn(store, url.toString());
    } finally {
      await store.close();
    }
  } finally {
    await admin.unsafe(`DROP DATABASE ${db} WITH (FORCE)`);
    await admin.end();
  }
}
