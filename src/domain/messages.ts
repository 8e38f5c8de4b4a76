/**
 * Messages named by key. The domain stays pure: it names a key of the i18n catalogues
 * (`err.*`) with its parameters and keeps its English text for logs and tests; the server
 * and the CLI render the key in the reader's language.
 */

/** The values filled into a message's `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

/** A message: its catalogue key, its parameters and its English text. */
export interface Message {
  key: string;
  params?: MessageParams;
  text: string;
}

/** Builds a message; `text` is the English rendering, which must equal the English catalogue's. */
export function msg(key: string, text: string, params?: MessageParams): Message {
  return params ? { key, params, text } : { key, text };
}
