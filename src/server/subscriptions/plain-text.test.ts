import { describe, expect, it } from 'vitest';
import { markdownToPlainText } from './plain-text.js';

describe('markdownToPlainText', () => {
  it('keeps paragraphs, lists and link addresses, and drops emphasis', () => {
    expect(
      markdownToPlainText(
        '# Vatten\n\nKranvattnet går att **dricka** _igen_.\n\n- Koka inte\n- Läs [mer](https://example.se/v)\n\n1. Ett\n2. Två\n\nSlut.',
      ),
    ).toBe(
      'Vatten\n\nKranvattnet går att dricka igen.\n\n- Koka inte\n- Läs mer (https://example.se/v)\n\n1. Ett\n2. Två\n\nSlut.',
    );
  });

  it('shows raw HTML as text and never repeats a bare link', () => {
    expect(markdownToPlainText('<script>alert(1)</script> och https://example.se')).toBe(
      '<script>alert(1)</script> och https://example.se',
    );
  });
});
