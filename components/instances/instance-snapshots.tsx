'use client';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Spinner } from '@/components/ui/spinner';
import { CONSISTENCY_LABELS, imageStatusWords } from '@/lib/images/rules';
import type { SnapshotSummary } from '@/lib/snapshots/summary';
import { formatBytes, formatUtc } from '@/components/ui/format';
import { useInstanceSnapshots } from './queries';

/** Glance's images with image_type=snapshot (and backup) and instance_uuid=<this server>. */
export function InstanceSnapshots({ serverId }: { serverId: string }) {
  const q = useInstanceSnapshots(serverId);
  if (q.isPending) return <Spinner label="Looking for snapshots" />;
  if (q.isError) return <Alert tone="error" title="The snapshots could not be listed"><p>{q.error.message}</p></Alert>;
  return (
    <div className="space-y-5">
      <ImageList title="Snapshots" images={q.data.snapshots} more={q.data.moreSnapshots} href={`/images?tab=snapshots&instance_uuid=${serverId}`} empty="No snapshot of this instance." />
      <ImageList title="Backups" images={q.data.backups} more={q.data.moreBackups} href={`/images?tab=backups&instance_uuid=${serverId}`} empty="No backup of this instance." backups />
    </div>
  );
}

function ImageList({ title, images, more, href, empty, backups = false }: { title: string; images: SnapshotSummary[]; more: boolean; href: string; empty: string; backups?: boolean }) {
  const th = 'px-2 py-1.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400';
  return (
    <div>
      <div className="mb-2 flex items-baseline justify-between">
        <h3 className="text-sm font-semibold">{title}</h3>
        <Link href={href} className="text-sm text-sky-800 underline dark:text-sky-300">{more ? `All ${title.toLowerCase()} on the Images page` : `${title} on the Images page`}</Link>
      </div>
      {images.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">{empty}</p> : (
        <table className="w-full text-sm" aria-label={`${title} of this instance`}>
          <thead className="border-b border-slate-200 dark:border-slate-700">
            <tr>
              <th scope="col" className={th}>Name</th>
              {backups && <th scope="col" className={th}>Type</th>}
              <th scope="col" className={th}>Status</th>
              <th scope="col" className={th}>Created</th>
              <th scope="col" className={th}>Size</th>
              <th scope="col" className={th}>Consistency</th>
            </tr>
          </thead>
          <tbody>
            {images.map((i) => (
              <tr key={i.id} className="border-b border-slate-100 dark:border-slate-800">
                <td className="px-2 py-1.5"><Link href={`/images/${i.id}`} className="text-sky-800 hover:underline dark:text-sky-300">{i.name ?? i.id}</Link></td>
                {backups && <td className="px-2 py-1.5">{i.backupType ?? '—'}</td>}
                <td className="px-2 py-1.5">{imageStatusWords(i.status)}</td>
                <td className="px-2 py-1.5 whitespace-nowrap">{formatUtc(i.createdAt)}</td>
                <td className="px-2 py-1.5">{formatBytes(i.size)}</td>
                <td className="px-2 py-1.5" title={CONSISTENCY_LABELS[i.consistency].explanation}>{CONSISTENCY_LABELS[i.consistency].label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
