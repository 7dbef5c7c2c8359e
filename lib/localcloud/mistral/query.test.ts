import { describe, expect, it } from 'vitest';
import { likeContains } from './query';

describe('has: as SQL LIKE', () => {
  it('is a substring search where % and _ are wildcards', () => {
    expect(likeContains("Workflow execution created by cron trigger '(3e0b5413)'.", '3e0b5413')).toBe(true);
    expect(likeContains('abc', 'x')).toBe(false);
    expect(likeContains('snapdeck-backup', 'snapdeck_backup')).toBe(true); // _ is any one character
    expect(likeContains('a1b22c', 'a%c')).toBe(true);
    expect(likeContains('abc', '')).toBe(true);
    expect(likeContains('', 'a')).toBe(false);
    expect(likeContains('ab', 'a_b')).toBe(false);
  });

  it('stays fast on patterns that would make a regular expression backtrack', () => {
    const text = 'a'.repeat(5000);
    const started = performance.now();
    expect(likeContains(text, `${'%a'.repeat(100)}b`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
