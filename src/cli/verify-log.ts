import fs from 'node:fs';
import type { ChainHead, ChainVerdict } from '../domain/journal/chain.js';
import { chainVerifier } from '../domain/journal/chain.js';
import type { MessageKey } from '../i18n/index.js';
import { CliError } from './cli-error.js';
import { cliText } from './locale.js';

/** Options of `lifeboat verify-log`. */
export interface VerifyLogOptions {
  head?: string;
  data?: string;
  demo?: boolean;
  chain?: string;
  file?: string;
}

type ChainName = 'audit' | 'decisions';
type Verdict = ChainVerdict & { firstBadId?: string };

/** One line on the verdict of a chain, in the CLI's language; `broken` says whether it goes to stderr. */
function report(
  chain: ChainName,
  verdict: Verdict,
  recorded: ChainHead | null,
  expectedHead: string | undefined,
): { line: string; broken: boolean } {
  if (verdict.ok) {
    return { line: cliText('cli.verify.ok', { chain, count: verdict.count, head: verdict.head }), broken: false };
  }
  const { fault } = verdict;
  // The entries before the fault verified, so they run 1 … position-1: the last good seq is position-1.
  const last = fault.position - 1;
  const reason = cliText(`cli.verify.${fault.reason}` as MessageKey, {
    seq: fault.seq ?? last,
    prev: last,
    last,
    recorded: recorded?.seq ?? '?',
    head: expectedHead ?? '',
  });
  const line =
    fault.seq === null
      ? cliText('cli.verify.brokenAfter', { chain, position: last, reason })
      : verdict.firstBadId
        ? cliText('cli.verify.brokenAt', { chain, position: fault.position, id: verdict.firstBadId, reason })
        : cliText('cli.verify.brokenAfter', { chain, position: last, reason });
  return { line, broken: true };
}

/** Reads a JSON export of the decision log and verifies it with no database: its entries against its own head. */
async function verifyExportFile(
  file: string,
  expectedHead: string | undefined,
): Promise<Verdict & { recorded: ChainHead }> {
  const { decisionChainEntry } = await import('../store/decisions/decisions.repository.js');
  const { sha256Hex } = await import('../store/journal/journal.repository.js');
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new CliError([`lifeboat: ${file}: ${cliText('err.cli.cannotRead', { code })}`], 2);
    throw new CliError([`lifeboat: ${file}: ${cliText('err.cli.exportFile')}`], 2);
  }
  const data = parsed as { head?: { seq?: unknown; hash?: unknown }; entries?: unknown };
  if (
    typeof data !== 'object' ||
    data === null ||
    typeof data.head?.seq !== 'number' ||
    typeof data.head?.hash !== 'string' ||
    !Array.isArray(data.entries)
  ) {
    throw new CliError([`lifeboat: ${file}: ${cliText('err.cli.exportFile')}`], 2);
  }
  const recorded: ChainHead = { seq: data.head.seq, hash: data.head.hash };
  const verifier = chainVerifier(sha256Hex, { expectedHead, recordedHead: recorded });
  for (const raw of data.entries as Record<string, unknown>[]) {
    // Missing or mistyped fields make the hash differ: the entry is then named as changed.
    const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));
    const maybe = (v: unknown) => (v === null || v === undefined ? null : text(v));
    const entry = decisionChainEntry({
      id: text(raw.id),
      seq: typeof raw.seq === 'number' ? raw.seq : -1,
      incident_id: maybe(raw.incident_id),
      decided_at: text(raw.decided_at),
      recorded_at: text(raw.recorded_at),
      decision: text(raw.decision),
      basis: text(raw.basis),
      decided_by: text(raw.decided_by),
      mandate: text(raw.mandate),
      recorded_by_user_id: maybe(raw.recorded_by_user_id),
      recorded_by_label: text(raw.recorded_by_label),
      systems: text(raw.systems),
      needs: text(raw.needs),
      corrects: maybe(raw.corrects),
      prev_hash: text(raw.prev_hash),
      hash: text(raw.hash),
    });
    const verdict = verifier.push(entry);
    if (verdict) return { ...verdict, firstBadId: text(raw.id), recorded };
  }
  return { ...verifier.finish(), recorded };
}

/**
 * `lifeboat verify-log [--chain decisions|audit] [--file EXPORT] [--head HASH]`: checks the hash chains of the
 * audit trail and the decision log (both by default), or a JSON export of the decision log with no database.
 * Exit 0 when every chain checked holds, 1 naming the first bad entry; `--head` (a hash kept outside
 * Lifeboat) must be in the chain.
 */
export async function verifyLogCommand(opts: VerifyLogOptions): Promise<void> {
  const expectedHead = opts.head?.trim().toLowerCase();
  if (expectedHead !== undefined && !/^[0-9a-f]{64}$/.test(expectedHead)) {
    throw new CliError([`lifeboat: --head: ${cliText('err.cli.head')}`], 2);
  }
  if (opts.chain !== undefined && opts.chain !== 'audit' && opts.chain !== 'decisions') {
    throw new CliError([`lifeboat: --chain: ${cliText('err.cli.chain', { value: opts.chain })}`], 2);
  }
  const out: { line: string; broken: boolean }[] = [];
  if (opts.file !== undefined) {
    if (opts.chain === 'audit') throw new CliError([`lifeboat: --chain: ${cliText('err.cli.fileChain')}`], 2);
    const verdict = await verifyExportFile(opts.file, expectedHead);
    out.push(report('decisions', verdict, verdict.recorded, expectedHead));
  } else {
    const chains: ChainName[] = opts.chain ? [opts.chain as ChainName] : ['audit', 'decisions'];
    const { openFromFlags } = await import('./open-db.js');
    const { auditChainHead, verifyAuditChain } = await import('../store/audit/audit.repository.js');
    const { decisionsHead, verifyDecisionChain } = await import('../store/decisions/decisions.repository.js');
    const opened = await openFromFlags(opts);
    try {
      // A kept head belongs to one chain: with both chains checked, it is asked of the chain that holds it
      // (and of both when neither does, so that both say what was cut off).
      const holders = new Set<ChainName>(chains);
      if (expectedHead !== undefined && chains.length > 1) {
        const inAudit = await opened.db
          .selectFrom('audit_events')
          .select('id')
          .where('hash', '=', expectedHead)
          .executeTakeFirst();
        const inDecisions = await opened.db
          .selectFrom('decisions')
          .select('id')
          .where('hash', '=', expectedHead)
          .executeTakeFirst();
        if (inAudit && !inDecisions) holders.delete('decisions');
        if (inDecisions && !inAudit) holders.delete('audit');
      }
      for (const chain of chains) {
        const head = holders.has(chain) ? expectedHead : undefined;
        const verdict =
          chain === 'audit'
            ? await verifyAuditChain(opened.db, { expectedHead: head })
            : await verifyDecisionChain(opened.db, { expectedHead: head });
        const recorded = chain === 'audit' ? await auditChainHead(opened.db) : await decisionsHead(opened.db);
        out.push(report(chain, verdict, recorded, head));
      }
    } finally {
      await opened.close();
    }
  }
  const ok = out.filter((o) => !o.broken).map((o) => `${o.line}\n`);
  if (ok.length > 0) process.stdout.write(ok.join(''));
  const broken = out.filter((o) => o.broken).map((o) => o.line);
  if (broken.length > 0) throw new CliError(broken, 1);
}
