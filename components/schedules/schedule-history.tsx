'use client';
// A schedule's last 20 runs, newest first: when, how it ended, how long it took, and the
// backup it made or why it failed, in words (never Mistral's raw text: it can hold a token).
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import type { ScheduleDto } from '@/lib/schedules/contract';
import { formatDuration, RunStatusBadge, RunTime } from './run-time';
import { useScheduleRuns } from './queries';
import { instanceLabel } from './schedule-actions';

export function ScheduleHistory({ schedule }: { schedule: ScheduleDto }) {
  const q = useScheduleRuns(schedule.id);
  const title = `History of the ${schedule.backupType} schedule of ${instanceLabel(schedule)}`;
  return (
    <section aria-label={title} className="space-y-2">
      <h3 className="text-sm font-semibold">History <span className="font-normal text-slate-500 dark:text-slate-400">(the last 20 runs, newest first)</span></h3>
      {q.isPending ? <Spinner label="Loading the runs" /> : q.isError ? (
        <Alert tone="error" title="The runs could not be loaded">
          <p>{q.error.message}</p>
          <Button size="sm" className="mt-2" onClick={() => void q.refetch()}>Try again</Button>
        </Alert>
      ) : q.data.runs.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">No runs yet.{schedule.nextRunAt ? ' The first one is at the next run time.' : ''}</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">Started</th>
              <th scope="col" className="py-1 pr-3 font-medium">State</th>
              <th scope="col" className="py-1 pr-3 font-medium">Duration</th>
              <th scope="col" className="py-1 pr-3 font-medium">Backup, or why it failed</th>
              <th scope="col" className="py-1 font-medium">Started by</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
            {q.data.runs.map((run) => (
              <tr key={run.id} className={`align-top ${run.status === 'failed' ? 'bg-red-50/60 dark:bg-red-950/40' : ''}`}>
                <td className="py-1.5 pr-3"><RunTime iso={run.startedAt} /></td>
                <td className="py-1.5 pr-3"><RunStatusBadge status={run.status} /></td>
                <td className="py-1.5 pr-3 whitespace-nowrap tabular-nums">{run.status === 'running' ? 'running…' : formatDuration(run.durationSeconds)}</td>
                <td className="py-1.5 pr-3">
                  {run.imageId ? (
                    <Link href={`/images/${run.imageId}`} className="text-sky-800 underline dark:text-sky-300">Backup image {run.imageId.slice(0, 8)}</Link>
                  ) : run.reason ? (
                    <span className={run.status === 'failed' ? 'text-red-800 dark:text-red-200' : ''}>{run.reason}</span>
                  ) : (
                    <span className="text-slate-500 dark:text-slate-400">—</span>
                  )}
                </td>
                <td className="py-1.5 whitespace-nowrap">{run.startedBy === 'schedule' ? 'The schedule' : 'Run now'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
