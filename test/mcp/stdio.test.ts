import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CBOE_SPX_FILE } from '../golden/paths.js';
import { ensureBuilt, PROJECT_DIR } from '../support/builtPackage.js';

const BIN = join(PROJECT_DIR, 'bin/gexmap.js');

/** A JSON-RPC peer over the child's stdio, one message a line, as the MCP stdio transport frames them. */
class StdioPeer {
  private readonly waiting = new Map<number, (message: Record<string, unknown>) => void>();
  readonly stray: string[] = [];
  readonly stderr: string[] = [];
  private next = 1;
  constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      let message: { id?: number };
      try {
        message = JSON.parse(line);
      } catch {
        this.stray.push(line);
        return;
      }
      if (typeof message.id === 'number') this.waiting.get(message.id)?.(message as Record<string, unknown>);
    });
    child.stderr.on('data', (d: Buffer) => this.stderr.push(d.toString()));
  }
  request(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }
  notify(method: string): void {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`);
  }
}

let peer: StdioPeer;

beforeAll(() => {
  ensureBuilt();
  peer = new StdioPeer(spawn(process.execPath, [BIN, 'mcp', '--cboe', CBOE_SPX_FILE], { cwd: PROJECT_DIR }));
}, 180_000);

afterAll(() => {
  if (peer.child.exitCode === null) peer.child.kill();
});

describe('gexmap mcp over real stdio', () => {
  it('answers initialize with its name and the tools capability', async () => {
    const r = await peer.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'stdio-test', version: '1.0.0' },
    });
    const result = r.result as { serverInfo: { name: string }; capabilities: Record<string, unknown> };
    expect(result.serverInfo.name).toBe('gexmap');
    expect(result.capabilities.tools).toBeDefined();
    expect(result.capabilities.resources).toBeDefined();
    peer.notify('notifications/initialized');
  });

  it('lists at least the six tools', async () => {
    const r = await peer.request('tools/list');
    const names = (r.result as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const n of ['list_sources', 'get_gex_map', 'get_levels', 'get_profile', 'what_if_move', 'explain_regime'])
      expect(names).toContain(n);
  });

  it('get_gex_map gives the net GEX that report --json gives for the same chain', async () => {
    const r = await peer.request('tools/call', { name: 'get_gex_map', arguments: {} });
    const result = r.result as { isError?: boolean; structuredContent: { netGex: number; source: string } };
    expect(result.isError).toBeFalsy();
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'report', '--cboe', CBOE_SPX_FILE, '--json'], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(result.structuredContent.source).toBe('cboe-spx');
    expect(result.structuredContent.netGex).toBe(JSON.parse(stdout).netGex);
  });

  it('wrote nothing but protocol on stdout, and its start-up line on stderr', () => {
    expect(peer.stray).toEqual([]);
    expect(peer.stderr.join('')).toMatch(/gexmap mcp serving cboe-spx on stdio/);
  });

  it("the README's client configuration runs gexmap mcp with flags mcp takes", async () => {
    const readme = readFileSync(join(PROJECT_DIR, 'README.md'), 'utf8');
    const block = /<!-- doc-test: mcp-config -->\n```json\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const config = JSON.parse(block) as { mcpServers: { gexmap: { command: string; args: string[] } } };
    const { command, args } = config.mcpServers.gexmap;
    expect([command, ...args.slice(0, 2)]).toEqual(['npx', 'gexmap', 'mcp']);
    const { stdout: help } = await promisify(execFile)(process.execPath, [BIN, 'mcp', '--help']);
    for (const flag of args.filter((a) => a.startsWith('--'))) expect(help).toContain(`${flag} `);
  });

  it('ends when its stdin closes', async () => {
    const exited = new Promise<number | null>((resolve) => peer.child.once('exit', resolve));
    peer.child.stdin.end();
    expect(await exited).toBe(0);
  });
});
