import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `name` that sits beside the module at `here` (its `import.meta.url`):
 * the built `name.js` when `here` is built code, or, run from the TypeScript sources (tests,
 * benchmarks, `npm run gexmap`), `name.ts` loaded through tsx's loader, registered in the worker
 * first (a worker does not inherit the loader of the thread that starts it).
 */
export function startModuleWorker(here: string, name: string, options: WorkerOptions = {}): Worker {
  if (here.endsWith('.js')) return new Worker(new URL(`./${name}.js`, here), options);
  // tsx's ES-module API (`import` of tsx/esm/api), found through its package.json from here
  const manifest = createRequire(here).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as TsxManifest;
  const api = new URL(exports['./esm/api'].import.default, pathToFileURL(manifest)).href;
  const entry = new URL(`./${name}.ts`, here).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

interface TsxManifest {
  readonly exports: { readonly './esm/api': { readonly import: { readonly default: string } } };
}
