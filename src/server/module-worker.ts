/**
 * A worker thread running one of the server's modules, from `dist/` when built, else from the TypeScript
 * sources through tsx's loader (vitest, tsx), so that the same code starts in production and in tests.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Starts `name`.js (or `name`.ts from the sources) beside `base` (a module's import.meta.url) in a worker. */
export function moduleWorker(base: string, name: string, options: WorkerOptions = {}): Worker {
  const compiled = new URL(`./${name}.js`, base);
  if (fs.existsSync(fileURLToPath(compiled))) return new Worker(compiled, options);
  const tsx = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsx, 'dist/esm/api/index.mjs')).href;
  const source = new URL(`./${name}.ts`, base).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
