/** Swedish texts of the decision log (beslutslogg), its errors and `lifeboat verify-log` (spread into sv.ts). */
export const decisionsSv = {
  'err.decision.notFound': 'inget beslut med id {id}',
  'err.decision.blank': 'skriv vad som beslutades',
  'err.decision.notTime': 'inte en tidpunkt',
  'err.decision.future': 'ett beslut kan inte dateras i framtiden',
  'err.decision.unknownSystem': 'okänt system "{system}"',
  'err.cli.chain': 'decisions eller audit väntades, fick {value}',
  'err.cli.fileChain': 'en exportfil håller beslutsloggen: --chain audit går inte med --file',
  'err.cli.exportFile': 'inte en export av beslutsloggen (JSON med head och entries)',

  'cli.verify.ok': '{chain}: ok, {count} poster, huvud {head}',
  'cli.verify.brokenAt': '{chain}: BRUTEN vid post {position} (id {id}): {reason}',
  'cli.verify.brokenAfter': '{chain}: BRUTEN efter post {position}: {reason}',
  'cli.verify.hash_mismatch': 'post {seq} har ändrats efter att den skrevs',
  'cli.verify.broken_link': 'post {seq} länkar inte till posten före',
  'cli.verify.sequence_gap': 'post {seq} följer post {prev}: en post saknas eller står i fel ordning',
  'cli.verify.head_mismatch':
    'kedjan slutar vid post {last} men dess huvud registrerades vid post {recorded}: poster har klippts bort i slutet',
  'cli.verify.head_not_found': 'huvudet {head} finns inte i kedjan: poster har klippts bort i slutet',
} as const;
