// A snapshot or backup of an instance, as its detail page lists it.
import type { Connection } from '@/lib/openstack/client';
import { snapshotConsistency, type SnapshotConsistency } from '@/lib/images/rules';
import { listImages, type Image } from '@/lib/openstack/image/images';

export interface SnapshotSummary {
  id: string;
  name: string | null;
  status: string;
  createdAt: string;
  size: number | null;
  backupType: string | null;
  /** How it was taken, read from the properties it inherited at the instance's boot. */
  consistency: SnapshotConsistency;
}

export function toSnapshotSummary(image: Image): SnapshotSummary {
  return {
    id: image.id,
    name: image.name,
    status: image.status,
    createdAt: image.createdAt,
    size: image.size,
    backupType: image.properties.backup_type ?? null,
    consistency: snapshotConsistency(image.properties),
  };
}

const PAGE = 50;

/** Snapshots and backups of an instance: Glance filters image_type + instance_uuid (two
 * calls, newest first, one page each; the Images page has the rest). */
export async function listInstanceSnapshots(conn: Connection, serverId: string) {
  const list = (imageType: 'snapshot' | 'backup') =>
    listImages(conn, { limit: PAGE, sortKey: 'created_at', sortDir: 'desc', properties: { image_type: imageType, instance_uuid: serverId } });
  const [snapshots, backups] = await Promise.all([list('snapshot'), list('backup')]);
  return {
    snapshots: snapshots.images.map(toSnapshotSummary),
    backups: backups.images.map(toSnapshotSummary),
    moreSnapshots: snapshots.nextMarker !== null,
    moreBackups: backups.nextMarker !== null,
  };
}
