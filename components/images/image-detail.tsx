'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button, buttonClass } from '@/components/ui/button';
import { CopyCommand } from '@/components/ui/copy-command';
import { Spinner } from '@/components/ui/spinner';
import { ApiError } from '@/lib/client/api-fetch';
import { imageKind } from '@/lib/images/rules';
import type { ImageDetailResponse, ImageDto, ImageRef, InstanceRef, VolumeSnapshotRef } from '@/lib/images/contract';
import { ConsistencySettings } from './consistency-settings';
import { DeleteImagesDialog, deleteBlocker } from './delete-images-dialog';
import { ConsistencyBadge } from './consistency-badge';
import { formatBytes, formatGiB, formatUtc } from '@/components/ui/format';
import { shortId } from './format';
import { StatusCell } from './image-row';
import { CopyToRegionButton, RegionCopies } from './copy-to-region';
import { useImageDetail } from './queries';
import { DetailField } from '@/components/ui/detail-field';
import { SharingPanel } from '@/components/sharing/sharing-panel';

/** The four properties Nova and its libvirt driver write on a snapshot, shown first. */
const LINEAGE_PROPERTIES = ['image_type', 'instance_uuid', 'base_image_ref', 'image_location'] as const;
const LINEAGE_WORDS: Record<(typeof LINEAGE_PROPERTIES)[number], string> = {
  image_type: 'Set by Nova: "snapshot" for createImage, "backup" for createBackup. Absent on uploaded images.',
  instance_uuid: 'The instance the snapshot was taken from.',
  base_image_ref: 'The image that instance booted from.',
  image_location: 'Set to "snapshot" by the libvirt driver on images it uploaded from an instance\'s disk.',
};

function Presence({ r, kind }: { r: InstanceRef | ImageRef; kind: 'instance' | 'image' }) {
  const href = kind === 'instance' ? `/instances/${r.id}` : `/images/${r.id}`;
  if (r.presence === 'exists') return <Link href={href} className="text-sky-700 underline dark:text-sky-400">{r.name || r.id}</Link>;
  if (r.presence === 'gone') {
    return <span>{r.id} <em className="text-slate-600 dark:text-slate-300">— {kind === 'instance' ? 'the instance no longer exists (or is not visible to this project)' : 'the base image is gone (deleted, or not visible to this project)'}</em></span>;
  }
  return <span>{r.id} <em className="text-amber-700 dark:text-amber-300">— could not be checked: {r.message}</em></span>;
}


const none = <span className="text-slate-400">—</span>;

