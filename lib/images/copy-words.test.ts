import { describe, expect, it } from 'vitest';
import { COPY_STEPS, copyStepIndex, formatEta, isCopyRunning } from './copy-words';

describe('copy words', () => {
  it('a copy runs until it is done, failed, cancelled or interrupted', () => {
    expect(['creating', 'pulling', 'streaming', 'verifying'].every((p) => isCopyRunning(p as never))).toBe(true);
    expect(['done', 'failed', 'cancelled', 'interrupted'].some((p) => isCopyRunning(p as never))).toBe(false);
  });
  it('steps: created, data, checksum; both ways of moving the data are one step', () => {
    expect(copyStepIndex('creating')).toBe(0);
    expect(copyStepIndex('pulling')).toBe(copyStepIndex('streaming'));
    expect(copyStepIndex('verifying')).toBe(2);
    expect(copyStepIndex('done')).toBe(COPY_STEPS.length);
  });
  it('ETA in words, none when unknown', () => {
    expect(formatEta(null)).toBeNull();
    expect(formatEta(0.4)).toBe('almost done');
    expect(formatEta(42)).toBe('about 42 s left');
    expect(formatEta(150)).toBe('about 3 min left');
    expect(formatEta(5400)).toBe('about 1.5 h left');
  });
});
