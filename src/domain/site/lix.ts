/**
 * LIX (läsbarhetsindex, Björnsson 1968): words per sentence plus the share of long words (more than six
 * letters) in per cent. Swedish public text aims for "lätt" (under 30); 40 and above reads as hard.
 */

/** How a LIX value reads, in three bands. */
export type LixBand = 'easy' | 'medium' | 'hard';

/** A text's LIX and the counts it comes from. */
export interface Lix {
  words: number;
  sentences: number;
  long_words: number;
  /** Rounded to one decimal; 0 for a text without words. */
  lix: number;
  band: LixBand;
}

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/** Markdown reduced to its words and sentence ends: links keep their text, headings and list items end a sentence. */
function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[`*_#>~|]/g, ' ');
}

/** The band a LIX value falls in: under 30 easy, under 40 medium, else hard. */
export function lixBand(lix: number): LixBand {
  if (lix < 30) return 'easy';
  if (lix < 40) return 'medium';
  return 'hard';
}

/** The LIX of a Swedish text (Markdown allowed): a sentence ends at . ! ? : or a line break. */
export function lix(markdown: string): Lix {
  let words = 0;
  let longWords = 0;
  let sentences = 0;
  for (const sentence of plainText(markdown).split(/[.!?:]+|\n/)) {
    const found = sentence.match(WORD) ?? [];
    if (found.length === 0) continue;
    sentences++;
    words += found.length;
    for (const w of found) if (w.replace(/[^\p{L}]/gu, '').length > 6) longWords++;
  }
  if (words === 0) return { words: 0, sentences: 0, long_words: 0, lix: 0, band: 'easy' };
  const value = Math.round((words / sentences + (longWords * 100) / words) * 10) / 10;
  return { words, sentences, long_words: longWords, lix: value, band: lixBand(value) };
}
