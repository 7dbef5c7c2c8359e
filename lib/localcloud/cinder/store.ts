// Cinder's side effects on the state, shared by its API (routes) and by Nova (boot from
// volume, volume-backed snapshots, server delete): records, status changes, quotas. The
// API schedules the status machine on the cloud's timers; Nova drives it step by step from
// its own build and delete, as nova-compute waits for Cinder.
import { createHash } from 'node:crypto';
import type { CloudContext } from '../context';
import type { CloudState, Image } from '../state/state';
import { newId } from '../state/state';
import type { CinderAttachment, CinderData, CinderQuotas, CinderSnapshot, CinderVolume, CinderVolumeType, VolumeStatus } from './model';

/** Cinder's database times: seconds, ".000000", no zone (DATETIME columns, UTC). */
export const cinderTime = (d: Date = new Date()): string => d.toISOString().replace(/\.\d{3}Z$/, '.000000');

/** The volume types a fresh Cinder has: `__DEFAULT__` (db sync), and the spike's `fake`
 * (cinder-types), made the default. Fixed ids so tests can name them. */
export const DEFAULT_TYPE_ID = 'e1000001-0000-4000-8000-000000000001';
export const FAKE_TYPE_ID = 'e1000001-0000-4000-8000-000000000002';
export function defaultVolumeTypes(): CinderVolumeType[] {
  return [
    { id: DEFAULT_TYPE_ID, name: '__DEFAULT__', description: 'Default Volume Type', isPublic: true, extraSpecs: {} },
    { id: FAKE_TYPE_ID, name: 'fake', description: null, isPublic: true, extraSpecs: { volume_backend_name: 'fake' } },
  ];
}

export const emptyCinder = (): CinderData => ({
  volumes: [], snapshots: [], attachments: [], types: defaultVolumeTypes(), defaultTypeId: FAKE_TYPE_ID, quotas: {},
});

/** The Cinder part of the state (made empty for a state file written before it existed). */
export const cinderOf = (state: CloudState): CinderData => (state.data.cinder ??= emptyCinder());

/** Zed's [DEFAULT] quota_* defaults (cinder/quota.py). */
export const DEFAULT_QUOTAS: CinderQuotas = { volumes: 10, snapshots: 10, gigabytes: 1000, backups: 10, backup_gigabytes: 1000 };

export const quotasOf = (data: CinderData, projectId: string): CinderQuotas => ({ ...DEFAULT_QUOTAS, ...data.quotas[projectId] });

/** What counts against the quotas: volumes and snapshots not being deleted; gigabytes of both
 * (Cinder reserves `gigabytes` for snapshots too, no_snapshot_gb_quota being false). */
export function usageOf(data: CinderData, projectId: string): { volumes: number; snapshots: number; gigabytes: number } {
  const volumes = data.volumes.filter((v) => v.projectId === projectId);
  const snapshots = data.snapshots.filter((s) => s.projectId === projectId);
  return {
    volumes: volumes.length,
    snapshots: snapshots.length,
    gigabytes: volumes.reduce((n, v) => n + v.size, 0) + snapshots.reduce((n, s) => n + s.size, 0),
  };
}

/** A refusal in Cinder's words (QuotaError: 413, Retry-After 0). */
export interface QuotaRefusal { status: 413; message: string }

/** cinder/quota_utils.py process_reserve_over_quota, for one volume or snapshot. */
export function quotaRefusal(data: CinderData, projectId: string, kind: 'volume' | 'snapshot', size: number): QuotaRefusal | null {
  const quotas = quotasOf(data, projectId);
  const used = usageOf(data, projectId);
  if (quotas.gigabytes >= 0 && used.gigabytes + size > quotas.gigabytes) {
    return { status: 413, message: `Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${size}G, quota is ${quotas.gigabytes}G and ${used.gigabytes}G has been consumed.` };
  }
  if (kind === 'volume' && quotas.volumes >= 0 && used.volumes + 1 > quotas.volumes) {
    return { status: 413, message: `Maximum number of volumes allowed (${quotas.volumes}) exceeded for quota 'volumes'.` };
  }
  if (kind === 'snapshot' && quotas.snapshots >= 0 && used.snapshots + 1 > quotas.snapshots) {
    return { status: 413, message: `Maximum number of snapshots allowed (${quotas.snapshots}) exceeded` };
  }
  return null;
}

export const findVolume = (data: CinderData, id: string): CinderVolume | undefined => data.volumes.find((v) => v.id === id);
export const findSnapshot = (data: CinderData, id: string): CinderSnapshot | undefined => data.snapshots.find((s) => s.id === id);
export const findType = (data: CinderData, nameOrId: string): CinderVolumeType | undefined =>
  data.types.find((t) => t.id === nameOrId) ?? data.types.find((t) => t.name === nameOrId);

