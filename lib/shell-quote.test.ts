import { describe, expect, it } from 'vitest';
import { shellQuote } from './shell-quote';

describe('shellQuote', () => {
  it('leaves plain words alone and quotes the rest so the shell reads them back as given', () => {
    expect(shellQuote('web-1_daily.2026:a@b/c+d=e,f%')).toBe('web-1_daily.2026:a@b/c+d=e,f%');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('$(rm -rf ~)')).toBe("'$(rm -rf ~)'");
    expect(shellQuote('')).toBe("''");
  });
});
