import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CBOE_SPX_FILE } from '../golden/paths.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

/** The gexmap executable as a process of its own (real pipes, real sockets, real exit codes). */
function gexmap(args: string[]): ChildProcess {
  return spawn(TSX, ['src/cli/bin.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function finished(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

/** Resolves with the URL `serve` prints once it listens. */
function servingUrl(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /on (http:\/\/\S+)/.exec(out);
      if (m) done(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`serve exited (${code}) before listening: ${out}`)));
  });
}

describe('gexmap serve on a real port', () => {
  const running: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of running) {
      if (child.exitCode !== null) continue;
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('reports a --cboe file under its base name, and a second serve on the busy port exits 4 with one line', async () => {
    const first = gexmap(['serve', '--cboe', CBOE_SPX_FILE, '--port', '0']);
    running.push(first);
    const url = await servingUrl(first);

    const report = (await (await fetch(`${url}/api/sources/cboe-spx/report`)).json()) as { source: string };
    expect(report.source).toBe('spx_quotedata.csv');

    const port = new URL(url).port;
    const second = await finished(gexmap(['serve', '--cboe', CBOE_SPX_FILE, '--port', port]));
    expect(second.code).toBe(4);
    expect(second.stderr).toBe(
      `gexmap: port ${port} is in use (127.0.0.1:${port}): stop what holds it, or choose another --port\n`,
    );
  }, 60_000);
});

describe('gexmap report into a closed pipe', () => {
  it.each([[[]], [['--json']]])(
    'exits 0 without a word when the reader has gone (%j)',
    async (extra) => {
      const child = gexmap(['report', '--cboe', CBOE_SPX_FILE, ...extra]);
      // the reader closes before the first byte is written, as `| head -1` does after its line
      child.stdout?.destroy();
      const { code, stderr } = await finished(child);
      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
    60_000,
  );
});