/** What Cinder keeps of an image when it makes a volume of it (volume_glance_metadata): the
 * image's identity and formats, then its custom properties, all as strings. */
export function imageMetadataOf(image: Image): Record<string, string> {
  return {
    ...image.properties,
    image_id: image.id,
    image_name: image.name ?? '',
    checksum: image.checksum ?? '',
    container_format: image.containerFormat ?? '',
    disk_format: image.diskFormat ?? '',
    min_disk: String(image.minDisk),
    min_ram: String(image.minRam),
    size: String(image.size ?? 0),
  };
}

export function setVolumeStatus(cloud: CloudContext, v: CinderVolume, status: VolumeStatus): void {
  if (v.bootableWhenCreated !== undefined && status !== 'creating' && status !== 'downloading') {
    v.bootable = v.bootableWhenCreated;
    delete v.bootableWhenCreated;
  }
  v.status = status;
  v.updatedAt = cinderTime();
  cloud.state.touch();
}

export interface NewVolume {
  projectId: string;
  userId: string;
  size: number;
  name?: string | null;
  description?: string | null;
  volumeTypeId?: string;
  availabilityZone?: string;
  metadata?: Record<string, string>;
  image?: Image;
  snapshot?: CinderSnapshot;
  sourceVolume?: CinderVolume;
  id?: string;
}

/** A volume record in `creating` (create_volume's flow, before the scheduler). A volume from
 * an image becomes bootable and keeps the image's metadata; from a snapshot or a volume, it
 * takes the source volume's bootable flag and image metadata (volume_glance_metadata_copy_*).
 * The flag is "false" until the volume is made, as real Cinder shows it. */
export function addVolume(cloud: CloudContext, v: NewVolume): CinderVolume {
  const data = cinderOf(cloud.state);
  const origin = v.snapshot ? findVolume(data, v.snapshot.volumeId) : v.sourceVolume;
  const volume: CinderVolume = {
    id: v.id ?? newId(),
    projectId: v.projectId,
    userId: v.userId,
    name: v.name ?? null,
    description: v.description ?? null,
    size: v.size,
    status: 'creating',
    availabilityZone: v.availabilityZone ?? 'nova',
    volumeTypeId: v.volumeTypeId ?? data.defaultTypeId,
    snapshotId: v.snapshot?.id ?? null,
    sourceVolid: v.sourceVolume?.id ?? null,
    metadata: { ...v.metadata },
    bootable: false,
    bootableWhenCreated: v.image ? true : origin?.bootable ?? false,
    multiattach: false,
    imageMetadata: v.image ? imageMetadataOf(v.image) : origin?.imageMetadata ? { ...origin.imageMetadata } : null,
    createdAt: cinderTime(),
    updatedAt: null,
  };
  data.volumes.push(volume);
  cloud.state.touch();
  return volume;
}

/** creating → (downloading, for an image) → available, one snapshot phase each. */
export function scheduleVolumeCreation(cloud: CloudContext, volume: CinderVolume, fromImage: boolean): void {
  const phase = cloud.state.timings.snapshotPhaseMs;
  const alive = () => findVolume(cinderOf(cloud.state), volume.id) === volume;
  const ready = () => {
    if (alive() && (volume.status === 'creating' || volume.status === 'downloading')) setVolumeStatus(cloud, volume, 'available');
  };
  cloud.later(phase, () => {
    if (!alive() || volume.status !== 'creating') return;
    if (!fromImage) return ready();
    setVolumeStatus(cloud, volume, 'downloading');
    cloud.later(phase, ready);
  });
}

export function removeVolume(cloud: CloudContext, volume: CinderVolume): void {
  const data = cinderOf(cloud.state);
  data.volumes = data.volumes.filter((v) => v !== volume);
  data.snapshots = data.snapshots.filter((s) => !(s.volumeId === volume.id && s.status === 'deleting'));
  data.attachments = data.attachments.filter((a) => a.volumeId !== volume.id);
  cloud.state.touch();
}

/** deleting, then gone after a power phase (the driver's delete_volume). */
export function scheduleVolumeDeletion(cloud: CloudContext, volume: CinderVolume): void {
  setVolumeStatus(cloud, volume, 'deleting');
  cloud.later(cloud.state.timings.powerMs, () => {
    if (findVolume(cinderOf(cloud.state), volume.id) === volume) removeVolume(cloud, volume);
  });
}

