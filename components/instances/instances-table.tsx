'use client';
import Link from 'next/link';
import { Fragment, Suspense } from 'react';
import { CreateBackupAction } from '@/components/backups/create-backup-action';
import { useScheduleHealth } from '@/components/schedules/queries';
import { failuresByInstance, ScheduleHealthBadge } from '@/components/schedules/schedule-health-badge';
import { powerStateName } from '@/lib/openstack/compute/server-states';
import { isTransitional, taskStateWords } from '@/lib/instances/rules';
import type { InstanceRow } from '@/lib/instances/instance-view';
import { ConsistencyBadge } from './consistency-badge';
import { CreateSnapshotAction } from './create-snapshot-action';
import { formatAge, formatGiB, formatRam, formatUtc } from '@/components/ui/format';
import { TrackedSummary, useSnapshotTracker, type TrackedSnapshot } from './snapshot-tracker';

import type { SortKey } from '@/lib/instances/list-query';

const statusTones: Record<string, string> = {
  ACTIVE: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  SHUTOFF: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
  ERROR: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
  BUILD: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100',
};

const COLUMNS = 10;

export function InstancesTable({ rows, sort, dir, onSort, highlighted, now, schedules }: {
  rows: InstanceRow[];
  sort: SortKey;
  dir: 'asc' | 'desc';
  onSort: (key: SortKey) => void;
  highlighted: ReadonlySet<string>;
  now: number;
  /** Whether the cloud has a workflow service (else no health is asked). */
  schedules: boolean;
}) {
  const tracker = useSnapshotTracker();
  // Asked by the browser once the rows are shown: the first HTML never waits for Mistral.
  const failed = failuresByInstance(useScheduleHealth(schedules).data);
  const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400';
  const sortHeader = (key: SortKey, label: string) => (
    <th scope="col" className={th} aria-sort={sort === key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" onClick={() => onSort(key)} className="inline-flex items-center gap-1 uppercase hover:text-slate-900 dark:hover:text-white">
        {label}
        <span aria-hidden>{sort === key ? (dir === 'asc' ? '▲' : '▼') : '↕'}</span>
      </button>
    </th>
  );
  return (
    <table className="w-full border-collapse text-sm">
      <thead className="border-b border-slate-200 bg-slate-100/60 dark:border-slate-700 dark:bg-slate-800/60">
        <tr>
          {sortHeader('name', 'Name')}
          <th scope="col" className={th}>Status</th>
          <th scope="col" className={th}>Task</th>
          <th scope="col" className={th}>Power state</th>
          <th scope="col" className={th}>Image</th>
          <th scope="col" className={th}>Flavor</th>
          <th scope="col" className={th}>IP addresses</th>
          {sortHeader('created', 'Age')}
          <th scope="col" className={th}>Consistency</th>
          <th scope="col" className={th}>Actions</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const isNew = highlighted.has(row.id);
          const tracked = latestFor(tracker.tracked, row.id);
          return (
            <Fragment key={row.id}>
              <tr
                className={`border-b border-slate-100 align-top dark:border-slate-800 ${isNew ? 'bg-sky-50 ring-2 ring-inset ring-sky-400 dark:bg-sky-950/60 dark:ring-sky-600' : 'hover:bg-slate-50 dark:hover:bg-slate-900'}`}
                aria-describedby={isNew ? `new-${row.id}` : undefined}
              >
                <td className="whitespace-nowrap px-3 py-2">
                  <Link href={`/instances/${row.id}`} className="font-medium text-sky-800 hover:underline dark:text-sky-300">{row.name || row.id}</Link>
                  {isNew && (
                    <span id={`new-${row.id}`} className="ml-2 rounded bg-sky-600 px-1.5 py-0.5 text-xs font-semibold text-white">New</span>
                  )}
                  <ScheduleHealthBadge instanceId={row.id} failed={failed.get(row.id)} />
                </td>
                <td className="px-3 py-2">
                  <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${statusTones[row.status] ?? 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100'}`}>{row.status}</span>
                  {row.fault && <p className="mt-1 max-w-56 text-xs text-red-800 dark:text-red-300">Fault: {row.fault.message}</p>}
                </td>
                <td className="px-3 py-2">
                  {row.taskState ? (
                    <span className="inline-flex items-center gap-1.5 text-sky-800 dark:text-sky-300" title={`task_state ${row.taskState}`}>
                      <span aria-hidden className="h-3 w-3 animate-spin rounded-full border-2 border-sky-200 border-t-sky-600" />
                      {taskStateWords(row.taskState)}
                    </span>
                  ) : (
                    <span className="text-slate-500 dark:text-slate-400">{isTransitional(row) ? '…' : 'None'}</span>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2">{powerStateName(row.powerState)}</td>
                <td className="px-3 py-2"><ImageCell row={row} /></td>
                <td className="px-3 py-2">
                  <div className="font-medium">{row.flavor.name ?? row.flavor.id ?? '—'}</div>
                  {row.flavor.vcpus !== null && (
                    <div className="whitespace-nowrap text-xs text-slate-500 dark:text-slate-400">
                      {row.flavor.vcpus} vCPU · {formatRam(row.flavor.ram ?? 0)} · {row.flavor.disk} GB
                    </div>
                  )}
                </td>
                <td className="px-3 py-2">
                  {row.addresses.length === 0 ? <span className="text-slate-500 dark:text-slate-400">—</span> : (
                    <ul>
                      {row.addresses.map((a) => (
                        <li key={`${a.network}-${a.addr}`} className="whitespace-nowrap font-mono text-xs" title={`${a.network}${a.type ? ` (${a.type})` : ''}`}>
                          {a.addr}{a.type === 'floating' && <span className="ml-1 font-sans text-slate-500">floating</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="whitespace-nowrap px-3 py-2" title={`Created ${formatUtc(row.created)}`}>{formatAge(row.created, now)}</td>
                <td className="px-3 py-2">
                  <ConsistencyBadge channel={row.channel} imageUpdatedAt={row.image?.updatedAt ?? null} launchedAt={row.launchedAt} volumeBacked={row.imageId === null} />
                </td>
                <td className="px-3 py-2">
                  {/* Stacked below 1536 px, so that the table fits a 1280 px screen without scrolling sideways. */}
                  <div className="flex flex-col gap-1.5 whitespace-nowrap 2xl:flex-row">
                    <CreateSnapshotAction server={row} />
                    <CreateBackupAction server={row} />
                  </div>
                </td>
              </tr>
              {tracked && (
                // No row at all until the summary's code is there (it loads once something is tracked).
                <Suspense fallback={null}>
                  <tr className="border-b border-slate-100 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60">
                    <td colSpan={COLUMNS} className="px-3 py-2">
                      <TrackedSummary item={tracked} onDismiss={() => tracker.dismiss(tracked.key)} onCheckAgain={() => tracker.checkAgain(tracked.key)} />
                    </td>
                  </tr>
                </Suspense>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** The snapshot or backup of this server to show in its row: the one still running, else the latest. */
export function latestFor(tracked: readonly TrackedSnapshot[], serverId: string): TrackedSnapshot | undefined {
  const mine = tracked.filter((t) => t.serverId === serverId).sort((a, b) => b.startedAt - a.startedAt);
  return mine.find((t) => t.progress.outcome === 'running') ?? mine[0];
}

function ImageCell({ row }: { row: InstanceRow }) {
  if (row.imageId === null) {
    const v = row.rootVolume;
    return (
      <Link href={`/instances/${row.id}#volumes`} className="text-sky-800 hover:underline dark:text-sky-300" title={v ? `Booted from the Cinder volume ${v.name || v.id}` : 'Booted from a Cinder volume'}>
        Volume{v && <> {v.name || <span className="font-mono text-xs">{v.id.slice(0, 8)}</span>} <span className="whitespace-nowrap text-slate-500 dark:text-slate-400">({formatGiB(v.size)})</span></>}
      </Link>
    );
  }
  if (!row.image) {
    return <span className="text-slate-500 dark:text-slate-400" title={`Image ${row.imageId} is deleted or not visible to this project`}>Unknown image</span>;
  }
  return (
    <Link href={`/images/${row.image.id}`} className="text-sky-800 hover:underline dark:text-sky-300">
      {row.image.name ?? row.image.id}
    </Link>
  );
}
