/** A language's name in the reader's language (`finska` for `fi` in Swedish), the code when unknown. */
export function languageName(code: string, locale: 'sv' | 'en'): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
