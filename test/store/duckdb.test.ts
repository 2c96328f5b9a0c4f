import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { storeContract } from './contract.js';

function fileStore(lock: 'hold' | 'per-operation') {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gexmap-duck-'));
    const path = join(dir, 'history.duckdb');
    return {
      open: () => DuckDbStore.open(path, { lock }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  };
}

storeContract('DuckDB file, held open', fileStore('hold'));
storeContract('DuckDB file, opened per operation (shared with other processes)', fileStore('per-operation'));
