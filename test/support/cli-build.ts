import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Compiles the CLI into a private directory, as `npx lifeboat` runs it, so that parallel suites
 * never race on dist/. Its package.json makes the output ES modules; a link to node_modules lets it
 * resolve its dependencies. Returns the directory (remove it after) and the entry point.
 */
export function buildPrivateCli(name: string): { work: string; mainJs: string } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `lifeboat-cli-${name}-`));
  fs.writeFileSync(path.join(work, 'package.json'), '{ "type": "module" }\n');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  // Type errors elsewhere in the tree do not stop tsc from emitting; the check below is what counts.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', path.join(work, 'dist')], {
    cwd: root,
    encoding: 'utf8',
  });
  const mainJs = path.join(work, 'dist/cli/main.js');
  if (!fs.existsSync(mainJs)) throw new Error('the CLI did not build');
  return { work, mainJs };
}
