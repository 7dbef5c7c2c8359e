import { describe, expect, it } from 'vitest';
import { needsFastRefresh } from './refresh';

const row = (id: string, status: string, taskState: string | null = null) => ({ id, status, taskState });

describe('needsFastRefresh', () => {
  it('is slow when nothing moves', () => {
    expect(needsFastRefresh([row('a', 'ACTIVE'), row('b', 'SHUTOFF')], new Set(), false)).toBe(false);
  });
  it('is fast for any task state, BUILD, or a tracked snapshot still moving', () => {
    expect(needsFastRefresh([row('a', 'ACTIVE', 'image_uploading')], new Set(), false)).toBe(true);
    expect(needsFastRefresh([row('a', 'BUILD')], new Set(), false)).toBe(true);
    expect(needsFastRefresh([row('a', 'ACTIVE')], new Set(), true)).toBe(true);
  });
  it('follows just-launched instances until ACTIVE or ERROR', () => {
    expect(needsFastRefresh([row('a', 'SHUTOFF')], new Set(['a']), false)).toBe(true);
    expect(needsFastRefresh([row('a', 'ERROR')], new Set(['a']), false)).toBe(false);
    expect(needsFastRefresh([row('a', 'ACTIVE')], new Set(['a']), false)).toBe(false);
  });
});
