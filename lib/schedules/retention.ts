// How many backups schedules keep. Nova's createBackup rotates per instance and per backup
// type (nova/compute/manager.py _rotate_backups: the instance's images with that
// backup_type, oldest deleted beyond `rotation`), so retention is a matter of types and keeps.
// Browser-safe.
import type { Frequency } from './frequency';

export const KEEP_MIN = 1;
export const KEEP_MAX = 100;

export interface ScheduleDraft {
  frequency: Frequency;
  backupType: string;
  keep: number;
}

/**
 * Hours between the preset's schedules. Nova refuses a createBackup while the instance is
 * still taking the last one (409, task_state image_backup), and at one shared HH:MM the
 * daily and weekly runs would both start each Sunday (and the monthly one on day 1), so one
 * would fail every time. An hour apart leaves each backup an hour to finish.
 */
export const GFS_STAGGER_HOURS = 1;

/**
 * Grandfather-father-son for one instance: daily keep 7, weekly (Sunday) keep 4, monthly
 * (day 1) keep 12. The daily run is at `at` UTC, the weekly one GFS_STAGGER_HOURS later,
 * the monthly one twice that (wrapping at midnight, on the same day).
 */
export function gfsPreset(at: { hour: number; minute: number } = { hour: 2, minute: 0 }): ScheduleDraft[] {
  const hour = (n: number) => (at.hour + n * GFS_STAGGER_HOURS) % 24;
  return [
    { backupType: 'daily', keep: 7, frequency: { kind: 'daily', hour: hour(0), minute: at.minute } },
    { backupType: 'weekly', keep: 4, frequency: { kind: 'weekly', weekday: 0, hour: hour(1), minute: at.minute } },
    { backupType: 'monthly', keep: 12, frequency: { kind: 'monthly', day: 1, hour: hour(2), minute: at.minute } },
  ];
}

/** The preset at 02:00 UTC (weekly 03:00, monthly 04:00). */
export const GFS_PRESET: readonly ScheduleDraft[] = gfsPreset();

export interface SteadyState {
  /** The most backups the instance keeps once every schedule has run enough. */
  count: number;
  /** The fewest: less than `count` only when schedules share a type (see sharedTypes). */
  fewest: number;
  /** Backup types that more than one schedule uses, sorted. Nova keeps one rotation per
   * type, so whichever of those schedules ran last sets how many stay. */
  sharedTypes: string[];
}

/**
 * Backups in steady state for the schedules of ONE instance: the sum, over distinct backup
 * types, of the keep (the largest and smallest keep where schedules share a type).
 */
export function steadyStateBackups(schedules: readonly { backupType: string; keep: number }[]): SteadyState {
  const keeps = new Map<string, number[]>();
  for (const s of schedules) keeps.set(s.backupType, [...(keeps.get(s.backupType) ?? []), s.keep]);
  let count = 0;
  let fewest = 0;
  for (const k of keeps.values()) {
    count += Math.max(...k);
    fewest += Math.min(...k);
  }
  const sharedTypes = [...keeps].filter(([, k]) => k.length > 1).map(([type]) => type).sort();
  return { count, fewest, sharedTypes };
}
