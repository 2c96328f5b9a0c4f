/**
 * Preloaded (`--import`) into a command the benchmark runs in a process of its own: on exit, one
 * line on stderr, `peak-rss-mb=N`, the process's peak RSS: what the user of that command sees.
 * Never imported: importing it would mark the importer's own exit. Plain JavaScript, so that plain
 * `node` preloads it into the built package as tsx does into the sources.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `peak-rss-mb=${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
});
