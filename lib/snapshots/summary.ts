// A snapshot or backup of an instance, as its detail page lists it.
import { snapshotConsistency, type SnapshotConsistency } from '@/lib/images/rules';
import type { Image } from '@/lib/openstack/image/images';

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
