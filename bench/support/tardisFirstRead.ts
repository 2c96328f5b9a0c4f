/**
 * One Tardis options_chain read in this fresh process, what a one-off `gexmap import-tardis` pays
 * beyond Node's start: the reader's modules and DuckDB's loaded, its instance created, the first
 * query planned, the replay not yet compiled. Prints `{ms, snapshots}` as JSON.
 * Usage: tsx bench/support/tardisFirstRead.ts FILE
 */
const file = process.argv[2];
if (file === undefined) throw new Error('usage: tardisFirstRead.ts FILE');
const t = performance.now();
const { readTardisOptionsChain } = await import('../../src/sources/tardis/optionsChain.js');
let snapshots = 0;
for await (const _ of readTardisOptionsChain(file, { scanner: 'auto' })) snapshots++;
console.log(JSON.stringify({ ms: performance.now() - t, snapshots }));
