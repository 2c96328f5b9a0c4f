import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliIo } from './io.js';
import { addServedSourceOptions, type ServedSourceFlags, servedSources } from './servedSources.js';

/** The package's version, told to clients in `initialize` (src/cli and dist/cli both sit two below the package root). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return String((JSON.parse(text) as { version?: unknown }).version ?? '0.0.0');
}

/**
 * `gexmap mcp`: the Model Context Protocol server on stdio over the sources `serve` would serve.
 * stdout carries the protocol alone, so every notice goes to stderr. Runs until stdin ends or a signal.
 */
export function registerMcp(program: Command, io: CliIo): void {
  addServedSourceOptions(
    program
      .command('mcp')
      .description('Model Context Protocol server on stdio (tools for AI assistants) over the sources serve takes'),
  ).action(async (flags: ServedSourceFlags) => {
    const log = (line: string) => io.stderr(`${line}\n`);
    const sources = await servedSources(flags, log);
    // the protocol SDK is loaded by this command alone, not by every command's start-up
    const [{ createMcpServer }, { StdioServerTransport }] = await Promise.all([
      import('../mcp/server.js'),
      import('@modelcontextprotocol/sdk/server/stdio.js'),
    ]);
    const server = createMcpServer({ sources, version: packageVersion() });
    const transport = new StdioServerTransport();
    await server.connect(transport);
    log(`gexmap mcp serving ${sources.map((s) => s.id).join(', ')} on stdio`);
    await new Promise<void>((resolve) => {
      process.stdin.once('end', resolve);
      process.stdin.once('close', resolve);
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    for (const s of sources) await s.close?.();
  });
}