export function ImageDetail({ id, project }: { id: string; project: { id: string; name: string } }) {
  const detail = useImageDetail(id);
  const router = useRouter();
  const [deleting, setDeleting] = useState(false);
  const [deleted, setDeleted] = useState(false);

  if (detail.isLoading) return <Spinner label="Loading the image" />;
  if (detail.error || !detail.data) {
    const e = detail.error;
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold">Image {shortId(id)}</h1>
        <Alert tone="error" title={e instanceof ApiError && e.status === 404 ? 'No such image' : 'The image could not be loaded'}>
          <p>{e instanceof ApiError ? e.message : 'Snapdeck could not be reached.'}</p>
          <div className="mt-2 flex gap-2">
            <Button size="sm" onClick={() => void detail.refetch()}>Retry</Button>
            <Link href="/images" className={buttonClass('secondary', 'sm')}>Back to Images</Link>
          </div>
        </Alert>
      </div>
    );
  }
  const { image, readOnlyReason, instance, baseImage, derived, volumeSnapshots } = detail.data;
  const kind = imageKind(image);
  const hasData = image.status === 'active' && (image.size ?? 0) > 0;
  const noDataReason = image.status !== 'active' ? `No data to download yet (status ${image.status}).` : 'This image has no data: a volume snapshot keeps its disks in Cinder.';
  const blocker = deleteBlocker(image);
  const others = Object.keys(image.properties).filter((k) => !(LINEAGE_PROPERTIES as readonly string[]).includes(k)).sort();

  return (
    <div className="space-y-5">
      <nav aria-label="Breadcrumb" className="text-sm"><Link href="/images" className="text-sky-700 underline dark:text-sky-400">Images</Link> / {image.name || image.id}</nav>
      <div className="flex flex-wrap items-start gap-3">
        <div>
          <h1 className="text-xl font-semibold break-all">{image.name || '(no name)'}</h1>
          <p className="mt-1 flex flex-wrap items-baseline gap-x-2 text-sm text-slate-600 dark:text-slate-300">
            <span>{kind.charAt(0).toUpperCase() + kind.slice(1)}</span>
            <span aria-hidden>·</span>
            <StatusCell status={image.status} />
            <span aria-hidden>·</span>
            <span className="capitalize">{image.visibility}</span>
            <span aria-hidden>·</span>
            <span>Owner {image.ownerName}</span>
            <span aria-hidden>·</span>
            <ConsistencyBadge kind={kind} image={image} />
            {image.protected && <span className="rounded bg-slate-200 px-1.5 text-xs leading-5 dark:bg-slate-700">Protected</span>}
          </p>
        </div>
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {image.status === 'active' && <Link href={`/launch?source=${image.id}`} className={buttonClass('primary')}>Launch instance</Link>}
          {hasData ? (
            <a href={`/api/images/${image.id}/file`} download className={buttonClass('secondary')}>Download</a>
          ) : (
            <Button disabled title={noDataReason}>Download</Button>
          )}
          <CopyToRegionButton image={image} />
          <Button variant="danger" disabled={blocker !== null} title={blocker ?? undefined} onClick={() => setDeleting(true)}>Delete</Button>
        </div>
      </div>
      {(!hasData || blocker) && (
        <ul className="space-y-0.5 text-xs text-slate-600 dark:text-slate-400">
          {!hasData && <li>Download: {noDataReason}</li>}
          {blocker && <li>Delete: {blocker}</li>}
        </ul>
      )}

      <div className="grid gap-5 xl:grid-cols-2">
        <section aria-labelledby="lineage" className="space-y-3 rounded-md border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
          <h2 id="lineage" className="text-base font-semibold">Where it came from</h2>
          {LINEAGE_PROPERTIES.every((p) => image.properties[p] === undefined) && (
            <p className="text-sm text-slate-600 dark:text-slate-300">Not made by Nova from an instance: none of the four properties Nova writes on snapshots is set.</p>
          )}
          <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
            {LINEAGE_PROPERTIES.map((p) => (
              <div key={p} className="contents">
                <dt className="font-mono text-xs text-slate-600 dark:text-slate-400">{p}</dt>
                <dd>
                  <div className="break-all">
                    {p === 'instance_uuid' && instance ? <Presence r={instance} kind="instance" />
                      : p === 'base_image_ref' && baseImage ? <Presence r={baseImage} kind="image" />
                        : image.properties[p] ?? <span className="text-slate-500 dark:text-slate-400">not set</span>}
                  </div>
                  <div className="text-xs text-slate-500 dark:text-slate-400">{LINEAGE_WORDS[p]}</div>
                </dd>
              </div>
            ))}
          </dl>
          <CopyCommand command={`openstack image show -f value -c properties ${image.id}`} />
        </section>

        <ConsistencySettings image={image} readOnlyReason={readOnlyReason} projectName={project.name} />
      </div>

      <SharingPanel image={image} />

      <RegionCopies image={image} />

      {volumeSnapshots && <CinderSnapshots refs={volumeSnapshots} />}

      <DerivedSnapshots image={image} derived={derived} />

      <div className="grid gap-5 xl:grid-cols-2">
        <section aria-labelledby="fields" className="rounded-md border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
          <h2 id="fields" className="mb-2 text-base font-semibold">Fields</h2>
          <dl className="grid gap-x-4 gap-y-1.5 text-sm sm:grid-cols-[max-content_1fr]">
            <DetailField variant="property" term="id">{image.id}</DetailField>
            <DetailField variant="property" term="name">{image.name || none}</DetailField>
            <DetailField variant="property" term="status">{image.status}</DetailField>
            <DetailField variant="property" term="visibility">{image.visibility}</DetailField>
            <DetailField variant="property" term="owner">{image.owner ?? none} {image.owner && <span className="text-slate-500 dark:text-slate-400">({image.ownerName})</span>}</DetailField>
            <DetailField variant="property" term="protected">{String(image.protected)}</DetailField>
            <DetailField variant="property" term="os_hidden">{String(image.hidden)}</DetailField>
            <DetailField variant="property" term="disk_format">{image.diskFormat ?? none}</DetailField>
            <DetailField variant="property" term="container_format">{image.containerFormat ?? none}</DetailField>
            <DetailField variant="property" term="size">{image.size === null ? none : `${image.size} bytes (${formatBytes(image.size)})`}</DetailField>
            <DetailField variant="property" term="virtual_size">{image.virtualSize === null ? none : `${image.virtualSize} bytes (${formatBytes(image.virtualSize)})`}</DetailField>
            <DetailField variant="property" term="min_disk">{image.minDisk} GB</DetailField>
            <DetailField variant="property" term="min_ram">{image.minRam} MB</DetailField>
            <DetailField variant="property" term="checksum">{image.checksum ?? none}</DetailField>
            <DetailField variant="property" term="os_hash_algo">{image.hashAlgo ?? none}</DetailField>
            <DetailField variant="property" term="os_hash_value"><span className="font-mono text-xs">{image.hashValue ?? none}</span></DetailField>
            <DetailField variant="property" term="created_at"><span title={image.createdAt}>{formatUtc(image.createdAt)}</span></DetailField>
            <DetailField variant="property" term="updated_at"><span title={image.updatedAt}>{formatUtc(image.updatedAt)}</span></DetailField>
            <DetailField variant="property" term="tags">{image.tags.length ? image.tags.join(', ') : none}</DetailField>
          </dl>
        </section>
        <section aria-labelledby="properties" className="rounded-md border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
          <h2 id="properties" className="mb-2 text-base font-semibold">Properties</h2>
          <dl className="grid gap-x-4 gap-y-1.5 text-sm sm:grid-cols-[max-content_1fr]">
            {[...LINEAGE_PROPERTIES.filter((p) => image.properties[p] !== undefined), ...others].map((k) => (
              <DetailField key={k} variant="property" term={k}>{image.properties[k]}</DetailField>
            ))}
          </dl>
          {Object.keys(image.properties).length === 0 && <p className="text-sm text-slate-600 dark:text-slate-300">No custom properties.</p>}
        </section>
      </div>

      {deleting && (
        // The summary stays until the user closes it; then a deleted image's page gives way
        // to the Images list.
        <DeleteImagesDialog open images={[image]} onClose={() => (deleted ? router.push('/images') : setDeleting(false))} onDeleted={(ids) => setDeleted(ids.includes(image.id))} />
      )}
    </div>
  );
}

