'use client';
// The list of schedules (the Schedules page, and an instance's page without the Instance
// column): what each does, when it runs next, how its last run went, the backups that
// exist now, and whose trust the runs use.
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { formatUtc } from '@/components/ui/format';
import type { ScheduleDto } from '@/lib/schedules/contract';
import { describeFrequency } from '@/lib/schedules/frequency';
import { RunStatusBadge, RunTime } from './run-time';
import { DeleteScheduleAction, instanceLabel, ScheduleActions } from './schedule-actions';
import { ScheduleHistory } from './schedule-history';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400';

export function SchedulesTable({ schedules, showInstance = true }: { schedules: ScheduleDto[]; showInstance?: boolean }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) => setOpen((o) => {
    const next = new Set(o);
    if (!next.delete(id)) next.add(id);
    return next;
  });
  const columns = showInstance ? 10 : 9;
  return (
    <table className="w-full border-collapse text-sm">
      <thead className="border-b border-slate-200 bg-slate-100/60 dark:border-slate-700 dark:bg-slate-800/60">
        <tr>
          {showInstance && <th scope="col" className={th}>Instance</th>}
          <th scope="col" className={th}>Frequency</th>
          <th scope="col" className={th}>Type</th>
          <th scope="col" className={th}>Keep</th>
          <th scope="col" className={th}>Next run</th>
          <th scope="col" className={th}>Last run</th>
          <th scope="col" className={th}>Backups now</th>
          <th scope="col" className={th}>Saved by (runs as)</th>
          <th scope="col" className={th}>Actions</th>
          <th scope="col" className={th}><span className="sr-only">History</span></th>
        </tr>
      </thead>
      <tbody>
        {schedules.map((s) => {
          const expanded = open.has(s.id);
          const failed = s.lastRun?.status === 'failed';
          return (
            <Fragment key={s.id}>
              <tr className={`border-b border-slate-100 align-top dark:border-slate-800 ${failed ? 'bg-red-50/50 dark:bg-red-950/30' : ''}`}>
                {showInstance && (
                  <td className="px-3 py-2">
                    {s.instance.exists === false ? (
                      <span className="font-medium">{instanceLabel(s)} <span className="block text-xs font-normal text-red-800 dark:text-red-300">Instance deleted</span></span>
                    ) : (
                      <Link href={`/instances/${s.instance.id}`} className="font-medium text-sky-800 hover:underline dark:text-sky-300">{instanceLabel(s)}</Link>
                    )}
                  </td>
                )}
                <td className="px-3 py-2">
                  {describeFrequency(s.frequency)}
                  <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">{s.cron}</span>
                  {s.workflow.state !== 'ours' && (
                    <span className="mt-1 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-950 dark:bg-amber-900 dark:text-amber-100">
                      {s.workflow.state === 'changed' ? 'Workflow changed outside Snapdeck' : 'Workflow missing'}
                    </span>
                  )}
                </td>
                <td className="px-3 py-2">{s.backupType}</td>
                <td className="px-3 py-2 tabular-nums">{s.keep}</td>
                <td className="px-3 py-2">
                  {!s.enabled ? <span className="font-medium text-amber-800 dark:text-amber-300">Paused</span> : s.nextRunAt ? <RunTime iso={s.nextRunAt} /> : '—'}
                </td>
                <td className="px-3 py-2"><LastRun schedule={s} /></td>
                <td className="px-3 py-2"><Backups schedule={s} /></td>
                <td className="px-3 py-2" title={s.savedBy ? `The runs use the Keystone trust of ${s.savedBy.name}, who saved this schedule last` : undefined}>
                  {s.savedBy ? s.savedBy.name : <span className="text-slate-500 dark:text-slate-400">unknown</span>}
                  <span className="block whitespace-nowrap text-xs text-slate-500 dark:text-slate-400">{formatUtc(s.savedAt)}</span>
                </td>
                <td className="px-3 py-2"><ScheduleActions schedule={s} /></td>
                <td className="px-3 py-2">
                  <Button size="sm" variant="ghost" aria-expanded={expanded} aria-controls={`history-${s.id}`} onClick={() => toggle(s.id)}>
                    History <span aria-hidden>{expanded ? '▴' : '▾'}</span>
                  </Button>
                </td>
              </tr>
              {s.instance.exists === false && (
                <tr className="border-b border-slate-100 dark:border-slate-800">
                  <td colSpan={columns} className="px-3 py-2">
                    <Alert tone="warning" title={`The instance ${instanceLabel(s)} no longer exists`}>
                      <p>Nova has no instance {s.instance.id} any more, so every run of this schedule fails. Delete the schedule; its backups stay in Glance.</p>
                      <div className="mt-2"><DeleteScheduleAction schedule={s} label="Delete this schedule" /></div>
                    </Alert>
                  </td>
                </tr>
              )}
              {expanded && (
                <tr id={`history-${s.id}`} className="border-b border-slate-100 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60">
                  <td colSpan={columns} className="px-3 py-3"><ScheduleHistory schedule={s} /></td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

function LastRun({ schedule }: { schedule: ScheduleDto }) {
  const run = schedule.lastRun;
  if (run === undefined) return <span className="text-slate-500 dark:text-slate-400">Mistral did not say</span>;
  if (run === null) return <span className="text-slate-500 dark:text-slate-400">Never</span>;
  return (
    <div className="space-y-0.5">
      <RunStatusBadge status={run.status} />
      <RunTime iso={run.startedAt} />
      {run.status === 'failed' && run.reason && <p className="max-w-64 text-xs text-red-800 dark:text-red-200">{run.reason}</p>}
    </div>
  );
}

function Backups({ schedule }: { schedule: ScheduleDto }) {
  const backups = schedule.backups;
  if (backups === null) return <span className="text-slate-500 dark:text-slate-400">Glance did not say</span>;
  const newest = backups[0];
  return (
    <div>
      <span className="tabular-nums">{backups.length}</span>
      {newest && (
        <span className="block text-xs">
          newest: <Link href={`/images/${newest.id}`} title={`Created ${formatUtc(newest.createdAt)}`} className="text-sky-800 underline dark:text-sky-300">{newest.name || newest.id}</Link>
          {newest.status !== 'active' && <span className="text-slate-500 dark:text-slate-400"> ({newest.status})</span>}
        </span>
      )}
    </div>
  );
}
