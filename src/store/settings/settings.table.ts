/** Row of `settings`: a key and its JSON value. */
export interface SettingTable {
  key: string;
  value: string;
}
