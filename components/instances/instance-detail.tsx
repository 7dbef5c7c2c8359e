'use client';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { CreateBackupAction } from '@/components/backups/create-backup-action';
import { Alert } from '@/components/ui/alert';
import { Spinner } from '@/components/ui/spinner';
import { ApiError } from '@/lib/client/api-fetch';
import { powerStateName } from '@/lib/openstack/compute/server-states';
import { isTransitional, taskStateWords } from '@/lib/instances/rules';
import { channelLabel } from '@/lib/snapshots/channel-label';
import { snapshotNotice } from '@/lib/snapshots/notice';
import { ConsoleOutput } from './console-output';
import { CreateSnapshotAction } from './create-snapshot-action';
import { formatGiB, formatRam, formatUtc } from '@/components/ui/format';
import { latestFor } from './instances-table';
import { InstanceSnapshots } from './instance-snapshots';
import { TrackedSummary, useSnapshotTracker } from './snapshot-tracker';
import { useServerDetail } from './queries';
import { DetailField } from '@/components/ui/detail-field';
import { Interactive } from '@/components/ui/interactive';

// Its own chunk: the schedules' words and forms (zod, cron-parser) stay out of this page's first load.
const InstanceSchedules = dynamic(() => import('@/components/schedules/instance-schedules').then((m) => m.InstanceSchedules), {
  loading: () => <Spinner label="Loading the schedules" />,
});

