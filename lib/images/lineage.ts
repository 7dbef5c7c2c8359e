// Where an image came from: its instance (Nova) and its base image (Glance), each found,
// gone (404: deleted, or not visible to this project) or unknown (the lookup failed).
import type { Connection } from '@/lib/openstack/client';
import { getServer } from '@/lib/openstack/compute/servers';
import { OpenStackError } from '@/lib/openstack/errors';
import { getImage, listImages, type Image } from '@/lib/openstack/image/images';
import { failureOf, lookup } from './batch';
import { readOnlyReason } from './consistency-props';
import { toImageDto } from './dto';
import { MAX_INSTANCE_LOOKUPS } from './lineage-limits';
import type { ImageDetailResponse, ImageRef, InstanceRef } from '@/lib/images/contract';
import { isGuid } from '@/lib/openstack/ids';
import { volumeBackedSnapshotOf } from '@/lib/openstack/image/volume-backed';
import { volumeSnapshotRefs } from './volume-snapshots';



export async function instanceRef(conn: Connection, id: string): Promise<InstanceRef> {
  const r = await lookup(() => getServer(conn, id));
  if ('found' in r) return { id, name: r.found.name ?? null, presence: 'exists' };
  if ('gone' in r) return { id, name: null, presence: 'gone' };
  return { id, name: null, presence: 'unknown', message: r.unknown };
}

export async function imageRef(conn: Connection, id: string): Promise<ImageRef> {
  const r = await lookup(() => getImage(conn, id));
  if ('found' in r) return { id, name: r.found.name ?? null, presence: 'exists' };
  if ('gone' in r) return { id, name: null, presence: 'gone' };
  return { id, name: null, presence: 'unknown', message: r.unknown };
}

/** Names of the instances a page of snapshots or backups came from: one Nova call each
 * (Nova has no id=in: filter for non-admins), in parallel, capped. */
export async function instanceRefs(conn: Connection, ids: readonly string[]): Promise<Record<string, InstanceRef>> {
  const unique = [...new Set(ids)].slice(0, MAX_INSTANCE_LOOKUPS);
  const refs = await Promise.all(unique.map((id) => instanceRef(conn, id)));
  return Object.fromEntries(refs.map((r) => [r.id, r]));
}

const DERIVED_LIMIT = 20;

/** The image detail page's facts: the image, whether the project may switch its properties,
 * its instance and base image, the snapshots of instances launched from it, and for a
 * volume-backed snapshot its Cinder snapshots. */
export async function imageDetail(conn: Connection, image: Image, project: { id: string; name: string }): Promise<ImageDetailResponse> {
  const p = image.properties;
  const notAnId = (id: string) => ({ id, name: null, presence: 'unknown' as const, message: 'The property does not hold a UUID.' });
  const backed = volumeBackedSnapshotOf(image);
  const [instance, baseImage, derived, volumeSnapshots] = await Promise.all([
    p.instance_uuid ? (isGuid(p.instance_uuid) ? instanceRef(conn, p.instance_uuid) : notAnId(p.instance_uuid)) : null,
    p.base_image_ref ? (isGuid(p.base_image_ref) ? imageRef(conn, p.base_image_ref) : notAnId(p.base_image_ref)) : null,
    listImages(conn, { properties: { base_image_ref: image.id }, limit: DERIVED_LIMIT, sortKey: 'created_at', sortDir: 'desc' }).then(
      (page) => ({ images: page.images.map((i) => toImageDto(i, project)), more: page.nextMarker !== null, error: null }),
      (err: unknown) => {
        if (err instanceof OpenStackError && err.is(401)) throw err;
        return { images: [], more: false, error: failureOf(err).message };
      },
    ),
    backed ? volumeSnapshotRefs(conn, backed) : null,
  ]);
  return { image: toImageDto(image, project), readOnlyReason: readOnlyReason(image, project.id), instance, baseImage, derived, volumeSnapshots };
}
