import { verifyAuditChain } from '../store/audit/audit.repository.js';
import { CliError } from './cli-error.js';
import { cliText } from './locale.js';
import { openFromFlags } from './open-db.js';

/** Options of `lifeboat verify-log`. */
export interface VerifyLogOptions {
  head?: string;
  data?: string;
  demo?: boolean;
}

/**
 * `lifeboat verify-log [--head HASH]`: exit 0 with the head hash and the count when the audit chain holds,
 * 1 naming the first bad entry; `--head` (a hash kept outside Lifeboat) must be in the chain.
 */
export async function verifyLogCommand(opts: VerifyLogOptions): Promise<void> {
  const expectedHead = opts.head?.trim().toLowerCase();
  if (expectedHead !== undefined && !/^[0-9a-f]{64}$/.test(expectedHead)) {
    throw new CliError([`lifeboat: --head: ${cliText('err.cli.head')}`], 2);
  }
  const opened = await openFromFlags(opts);
  try {
    const verdict = await verifyAuditChain(opened.db, { expectedHead });
    if (verdict.ok) {
      process.stdout.write(`audit: ok, ${verdict.count} entries, head ${verdict.head}\n`);
      return;
    }
    const { fault } = verdict;
    const which =
      fault.seq === null
        ? `after entry ${fault.position - 1}`
        : `at entry ${fault.position}${verdict.firstBadId ? ` (id ${verdict.firstBadId})` : ''}`;
    throw new CliError([`audit: BROKEN ${which}: ${fault.message}`], 1);
  } finally {
    await opened.close();
  }
}
