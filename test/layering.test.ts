import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
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

/** Every non-test .ts file under src/, with the top-level folders its relative imports (static or dynamic) reach. */
function importsBySource(): { file: string; layers: Set<string> }[] {
  const src = join(PROJECT, 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  return files.map((file) => {
    const text = readFileSync(join(src, file), 'utf8');
    const layers = new Set<string>();
    // static imports and the dynamic ones a command loads its drivers by
    for (const m of text.matchAll(/\bfrom\s+'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)/g)) {
      const target = relative(src, resolve(src, file, '..', (m[1] ?? m[2]) as string));
      layers.add(target.includes('/') ? (target.split('/')[0] as string) : target.replace(/\.js$/, ''));
    }
    return { file, layers };
  });
}

describe('the assistant server (src/mcp) sits beside the HTTP server, under the CLI', () => {
  it('imports no CLI, and only the CLI and the package entry import it', () => {
    const all = importsBySource();
    const mcp = all.filter((f) => f.file.startsWith('mcp/'));
    expect(mcp.length).toBeGreaterThan(0);
    for (const f of mcp)
      expect(
        [...f.layers].filter((l) => l === 'cli'),
        f.file,
      ).toEqual([]);
    const importers = all.filter((f) => !f.file.startsWith('mcp/') && f.layers.has('mcp')).map((f) => f.file);
    expect(importers).toContain('cli/mcpCommand.ts');
    expect(importers.filter((f) => !f.startsWith('cli/') && f !== 'index.ts')).toEqual([]);
  });
});
