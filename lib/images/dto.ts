// From the client's Image to what the browser gets: the same facts plus who owns it in
// words and whether the signed-in project does.
import type { Image } from '@/lib/openstack/image/images';
import type { ImageDto } from '@/lib/images/contract';
import { isKeystoneId } from '@/lib/openstack/ids';
import { volumeBackedSnapshotOf } from '@/lib/openstack/image/volume-backed';


/** The owner project's name when known: the session's project, or the name Nova wrote
 * into a snapshot (owner_project_name, the instance's project, which owns the snapshot
 * unless `owner_id` says otherwise). Else the id, shortened. */
export function ownerNameOf(image: Pick<Image, 'owner' | 'properties'>, project: { id: string; name: string }): string {
  if (!image.owner) return '—';
  if (image.owner === project.id) return project.name;
  const fromNova = image.properties.owner_project_name;
  const ownerId = image.properties.owner_id;
  if (fromNova && (ownerId === undefined || ownerId === image.owner)) return fromNova;
  return isKeystoneId(image.owner) ? image.owner.slice(0, 8) : image.owner;
}

export function toImageDto(image: Image, project: { id: string; name: string }): ImageDto {
  const backed = volumeBackedSnapshotOf(image);
  const cinderSnapshots = backed ? backed.snapshotIds.map((id) => ({ id, size: backed.mappings.find((m) => m.snapshotId === id)?.volumeSize ?? null })) : null;
  return { ...image, name: image.name ?? '', ownerName: ownerNameOf(image, project), ownedByProject: image.owner === project.id, cinderSnapshots };
}
