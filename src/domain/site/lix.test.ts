import { describe, expect, it } from 'vitest';
import { lix, lixBand } from './lix.js';

describe('lix', () => {
  it('counts words, sentences and words longer than six letters', () => {
    // 12 words, 2 sentences, 5 long (problem, e-posten, Kommunen, arbetar, problemet): 6 + 41.67.
    const r = lix('Vi har ett problem med e-posten. Kommunen arbetar med att lösa problemet.');
    expect(r).toEqual({ words: 12, sentences: 2, long_words: 5, lix: 47.7, band: 'hard' });
  });

  it('scores short plain sentences as easy', () => {
    // 8 words, 2 sentences, no long word: 4.
    expect(lix('Vi är här. Ring oss om du vill.')).toMatchObject({ words: 8, sentences: 2, long_words: 0, lix: 4 });
  });

  it('ends a sentence at a heading, a list item or a colon, and reads link texts only', () => {
    const r = lix('# Läget nu\n\n- Skolorna är öppna\n- Ring [kundtjänst](https://exempel.se/kontakta-oss): vi svarar');
    // Sentences: "Läget nu", "Skolorna är öppna", "Ring kundtjänst", "vi svarar"; long: Skolorna, kundtjänst.
    expect(r).toMatchObject({ words: 9, sentences: 4, long_words: 2 });
    expect(r.lix).toBe(Math.round((9 / 4 + 200 / 9) * 10) / 10);
  });

  it('gives 0 for a text without words', () => {
    expect(lix('  \n— ')).toEqual({ words: 0, sentences: 0, long_words: 0, lix: 0, band: 'easy' });
  });

  it('bands: under 30 easy, under 40 medium, 40 and above hard', () => {
    expect([lixBand(29.9), lixBand(30), lixBand(39.9), lixBand(40)]).toEqual(['easy', 'medium', 'medium', 'hard']);
  });
});