export function InstanceDetail({ id }: { id: string }) {
  const tracker = useSnapshotTracker();
  const tracked = latestFor(tracker.tracked, id);
  const q = useServerDetail(id, (s) => Boolean((s && isTransitional(s)) || (tracked && tracked.progress.outcome === 'running')));

  if (q.isPending) return <Spinner label="Loading the instance" />;
  if (q.isError) {
    const gone = q.error instanceof ApiError && q.error.status === 404;
    return (
      <div className="space-y-3">
        <BackLink />
        <Alert tone="error" title={gone ? 'This instance does not exist' : 'The instance could not be loaded'}>
          <p>{gone ? 'It may have been deleted, or it belongs to another project.' : q.error.message}</p>
        </Alert>
      </div>
    );
  }
  const s = q.data.server;
  const label = channelLabel(s.channel, { imageUpdatedAt: s.image ? formatUtc(s.image.updatedAt) : null, launchedAt: formatUtc(s.launchedAt), volumeBacked: s.imageId === null });
  const notice = snapshotNotice(s, s.channel);

  return (
    <Interactive className="space-y-6">
      <BackLink />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">{s.name}</h1>
        <div className="flex flex-wrap gap-2">
          <CreateSnapshotAction server={s} />
          <CreateBackupAction server={s} />
        </div>
      </div>
      {tracked && (
        <Suspense fallback={null}>
          <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-950">
            <TrackedSummary item={tracked} onDismiss={() => tracker.dismiss(tracked.key)} onCheckAgain={() => tracker.checkAgain(tracked.key)} />
          </div>
        </Suspense>
      )}
      {s.fault && (
        <Alert tone="error" title={`Nova reports a fault (${s.fault.code})`}><p>{s.fault.message}</p></Alert>
      )}

      <Section title="Overview">
        <dl className="grid grid-cols-1 gap-x-8 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
          <DetailField term="ID"><code className="font-mono text-xs">{s.id}</code></DetailField>
          <DetailField term="Status">{s.status}</DetailField>
          <DetailField term="Task">{s.taskState ? `${taskStateWords(s.taskState)} (${s.taskState})` : 'None'}</DetailField>
          <DetailField term="Power state">{powerStateName(s.powerState)}</DetailField>
          <DetailField term="Flavor">
            {s.flavor.name ?? s.flavor.id ?? '—'}
            {s.flavor.vcpus !== null && ` · ${s.flavor.vcpus} vCPU · ${formatRam(s.flavor.ram ?? 0)} · ${s.flavor.disk} GB disk`}
          </DetailField>
          <DetailField term="IP addresses">
            {s.addresses.length ? s.addresses.map((a) => <div key={a.addr} className="font-mono text-xs">{a.addr} <span className="font-sans text-slate-500">{a.network}{a.type ? `, ${a.type}` : ''}</span></div>) : '—'}
          </DetailField>
          <DetailField term="Key pair">{s.keyName ?? '—'}</DetailField>
          <DetailField term="Availability zone">{s.availabilityZone ?? '—'}</DetailField>
          <DetailField term="Locked">{s.locked === null ? '—' : s.locked ? 'Yes' : 'No'}</DetailField>
          <DetailField term="Created">{formatUtc(s.created)}</DetailField>
          <DetailField term="Launched">{formatUtc(s.launchedAt)}</DetailField>
          <DetailField term="Updated">{formatUtc(s.updated)}</DetailField>
          {s.description && <DetailField term="Description">{s.description}</DetailField>}
          <DetailField term="Metadata">
            {Object.keys(s.metadata).length ? Object.entries(s.metadata).map(([k, v]) => <div key={k} className="font-mono text-xs">{k}={v}</div>) : '—'}
          </DetailField>
        </dl>
      </Section>

      <Section title="Image and consistency">
        <div className="space-y-3 text-sm">
          <p>
            Booted from{' '}
            {s.imageId === null ? (s.rootVolume ? <>the Cinder volume <a href="#volumes" className="font-medium text-sky-800 underline dark:text-sky-300">{s.rootVolume.name || s.rootVolume.id}</a></> : 'a Cinder volume') : s.image ? (
              <Link href={`/images/${s.image.id}`} className="font-medium text-sky-800 underline dark:text-sky-300">{s.image.name ?? s.image.id}</Link>
            ) : (
              <>image <code className="font-mono text-xs">{s.imageId}</code> (deleted or not visible to this project)</>
            )}
            {s.image && <span className="text-slate-500 dark:text-slate-400"> · image updated {formatUtc(s.image.updatedAt)}</span>}
          </p>
          {Object.keys(s.imageProperties).length > 0 && (
            <dl className="flex flex-wrap gap-x-6 gap-y-1 font-mono text-xs">
              {Object.entries(s.imageProperties).map(([k, v]) => <div key={k}><dt className="inline text-slate-500">{k}=</dt><dd className="inline">{v}</dd></div>)}
            </dl>
          )}
          <p><span className="font-semibold">{label.label}.</span> {label.explanation}</p>
          <Alert tone={notice.tone} title={`A snapshot now: ${notice.title.toLowerCase()}`}><p>{notice.text}</p></Alert>
          <Link href="/guide/consistency" className="text-sky-800 underline dark:text-sky-300">Consistency guide: the guest agent, fsfreeze hooks, and how to get the channel</Link>
        </div>
      </Section>

      {(s.imageId === null || s.volumes.length > 0) && (
        <Section title="Volumes" id="volumes">
          {s.volumes.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-300">Booted from a Cinder volume, which Cinder could not show here.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-slate-500 dark:text-slate-400">
                <tr><th className="py-1 pr-3 font-medium">Volume</th><th className="py-1 pr-3 font-medium">Size</th><th className="py-1 pr-3 font-medium">Status</th><th className="py-1 font-medium">Bootable</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
                {s.volumes.map((v) => (
                  <tr key={v.id}>
                    <td className="py-1.5 pr-3 break-all">{v.name || '(no name)'} <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{v.id}</span>{s.rootVolume?.id === v.id && <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">(root)</span>}</td>
                    <td className="py-1.5 pr-3 whitespace-nowrap">{formatGiB(v.size)}</td>
                    <td className="py-1.5 pr-3">{v.status}</td>
                    <td className="py-1.5">{v.bootable ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      )}

      <Section title="Console output">
        <ConsoleOutput serverId={s.id} />
      </Section>

      <Section title="Snapshots of this instance">
        <InstanceSnapshots serverId={s.id} />
      </Section>

      <Section title="Schedules" id="schedules">
        <InstanceSchedules instance={{ id: s.id, name: s.name }} />
      </Section>
    </Interactive>
  );
}

function BackLink() {
  return <Link href="/instances" className="text-sm text-sky-800 hover:underline dark:text-sky-300">← Instances</Link>;
}

function Section({ title, id, children }: { title: string; id?: string; children: ReactNode }) {
  return (
    <section id={id} aria-label={title} className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-950">
      <h2 className="mb-3 text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

