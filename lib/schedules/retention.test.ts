import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronOf, cronProblem, describeFrequency, frequencySchema, nextRuns } from './frequency';
import { GFS_PRESET, gfsPreset, KEEP_MAX, KEEP_MIN, steadyStateBackups } from './retention';

describe('the grandfather-father-son preset', () => {
  it('is daily keep 7, weekly on Sunday keep 4, monthly on day 1 keep 12', () => {
    expect(GFS_PRESET.map((d) => [d.backupType, d.keep, describeFrequency(d.frequency)])).toEqual([
      ['daily', 7, 'Every day at 02:00 UTC'],
      ['weekly', 4, 'Every Sunday at 03:00 UTC'],
      ['monthly', 12, 'On day 1 of every month at 04:00 UTC'],
    ]);
    expect(steadyStateBackups(GFS_PRESET)).toEqual({ count: 23, fewest: 23, sharedTypes: [] });
    for (const d of GFS_PRESET) {
      expect(frequencySchema.parse(d.frequency)).toEqual(d.frequency);
      expect(cronProblem(cronOf(d.frequency))).toBeNull();
      expect(d.keep).toBeGreaterThanOrEqual(KEEP_MIN);
      expect(d.keep).toBeLessThanOrEqual(KEEP_MAX);
    }
  });

  it('keeps the minute chosen and wraps past midnight', () => {
    expect(gfsPreset({ hour: 23, minute: 45 }).map((d) => cronOf(d.frequency))).toEqual(['45 23 * * *', '45 0 * * 0', '45 1 1 * *']);
  });

  it('never starts two of its backups within an hour of each other, at any time of day (property)', () => {
    // Nova refuses a createBackup while the last one is being taken (409): a shared minute fails a run every Sunday.
    fc.assert(fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (hour, minute) => {
      // 1 August 2027 is a Sunday: all three run that day.
      const from = new Date('2027-07-25T00:00:00Z');
      expect(new Date('2027-08-01T00:00:00Z').getUTCDay()).toBe(0);
      const runs = gfsPreset({ hour, minute }).flatMap((d, i) => nextRuns(cronOf(d.frequency), from, [14, 3, 2][i]).map((t) => t.getTime()));
      const sorted = [...runs].sort((a, b) => a - b);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(3_600_000);
    }), { numRuns: 30 });
  });
});

describe('steadyStateBackups', () => {
  it('sums the keep of each backup type', () => {
    expect(steadyStateBackups([])).toEqual({ count: 0, fewest: 0, sharedTypes: [] });
    expect(steadyStateBackups([{ backupType: 'daily', keep: 7 }, { backupType: 'weekly', keep: 4 }])).toEqual({ count: 11, fewest: 11, sharedTypes: [] });
  });

  it('counts a shared type once, between its smallest and largest keep, and names it', () => {
    const r = steadyStateBackups([
      { backupType: 'daily', keep: 7 },
      { backupType: 'weekly', keep: 4 },
      { backupType: 'daily', keep: 3 },
      { backupType: 'adhoc', keep: 2 },
      { backupType: 'adhoc', keep: 2 },
    ]);
    expect(r).toEqual({ count: 7 + 4 + 2, fewest: 3 + 4 + 2, sharedTypes: ['adhoc', 'daily'] });
  });

  it('types are Nova\'s exact strings: case tells them apart', () => {
    expect(steadyStateBackups([{ backupType: 'daily', keep: 7 }, { backupType: 'Daily', keep: 7 }]).count).toBe(14);
  });

  it('never counts more than the keeps add up to, nor fewer than one type\'s largest (property)', () => {
    const schedule = fc.record({ backupType: fc.constantFrom('daily', 'weekly', 'monthly', 'x'), keep: fc.integer({ min: KEEP_MIN, max: KEEP_MAX }) });
    fc.assert(fc.property(fc.array(schedule, { maxLength: 8 }), (list) => {
      const r = steadyStateBackups(list);
      expect(r.count).toBeLessThanOrEqual(list.reduce((n, s) => n + s.keep, 0));
      expect(r.fewest).toBeLessThanOrEqual(r.count);
      expect(r.fewest === r.count || r.sharedTypes.length > 0).toBe(true);
      if (r.sharedTypes.length === 0) expect(r.count).toBe(list.reduce((n, s) => n + s.keep, 0));
    }));
  });
});
