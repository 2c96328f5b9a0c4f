import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

describe('gexmap serve', () => {
  const running: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of running) {
      if (child.exitCode !== null) continue;
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('prints exactly one start-up line: what it serves and the URL, nothing on stderr', async () => {
    const child = spawn(
      TSX,
      ['src/cli/bin.ts', 'serve', '--cboe', CBOE_SPX_FILE, '--deribit-dir', DERIBIT_BTC_DIR, '--port', '0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.push(child);
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const url = await new Promise<string>((done, fail) => {
      child.stdout?.on('data', (d) => {
        stdout += d;
        const m = /on (http:\/\/\S+)\n/.exec(stdout);
        if (m) done(m[1] as string);
      });
      child.once('exit', (code) => fail(new Error(`serve exited (${code}) before listening: ${stderr}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // it answers at that URL, and has still said nothing more
    expect((await fetch(`${url}/api/sources`)).status).toBe(200);
    expect(stdout).toBe(`gexmap serving cboe-spx, deribit-btc on ${url}\n`);
    expect(stderr).toBe('');
    child.kill('SIGTERM');
    await once(child, 'exit');
  }, 60_000);
});
