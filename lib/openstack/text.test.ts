import { describe, expect, it } from 'vitest';
import { isWellFormedText } from './text';

describe('isWellFormedText', () => {
  it('accepts any well-formed text, astral characters included', () => {
    for (const s of ['', 'web-1', 'é', '😀', '👩‍👩‍👧‍👦', '日本語', '\u0000']) expect(isWellFormedText(s), s).toBe(true);
  });
  it('refuses unpaired surrogates, wherever they are', () => {
    for (const s of ['\uD800', '\uDFFF', 'a\uD83Db', '\uDE00😀', '😀\uD83D']) expect(isWellFormedText(s), JSON.stringify(s)).toBe(false);
  });
});
