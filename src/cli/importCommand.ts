import { type Command, Option } from 'commander';
import { DEFAULT_TEXT_WIDTH } from '../report/wrap.js';
import { readCsvMapping } from '../sources/csv/generic.js';
import { openStore } from '../store/open.js';
import { ExitError } from './exitError.js';
import { importChains } from './importChains.js';
import { type ImportFile, type ImportKind, listImportFiles } from './importFiles.js';
import { type ImportSummary, renderImportSummary } from './importSummary.js';
import type { CliIo } from './io.js';
import { cboeTerms, parseInstant } from './loadChain.js';
import { checkStore, type StoreFlags, storeOptions } from './storeFlags.js';
import { rateOption } from './unitOptions.js';
import { UsageError } from './usageError.js';

interface ImportFlags extends StoreFlags {
  cboe?: string[];
  csv?: string[];
  mapping?: string;
  deribitDir?: string[];
  cboeJson?: string[];
  asOf?: number;
  forward?: 'spot' | 'implied';
  rate?: number;
  yield?: number;
  json?: boolean;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Progress lines from this many chain files on (a few files import before a line would help). */
const PROGRESS_FROM = 10;
const PROGRESS_EVERY_MS = 250;

/** The flags' sources, each folder or file with the reader it names. */
function namedSources(flags: ImportFlags): { kind: ImportKind; path: string }[] {
  const of = (kind: ImportKind, paths: string[] = []) => paths.map((path) => ({ kind, path }));
  return [
    ...of('cboe', flags.cboe),
    ...of('csv', flags.csv),
    ...of('cboe-json', flags.cboeJson),
    ...of('deribit-dir', flags.deribitDir),
  ];
}

/** The flags checked against each other before anything is read: a UsageError naming the flag. */
function checkFlags(flags: ImportFlags): void {
  checkStore(flags);
  if (namedSources(flags).length === 0) {
    throw new UsageError(
      'name the chains to import: --cboe FILE|DIR, --csv FILE|DIR --mapping MAP.json, --deribit-dir DIR or --cboe-json FILE|DIR (each repeatable)',
    );
  }
  if ((flags.csv !== undefined) !== (flags.mapping !== undefined)) {
    throw new UsageError('--csv FILE|DIR and --mapping MAP.json go together (one mapping for every --csv)');
  }
  const terms = [
    ['--as-of', flags.asOf],
    ['--forward', flags.forward],
    ['--rate', flags.rate],
    ['--yield', flags.yield],
  ].filter(([, v]) => v !== undefined);
  if (terms.length > 0 && flags.cboe === undefined && flags.cboeJson === undefined) {
    throw new UsageError(
      `${terms.map(([f]) => f).join(', ')}: apply to CBOE chains (--cboe, --cboe-json); a --csv chain takes them from its mapping, a Deribit chain from its payloads`,
    );
  }
}

/** `--as-of` stamps one instant: on several CBOE files every one would be the same snapshot. */
function checkAsOf(flags: ImportFlags, files: readonly ImportFile[]): void {
  const cboe = files.filter((f) => f.kind === 'cboe' || f.kind === 'cboe-json').length;
  if (flags.asOf !== undefined && cboe > 1) {
    throw new UsageError(
      `--as-of sets the instant of one CBOE file, and ${cboe} files are named: import them without it`,
    );
  }
}

/** Redraws one progress line on stderr, at most every PROGRESS_EVERY_MS and always for the last file. */
function progressLine(io: CliIo, total: number): (done: number, refused: number) => void {
  if (io.progress !== true || total < PROGRESS_FROM) return () => {};
  let last = 0;
  return (done, refused) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS && done < total) return;
    last = now;
    const pct = ((done / total) * 100).toFixed(0);
    io.stderr(`\rimport ${done} / ${total} files (${pct} %) · ${refused} refused${done === total ? '\n' : ''}`);
  };
}

/**
 * `gexmap import`: every chain file the flags name (folders give their chain files, sorted by name)
 * read once, summarised by recordOf and written through writeSnapshots in batches. A file that cannot
 * be read is refused by name with the reader's message (line and field) and the others still import;
 * a chain already stored at its (venue, underlying, asOf) is counted, not written again.
 */
export function registerImport(program: Command, io: CliIo): void {
  storeOptions(
    program
      .command('import')
      .description('store chain files (CBOE CSV or JSON, generic CSV, Deribit folders) as history snapshots')
      .option('--cboe <file|dir>', 'CBOE delayed-quotes CSV, or a folder of them (repeatable)', collect)
      .option('--csv <file|dir>', 'generic option-chain CSV read with --mapping, or a folder (repeatable)', collect)
      .option('--mapping <file>', 'JSON column mapping of every --csv file (columns.asOf: each file its own time)')
      .option(
        '--deribit-dir <dir>',
        'folder with a recorded Deribit chain, or a folder of such folders (repeatable)',
        collect,
      )
      .option('--cboe-json <file|dir>', 'saved CBOE delayed-quotes JSON, or a folder of them (repeatable)', collect)
      .option('--as-of <time>', 'one CBOE file: its snapshot instant (ISO with a zone)', parseInstant('--as-of'))
      .addOption(
        new Option('--forward <source>', 'CBOE chains: spot (BSM, the default) or implied (put-call parity)').choices([
          'spot',
          'implied',
        ]),
      )
      .addOption(rateOption('--rate <r>', 'CBOE chains: risk-free rate, continuous: 4% or 0.04'))
      .addOption(rateOption('--yield <q>', 'CBOE chains: dividend yield, continuous: 1.5% or 0.015'))
      .option('--json', 'print {stored, existing, refused, skipped, snapshots} as JSON'),
  ).action(async (flags: ImportFlags) => {
    checkFlags(flags);
    const mapping = flags.mapping !== undefined ? await readCsvMapping(flags.mapping) : undefined;
    const listing = await listImportFiles(namedSources(flags));
    checkAsOf(flags, listing.files);
    const forwardFlags = (
      [
        ['--rate', flags.rate],
        ['--yield', flags.yield],
      ] as const
    ).flatMap(([flag, v]) => (v === undefined ? [] : [`${flag} ${v} (${+(v * 100).toPrecision(12)} %)`]));
    const reading = { cboe: cboeTerms(flags), forwardFlags, ...(mapping !== undefined ? { mapping } : {}) };

    const store = await openStore(flags);
    let summary: ImportSummary;
    try {
      summary = await importChains(store, listing, reading, progressLine(io, listing.files.length));
    } finally {
      await store.close();
    }
    io.stdout(
      flags.json ? `${JSON.stringify(summary)}\n` : renderImportSummary(summary, io.width ?? DEFAULT_TEXT_WIDTH),
    );
    const refused = summary.refused.length;
    if (refused > 0) {
      const files = summary.stored + summary.existing + refused;
      const rest = refused < files ? 'the others imported' : 'nothing imported';
      throw new ExitError(`import: ${refused} of ${files} file(s) refused (${rest})`, 1);
    }
  });
}
