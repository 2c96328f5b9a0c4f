/**
 * One Tardis options_chain read in this fresh process, what a one-off `gexmap import-tardis` pays
 * beyond Node's start: the reader's modules and DuckDB's loaded, its instance created, the first
 * query planned, the replay not yet compiled. Prints `{ms, snapshots}` as JSON.
 * Usage: node [--import tsx] bench/support/tardisFirstRead.mjs READER_MODULE FILE, the module the
 * built `dist/sources/tardis/optionsChain.js` (plain node, as a user runs it) or its TypeScript source (through tsx).
 */
import { pathToFileURL } from 'node:url';

const [reader, file] = process.argv.slice(2);
if (reader === undefined || file === undefined) throw new Error('usage: tardisFirstRead.mjs READER_MODULE FILE');
const t = performance.now();
const { readTardisOptionsChain } = await import(pathToFileURL(reader).href);
let snapshots = 0;
for await (const _ of readTardisOptionsChain(file, { scanner: 'auto' })) snapshots++;
console.log(JSON.stringify({ ms: performance.now() - t, snapshots }));
