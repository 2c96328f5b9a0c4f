import { inject } from 'vitest';

/** The suite's PostgreSQL (test/globalSetup.postgres.ts); throws its start-up failure, so tests fail, never skip. */
export function pgUrl(): string {
  const url = inject('pgUrl');
  if (!url) throw new Error(inject('pgError') || 'PostgreSQL for the tests is not configured');
  return url;
}
