// The block storage (Cinder v3) part of the local cloud's state: plain data, saved with the
// rest (state/state.ts keeps it under `cinder`). Times are Cinder's database form.

/** cinder/objects/fields.py VolumeStatus, the ones this cloud's volumes go through. */
export type VolumeStatus =
  | 'creating' | 'downloading' | 'available' | 'reserved' | 'attaching' | 'in-use' | 'detaching' | 'deleting'
  | 'error' | 'error_deleting';

export type SnapshotStatus = 'creating' | 'available' | 'deleting' | 'error' | 'error_deleting';

/** VolumeAttachStatus: reserved (attachment_create) → attaching → attached. */
export type AttachStatus = 'reserved' | 'attaching' | 'attached' | 'detached';

export interface CinderVolume {
  id: string;
  projectId: string;
  userId: string;
  name: string | null;
  description: string | null;
  /** GiB */
  size: number;
  status: VolumeStatus;
  availabilityZone: string;
  volumeTypeId: string;
  /** The snapshot or volume it was made from. */
  snapshotId: string | null;
  sourceVolid: string | null;
  metadata: Record<string, string>;
  bootable: boolean;
  /** While the volume is created: the flag it takes once made. Real Cinder answers the create
   * with bootable "false" and sets it in the volume manager's flow (a Zed run). */
  bootableWhenCreated?: boolean;
  multiattach: boolean;
  /** volume_glance_metadata: what Cinder keeps of the image it was made from (strings). */
  imageMetadata: Record<string, string> | null;
  createdAt: string;
  updatedAt: string | null;
}

export interface CinderSnapshot {
  id: string;
  projectId: string;
  userId: string;
  volumeId: string;
  name: string | null;
  description: string | null;
  status: SnapshotStatus;
  /** volume_size: the volume's size when taken. */
  size: number;
  metadata: Record<string, string>;
  progress: string;
  createdAt: string;
  updatedAt: string | null;
}

export interface CinderAttachment {
  id: string;
  projectId: string;
  volumeId: string;
  /** The server (instance_uuid). */
  instanceId: string;
  status: AttachStatus;
  /** The device Nova names (mountpoint), e.g. /dev/vda. */
  mountpoint: string | null;
  attachMode: 'rw' | 'ro';
  attachedAt: string | null;
  detachedAt: string | null;
}

export interface CinderVolumeType {
  id: string;
  name: string;
  description: string | null;
  isPublic: boolean;
  extraSpecs: Record<string, string>;
}

export interface CinderQuotas {
  volumes: number;
  snapshots: number;
  gigabytes: number;
  backups: number;
  backup_gigabytes: number;
}

export interface CinderData {
  volumes: CinderVolume[];
  snapshots: CinderSnapshot[];
  attachments: CinderAttachment[];
  types: CinderVolumeType[];
  /** [DEFAULT] default_volume_type's id. */
  defaultTypeId: string;
  /** Per-project quotas set through os-quota-sets; the defaults otherwise. */
  quotas: Record<string, Partial<CinderQuotas>>;
}
