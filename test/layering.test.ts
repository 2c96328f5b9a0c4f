import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SHARED_DIR } from './golden/paths.js';

const run = promisify(execFile);
const PROJECT = resolve(import.meta.dirname, '..');

describe('the layering rule', () => {
  it('holds: core < chain < positioning < analytics, sources and store on core and chain, no import cycle', async () => {
    // the shared checker exits 1 and prints each breach; a breach fails the suite with its list
    const out = await run('node', [resolve(SHARED_DIR, 'tools/import-rules.mjs'), PROJECT]).catch(
      (e: { stdout?: string }) => ({ stdout: e.stdout ?? String(e) }),
    );
    expect(out.stdout).toMatch(/ 0 cycles, 0 layer breaches\s*$/);
  });
});
