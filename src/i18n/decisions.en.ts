import type { decisionsSv } from './decisions.sv.js';

/** English texts of the decision log, its errors and `lifeboat verify-log` (spread into en.ts). */
export const decisionsEn: { readonly [K in keyof typeof decisionsSv]: string } = {
  'err.decision.notFound': 'no decision with id {id}',
  'err.decision.blank': 'write what was decided',
  'err.decision.notTime': 'not a time',
  'err.decision.future': 'a decision cannot be dated in the future',
  'err.decision.unknownSystem': 'unknown system "{system}"',
  'err.cli.chain': 'expected decisions or audit, got {value}',
  'err.cli.fileChain': 'an export file holds the decision log: --chain audit cannot be used with --file',
  'err.cli.exportFile': 'not an export of the decision log (JSON with head and entries)',

  'cli.verify.ok': '{chain}: ok, {count} entries, head {head}',
  'cli.verify.brokenAt': '{chain}: BROKEN at entry {position} (id {id}): {reason}',
  'cli.verify.brokenAfter': '{chain}: BROKEN after entry {position}: {reason}',
  'cli.verify.hash_mismatch': 'entry {seq} was changed after it was written',
  'cli.verify.broken_link': 'entry {seq} does not link to the entry before it',
  'cli.verify.sequence_gap': 'entry {seq} follows entry {prev}: an entry is missing or out of order',
  'cli.verify.head_mismatch':
    'the chain ends at entry {last} but its head was recorded at entry {recorded}: entries were cut off the end',
  'cli.verify.head_not_found': 'the head {head} is not in the chain: entries were cut off the end',
};
