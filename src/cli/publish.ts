/** `lifeboat publish --out DIR [--base-url URL]`: the public site as static files (DESIGN.md, "Public site"). */
import path from 'node:path';
import { CliError } from './cli-error.js';
import { openFromFlags } from './open-db.js';

/** The options of `lifeboat publish`. */
export interface PublishOptions {
  out: string;
  baseUrl?: string;
  data?: string;
  demo?: boolean;
}

/** Writes the public site into `--out`; feeds link absolutely to `--base-url` (default PUBLIC_URL). */
export async function publishCommand(opts: PublishOptions): Promise<void> {
  const baseUrl = opts.baseUrl ?? process.env.PUBLIC_URL;
  if (baseUrl !== undefined && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(baseUrl))
    throw new CliError([`--base-url: expected an http(s) address, got ${JSON.stringify(baseUrl)}`], 2);
  const opened = await openFromFlags(opts);
  try {
    const { writeMirror } = await import('../server/site/export.js');
    const out = path.resolve(opts.out);
    const files = await writeMirror(opened.deps, out, baseUrl ?? opened.config.publicUrl);
    process.stdout.write(`${files.length} files written to ${out}\n`);
  } finally {
    await opened.close();
  }
}
