/**
 * The one layer rule Biome cannot express (biome.jsonc has the others): the web may import from
 * src/server only with `import type`, which the build erases, so no server code reaches the browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = import.meta.dirname;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && e.name !== 'vite.config.ts' ? [full] : [];
  });
}

// Every import or re-export statement whose source leads into src/server, with whether it is type-only.
function serverImports(text: string): { statement: string; typeOnly: boolean }[] {
  const found: { statement: string; typeOnly: boolean }[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms;
  for (const m of text.matchAll(statement)) {
    const source = m[3] ?? '';
    if (!/(^|\/)server\//.test(source)) continue;
    found.push({ statement: m[0].trim(), typeOnly: m[2] !== undefined });
  }
  // A bare `import '../server/x.js'` or a dynamic import is never type-only.
  for (const m of text.matchAll(/import\s*\(?\s*'([^']*\/server\/[^']*)'/g))
    found.push({ statement: m[0], typeOnly: false });
  return found;
}

describe('layers', () => {
  it('finds a value import from the server (the check can fail)', () => {
    expect(serverImports("import { buildApp } from '../server/app.js';")).toEqual([
      { statement: "import { buildApp } from '../server/app.js'", typeOnly: false },
    ]);
    expect(serverImports("import type { UserSchema } from '../server/auth/auth.schemas.js';")[0]?.typeOnly).toBe(true);
  });

  it('lets the web import from the server only with `import type`', () => {
    const offenders = sources(WEB).flatMap((file) =>
      serverImports(fs.readFileSync(file, 'utf8'))
        .filter((i) => !i.typeOnly)
        .map((i) => `${path.relative(WEB, file)}: ${i.statement}`),
    );
    expect(offenders).toEqual([]);
  });
});
