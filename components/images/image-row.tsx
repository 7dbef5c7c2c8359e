'use client';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { imageKind, imageStatusWords, isImageTransitional } from '@/lib/images/rules';
import type { ImageDto, InstanceRef } from '@/lib/images/contract';
import { deleteBlocker } from './delete-images-dialog';
import { ConsistencyBadge } from './consistency-badge';
import { formatBytes, formatGiB, formatUtc } from '@/components/ui/format';
import { shortId } from './format';
import { MemberStatusBadge, MembershipActions } from '@/components/sharing/member-status';

export const IMAGE_COLUMNS = ['Name', 'Type', 'Status', 'Visibility', 'Owner', 'Size', 'Min disk / RAM', 'Created', 'Consistency', 'Actions'] as const;

/** A volume-backed snapshot's size: its Cinder snapshots' sizes as Nova recorded them. */
function cinderSize(snapshots: NonNullable<ImageDto['cinderSnapshots']>): string {
  return snapshots.some((s) => s.size === null) ? '—' : formatGiB(snapshots.reduce((n, s) => n + (s.size ?? 0), 0));
}

export function StatusCell({ status }: { status: string }) {
  const words = imageStatusWords(status);
  if (!isImageTransitional({ status })) {
    const tone = status === 'active' ? 'text-emerald-700 dark:text-emerald-400' : status === 'killed' || status === 'deactivated' ? 'text-red-700 dark:text-red-400' : '';
    return <span className={tone}>{words}</span>;
  }
  return (
    <span className="inline-flex flex-col gap-1">
      <span aria-hidden className="h-1.5 w-24 overflow-hidden rounded bg-sky-100 dark:bg-sky-950">
        <span className="block h-full w-1/2 animate-pulse rounded bg-sky-500" />
      </span>
      <span>{words}</span>
    </span>
  );
}

function InstanceLink({ id, ref_ }: { id: string; ref_: InstanceRef | undefined }) {
  if (ref_?.presence === 'gone') return <span className="text-slate-500 dark:text-slate-400">from instance {shortId(id)} (no longer exists)</span>;
  return (
    <span className="text-slate-500 dark:text-slate-400">
      from <Link href={`/instances/${id}`} className="text-sky-700 underline dark:text-sky-400">{ref_?.name ?? shortId(id)}</Link>
    </span>
  );
}

export function ImageRow({ image, selected, onSelect, onDelete, instances }: {
  image: ImageDto;
  selected: boolean;
  onSelect: (on: boolean) => void;
  onDelete: () => void;
  instances: Record<string, InstanceRef> | undefined;
}) {
  const kind = imageKind(image);
  const name = image.name || '(no name)';
  const blocker = deleteBlocker(image);
  const instanceId = image.properties.instance_uuid;
  const cell = 'px-3 py-2 align-top';
  return (
    <tr className="border-t border-slate-200 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-900/60">
      <td className={cell}>
        <input type="checkbox" aria-label={`Select ${name}`} checked={selected} onChange={(e) => onSelect(e.target.checked)} className="h-4 w-4" />
      </td>
      <th scope="row" className={`${cell} text-left font-normal`}>
        <Link href={`/images/${image.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">{name}</Link>
        {image.protected && <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs dark:bg-slate-700">Protected</span>}
        {image.hidden && <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs dark:bg-slate-700">Hidden</span>}
        {image.memberStatus !== undefined && <span className="ml-2"><MemberStatusBadge status={image.memberStatus} /></span>}
        {instanceId && <div className="text-xs"><InstanceLink id={instanceId} ref_={instances?.[instanceId]} /></div>}
      </th>
      <td className={cell}>
        {kind === 'image' ? 'Image' : kind.charAt(0).toUpperCase() + kind.slice(1)}
        {kind === 'backup' && image.properties.backup_type && <div className="text-xs text-slate-500 dark:text-slate-400">{image.properties.backup_type}</div>}
      </td>
      <td className={cell}><StatusCell status={image.status} /></td>
      <td className={`${cell} capitalize`}>{image.visibility}</td>
      <td className={cell} title={image.owner ?? undefined}>{image.ownerName}</td>
      <td className={`${cell} whitespace-nowrap text-right tabular-nums`}>
        {image.cinderSnapshots ? <span title="The image holds no data: its disks are Cinder volume snapshots">{cinderSize(image.cinderSnapshots)} <span className="text-xs text-slate-500 dark:text-slate-400">in Cinder</span></span> : formatBytes(image.size)}
      </td>
      <td className={`${cell} whitespace-nowrap tabular-nums`}>{image.minDisk} GB / {image.minRam} MB</td>
      <td className={`${cell} whitespace-nowrap`} title={image.createdAt}>{formatUtc(image.createdAt)}</td>
      <td className={cell}><ConsistencyBadge kind={kind} image={image} /></td>
      <td className={`${cell} whitespace-nowrap`}>
        <div className="flex gap-1.5">
          {image.status === 'active' && (
            <Link href={`/launch?source=${image.id}`} aria-label={`Launch instance from ${name}`} className={buttonClass('secondary', 'sm')}>Launch instance</Link>
          )}
          {image.memberStatus !== undefined && <MembershipActions imageId={image.id} status={image.memberStatus} />}
          {image.memberStatus === undefined && <button type="button" onClick={onDelete} disabled={blocker !== null} title={blocker ?? undefined} aria-label={`Delete ${name}`} className={buttonClass('ghost', 'sm')}>
            Delete
          </button>}
        </div>
      </td>
    </tr>
  );
}