/** A volume-backed snapshot's data: the Cinder snapshots its block_device_mapping names. */
function CinderSnapshots({ refs }: { refs: VolumeSnapshotRef[] }) {
  return (
    <section aria-labelledby="cinder-snapshots" className="rounded-md border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
      <h2 id="cinder-snapshots" className="mb-1 text-base font-semibold">Cinder snapshots</h2>
      <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">
        This image holds no data: Nova snapshotted the instance&apos;s volumes in Cinder and recorded them in its block_device_mapping. Launching it makes new volumes from these; deleting it here deletes them too.
      </p>
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-slate-500 dark:text-slate-400">
          <tr><th className="py-1 pr-3 font-medium">Snapshot</th><th className="py-1 pr-3 font-medium">Status</th><th className="py-1 pr-3 font-medium">Size</th><th className="py-1 pr-3 font-medium">From volume</th><th className="py-1 font-medium">Device</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
          {refs.map((r) => (
            <tr key={r.id}>
              <td className="py-1.5 pr-3 break-all">{r.name ? <>{r.name} <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{r.id}</span></> : <span className="font-mono text-xs">{r.id}</span>}</td>
              <td className="py-1.5 pr-3">
                {r.presence === 'exists' ? <StatusCell status={r.status ?? 'unknown'} />
                  : r.presence === 'gone' ? <em className="text-slate-600 dark:text-slate-300">gone — {r.message}</em>
                    : <em className="text-amber-700 dark:text-amber-300">could not be checked: {r.message}</em>}
              </td>
              <td className="py-1.5 pr-3">{r.size === null ? none : formatGiB(r.size)}</td>
              <td className="py-1.5 pr-3 break-all">{r.volumeId ? <>{r.volumeName || <span className="font-mono text-xs">{r.volumeId}</span>}</> : none}</td>
              <td className="py-1.5 font-mono text-xs">{r.deviceName ?? none}{r.bootIndex === 0 && <span className="ml-1 font-sans text-slate-500 dark:text-slate-400">(root)</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {refs[0] && <div className="mt-2"><CopyCommand command={`openstack volume snapshot show ${refs[0].id}`} /></div>}
    </section>
  );
}

function DerivedSnapshots({ image, derived }: { image: ImageDto; derived: ImageDetailResponse['derived'] }) {
  return (
    <section aria-labelledby="derived" className="rounded-md border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
      <h2 id="derived" className="mb-1 text-base font-semibold">Snapshots taken from instances of this image</h2>
      <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">Images whose base_image_ref is this image (Glance filter base_image_ref={shortId(image.id)}…).</p>
      {derived.error ? (
        <Alert tone="error">{derived.error}</Alert>
      ) : derived.images.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">None.</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-700">
            {derived.images.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center gap-x-3 py-1.5">
                <Link href={`/images/${d.id}`} className="font-medium text-sky-700 underline dark:text-sky-400">{d.name || d.id}</Link>
                <span className="capitalize text-slate-600 dark:text-slate-300">{imageKind(d)}</span>
                <StatusCell status={d.status} />
                <span className="text-slate-600 dark:text-slate-300" title={d.createdAt}>{formatUtc(d.createdAt)}</span>
                <ConsistencyBadge kind={imageKind(d)} image={d} />
              </li>
            ))}
          </ul>
          {derived.more && <Link href={`/images?base_image_ref=${image.id}`} className="mt-2 inline-block text-sm text-sky-700 underline dark:text-sky-400">All of them on the Images page</Link>}
        </>
      )}
    </section>
  );
}