/** The statuses Cinder deletes a volume from without force (volume/api.py delete). */
export const DELETABLE_VOLUME_STATUSES = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];

/** Why Cinder refuses to delete this volume, in its words; null when it may go. */
export function volumeDeleteRefusal(data: CinderData, volume: CinderVolume, cascade: boolean): string | null {
  const attached = data.attachments.some((a) => a.volumeId === volume.id && a.status === 'attached');
  const snapshots = data.snapshots.filter((s) => s.volumeId === volume.id);
  const blocked = cascade ? snapshots.some((s) => !['available', 'error', 'deleting'].includes(s.status)) : snapshots.length > 0;
  if (!DELETABLE_VOLUME_STATUSES.includes(volume.status) || attached || blocked) {
    return 'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.';
  }
  return null;
}

// ---------------------------------------------------------------- snapshots

export function addSnapshot(cloud: CloudContext, volume: CinderVolume, s: { projectId: string; userId: string; name?: string | null; description?: string | null; metadata?: Record<string, string> }): CinderSnapshot {
  const snapshot: CinderSnapshot = {
    id: newId(),
    projectId: s.projectId,
    userId: s.userId,
    volumeId: volume.id,
    name: s.name ?? null,
    description: s.description ?? null,
    status: 'creating',
    size: volume.size,
    metadata: { ...s.metadata },
    progress: '0%',
    createdAt: cinderTime(),
    updatedAt: null,
  };
  cinderOf(cloud.state).snapshots.push(snapshot);
  cloud.state.touch();
  return snapshot;
}

export function finishSnapshot(cloud: CloudContext, snapshot: CinderSnapshot): void {
  if (snapshot.status !== 'creating') return;
  Object.assign(snapshot, { status: 'available', progress: '100%', updatedAt: cinderTime() });
  cloud.state.touch();
}

/** creating → available after a snapshot phase (the fake driver does nothing). */
export function scheduleSnapshotCreation(cloud: CloudContext, snapshot: CinderSnapshot): void {
  cloud.later(cloud.state.timings.snapshotPhaseMs, () => finishSnapshot(cloud, snapshot));
}

export function scheduleSnapshotDeletion(cloud: CloudContext, snapshot: CinderSnapshot): void {
  Object.assign(snapshot, { status: 'deleting', updatedAt: cinderTime() });
  cloud.state.touch();
  cloud.later(cloud.state.timings.powerMs, () => {
    const data = cinderOf(cloud.state);
    if (!data.snapshots.includes(snapshot)) return;
    data.snapshots = data.snapshots.filter((s) => s !== snapshot);
    cloud.state.touch();
  });
}

// ---------------------------------------------------------------- attachments (Nova's side)

/** attachment_create: the volume is reserved for the server. */
export function reserveVolume(cloud: CloudContext, volume: CinderVolume, instanceId: string): CinderAttachment {
  const attachment: CinderAttachment = {
    id: newId(), projectId: volume.projectId, volumeId: volume.id, instanceId, status: 'reserved',
    mountpoint: null, attachMode: 'rw', attachedAt: null, detachedAt: null,
  };
  cinderOf(cloud.state).attachments.push(attachment);
  setVolumeStatus(cloud, volume, 'reserved');
  return attachment;
}

/** attachment_update with the connector: attaching, on a device. */
export function connectAttachment(cloud: CloudContext, volume: CinderVolume, attachment: CinderAttachment, mountpoint: string): void {
  Object.assign(attachment, { status: 'attaching', mountpoint });
  setVolumeStatus(cloud, volume, 'attaching');
}

/** attachment_complete: in-use. */
export function completeAttachment(cloud: CloudContext, volume: CinderVolume, attachment: CinderAttachment): void {
  Object.assign(attachment, { status: 'attached', attachedAt: cinderTime() });
  setVolumeStatus(cloud, volume, 'in-use');
}

/** attachment_delete (with Nova's service token, as the spike needed): the record goes and
 * the volume is available again once it has no other attachment. */
export function deleteAttachment(cloud: CloudContext, attachment: CinderAttachment): void {
  const data = cinderOf(cloud.state);
  data.attachments = data.attachments.filter((a) => a !== attachment);
  const volume = findVolume(data, attachment.volumeId);
  if (volume && !data.attachments.some((a) => a.volumeId === volume.id)) setVolumeStatus(cloud, volume, 'available');
  cloud.state.touch();
}

/** A stable service_uuid for the volume service `localcloud@fake` (shown from 3.48). */
export const SERVICE_UUID = createHash('md5').update('cinder-volume:localcloud@fake').digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
