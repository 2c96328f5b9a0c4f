import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { ChainInputError, type ChainSnapshot } from '../chain/types.js';
import { readTextFile } from '../core/textFile.js';
import { hasCboeHeader, parseCboeCsv } from '../sources/cboe/parse.js';
import { readCboeJsonFile } from '../sources/cboe/read.js';
import { headerHoldsMapping, parseGenericCsv } from '../sources/csv/generic.js';
import type { CsvMapping } from '../sources/csv/mapping.js';
import { DERIBIT_INSTRUMENTS_FILE, readDeribitDir } from '../sources/deribit/read.js';
import type { CboeTerms } from '../sources/openChain.js';

/** The chain readers `gexmap import` takes, by flag: --cboe, --csv, --deribit-dir, --cboe-json. */
export type ImportKind = 'cboe' | 'csv' | 'deribit-dir' | 'cboe-json';

/** One chain to read: a file (a folder for deribit-dir); one found in a folder must look like a chain. */
export interface ImportFile {
  readonly kind: ImportKind;
  readonly path: string;
  readonly inFolder: boolean;
}

/** A file of a named folder that holds no chain, with why. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface ImportListing {
  readonly files: readonly ImportFile[];
  readonly skipped: readonly SkippedFile[];
  /** paths named on the command line that are not there */
  readonly missing: readonly string[];
}

// the extension of a chain file in a folder, per reader
const EXTENSION: Readonly<Record<Exclude<ImportKind, 'deribit-dir'>, string>> = {
  cboe: '.csv',
  csv: '.csv',
  'cboe-json': '.json',
};

const isDir = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
const holdsDeribitChain = (dir: string) => existsSync(join(dir, DERIBIT_INSTRUMENTS_FILE));

/**
 * The chains the named paths hold, in the order given, each folder's entries sorted by name. A file
 * is read as it is; a folder gives its `.csv` (`--cboe`, `--csv`) or `.json` (`--cboe-json`) files,
 * the other entries skipped. `--deribit-dir` names one recorded chain (a folder holding
 * get_instruments.json), or a folder of them: each subfolder holding one, the other entries skipped.
 */
export async function listImportFiles(named: readonly { kind: ImportKind; path: string }[]): Promise<ImportListing> {
  const files: ImportFile[] = [];
  const skipped: SkippedFile[] = [];
  const missing: string[] = [];
  for (const { kind, path } of named) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) {
      missing.push(path);
      continue;
    }
    if (!stat.isDirectory() || (kind === 'deribit-dir' && holdsDeribitChain(path))) {
      files.push({ kind, path, inFolder: false });
      continue;
    }
    const names = (await readdir(path)).sort();
    if (kind === 'deribit-dir') {
      const chains = names.map((name) => join(path, name)).filter((dir) => isDir(dir) && holdsDeribitChain(dir));
      // a folder holding no recorded chain at all is read as one, and refused naming the file it lacks
      if (chains.length === 0) files.push({ kind, path, inFolder: false });
      for (const dir of chains) files.push({ kind, path: dir, inFolder: true });
      for (const name of names) {
        const file = join(path, name);
        if (chains.length > 0 && !chains.includes(file))
          skipped.push({ file, reason: `not a folder holding ${DERIBIT_INSTRUMENTS_FILE}` });
      }
      continue;
    }
    for (const name of names) {
      const file = join(path, name);
      if (isDir(file)) skipped.push({ file, reason: 'a folder (folders are not searched)' });
      else if (extname(name).toLowerCase() !== EXTENSION[kind]) {
        skipped.push({ file, reason: `not a ${EXTENSION[kind]} file` });
      } else files.push({ kind, path: file, inFolder: true });
    }
  }
  return { files, skipped, missing };
}

/** How the readers are told to read: the CBOE terms of the command line and the one --csv mapping. */
export interface ImportReading {
  readonly cboe: CboeTerms;
  readonly mapping?: CsvMapping;
  /** the flags the CBOE forwards spot·e^{(r−q)t} come from (`--rate 0.5`), named when a forward is refused */
  readonly forwardFlags?: readonly string[];
}

/** The lines hasCboeHeader looks at for the header: the title lines a saving browser writes, and room. */
const CBOE_HEADER_LINES = 16;

/**
 * The text up to its `lines`-th line break (all of it when it has fewer): split with a limit still
 * scans the whole text, a megabyte for an SPX chain, and the first lines split the same either way.
 */
export function headOf(text: string, lines: number): string {
  let at = -1;
  for (let k = 0; k < lines; k++) {
    at = text.indexOf('\n', at + 1);
    if (at < 0) return text;
  }
  return text.slice(0, at + 1);
}

/** A read chain, or a folder's file that turned out to hold none. */
export type ImportRead = { readonly snapshot: ChainSnapshot } | { readonly skipped: string };

/**
 * Reads one chain, its `source` the base name as the report shows it. A CSV of a folder without the
 * CBOE header line (--cboe) or the mapped columns (--csv) is skipped, not refused: a folder of
 * downloads often holds an index or a price file too. Read errors propagate (ChainInputError, fs).
 */
export async function readImportFile(file: ImportFile, reading: ImportReading): Promise<ImportRead> {
  const source = basename(file.path);
  switch (file.kind) {
    case 'cboe': {
      const text = await readTextFile(file.path);
      if (file.inFolder && !hasCboeHeader(headOf(text, CBOE_HEADER_LINES), CBOE_HEADER_LINES))
        return { skipped: 'no CBOE header line (Expiration Date,Calls,…)' };
      return { snapshot: parseCboeCsv(text, { ...reading.cboe, source }) };
    }
    case 'csv': {
      const mapping = reading.mapping;
      if (mapping === undefined) throw new ChainInputError('--csv needs --mapping', file.path, 'mapping');
      const text = await readTextFile(file.path);
      if (file.inFolder && !headerHoldsMapping(text, mapping)) {
        return { skipped: 'its header lacks columns the mapping names' };
      }
      return { snapshot: parseGenericCsv(text, mapping, { source }) };
    }
    case 'cboe-json':
      return { snapshot: await readCboeJsonFile(file.path, { ...reading.cboe, source }) };
    case 'deribit-dir':
      return { snapshot: await readDeribitDir(file.path, { source }) };
  }
}
