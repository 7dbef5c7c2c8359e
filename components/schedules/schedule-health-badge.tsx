'use client';
// The Instances page's badge on a row whose schedule failed its last run. The health is asked
// once the rows are shown (never for the first HTML), and the badge links to the instance's
// Schedules section, where the history says why.
import Link from 'next/link';
import type { ScheduleHealth } from '@/lib/schedules/contract';

export type FailedSchedules = ReadonlyMap<string, ScheduleHealth['failed']>;

/** The failures by instance id. */
export function failuresByInstance(health: ScheduleHealth | undefined): FailedSchedules {
  const out = new Map<string, ScheduleHealth['failed']>();
  for (const f of health?.failed ?? []) out.set(f.instanceId, [...(out.get(f.instanceId) ?? []), f]);
  return out;
}

export function ScheduleHealthBadge({ instanceId, failed }: { instanceId: string; failed: ScheduleHealth['failed'] | undefined }) {
  if (!failed?.length) return null;
  const why = failed.map((f) => `The last ${f.backupType} backup failed${f.reason ? `: ${f.reason}` : '.'}`).join(' ');
  return (
    <Link
      href={`/instances/${instanceId}#schedules`}
      title={why}
      className="ml-2 whitespace-nowrap rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-900 hover:underline dark:bg-red-900 dark:text-red-100"
    >
      Backup failed
    </Link>
  );
}
