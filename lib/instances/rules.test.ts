import { describe, expect, it } from 'vitest';
import { isTransitional, taskStateWords } from './rules';

describe('isTransitional', () => {
  it('is true for any task state and for BUILD', () => {
    expect(isTransitional({ status: 'ACTIVE', taskState: 'image_snapshot' })).toBe(true);
    expect(isTransitional({ status: 'BUILD', taskState: null })).toBe(true);
    expect(isTransitional({ status: 'ACTIVE', taskState: null })).toBe(false);
    expect(isTransitional({ status: 'SHUTOFF', taskState: null })).toBe(false);
  });
});

describe('taskStateWords', () => {
  it('speaks human', () => {
    expect(taskStateWords('image_snapshot')).toBe('Snapshotting');
    expect(taskStateWords('image_uploading')).toBe('Uploading image');
    expect(taskStateWords(null)).toBe('None');
    expect(taskStateWords('some_new_state')).toBe('Some new state');
  });
});
