/** Row of `journal_heads`: the last entry of each hash chain ('audit'; the decision log will add its own). */
export interface JournalHeadTable {
  chain: string;
  seq: number;
  hash: string;
}
