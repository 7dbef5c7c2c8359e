// createImage and createBackup as Zed's nova-api and the libvirt driver do them: the Glance
// image is made at once (queued) from the properties the server recorded at boot, then the
// task state walks image_snapshot_pending → image_snapshot → image_pending_upload →
// image_uploading → null (a backup starts at image_backup) while the image goes saving →
// active. A live snapshot of an image-backed server freezes the guest through the QEMU guest
// agent after the disk copy, when the agent answers; it fails only when the boot image
// requires quiescing (os_require_quiesce) without hw_qemu_guest_agent. A freeze that fails is
// skipped, even with os_require_quiesce (Zed's _live_snapshot; docs/real-guest.md case b). A
// volume-backed snapshot (nova-api) fails on any quiesce failure when quiescing is required.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { CloudContext } from '../context';
import { novaFault } from '../errors';
import { syntheticDigests } from '../state/image-data';
import type { NovaContext } from './common';
import { appendConsole, kernelStamp, truthy, updateServer } from './common';
import type { InstanceAction } from './instance-actions';
import { finishEvent, recordAction, startEvent } from './instance-actions';
import { atLeast } from './microversion';
import { countType, metadataType, nameType, notOfType } from './validation';
import { computeUrls, instanceName } from './views';
import { computeRoot, imageRoot } from '../regions';
import { addSnapshot, cinderOf, quotaRefusal, scheduleSnapshotCreation } from '../cinder/store';
import { imageMapping, isVolumeBacked, pyJsonDumps, rootDeviceOf, snapshotMapping, snapshotsOverQuota, volumeOfDevice } from './block-devices';
import type { Image, Server } from '../state/state';
import { glanceTime, newId, novaTime } from '../state/state';

export type SnapshotKind = 'snapshot' | 'backup';

export const createImageSchema = z.strictObject(
  { createImage: z.strictObject({ name: nameType(), metadata: metadataType().optional() }, notOfType("'object'")) },
  notOfType("'object'"),
);

export const createBackupSchema = z.strictObject(
  {
    createBackup: z.strictObject({
      name: nameType(),
      backup_type: z.string(notOfType("'string'")),
      // non_negative_integer: an integer or a string of digits.
      rotation: countType(0),
      metadata: metadataType().optional(),
    }, notOfType("'object'")),
  },
  notOfType("'object'"),
);

/** Snapshot task states: any of them makes a second snapshot (or any action) a 409. */
export const SNAPSHOT_TASK_STATES = ['image_snapshot_pending', 'image_snapshot', 'image_backup', 'image_pending_upload', 'image_uploading'];

/** Never copied from the instance's image (nova/compute/utils.py, [DEFAULT]
 * non_inheritable_image_properties). */
const NON_INHERITABLE = new Set(['cinder_encryption_key_id', 'cinder_encryption_key_deletion_policy', 'cache_in_nova', 'bittorrent']);
const isInheritable = (key: string) => !NON_INHERITABLE.has(key) && !key.startsWith('os_glance') && !key.startsWith('img_signature');
/** Glance top-level fields Nova keeps in system metadata (SM_INHERITABLE_KEYS). */
const TOP_LEVEL = new Set(['min_disk', 'min_ram', 'disk_format', 'container_format']);

/** check_instance_state for snapshot/backup: vm_state, then task_state, then launched_at. */
function invalidState(s: Server): string | null {
  if (!['active', 'stopped', 'paused', 'suspended'].includes(s.vmState)) return `vm_state ${s.vmState}`;
  if (s.taskState !== null) return `task_state ${s.taskState}`;
  if (s.launchedAt === null) return 'launched_at None';
  return null;
}

/** compute_utils.create_image + initialize_instance_snapshot_metadata. */
function newImageRecord(cloud: CloudContext, c: NovaContext, s: Server, kind: SnapshotKind, name: string, extra: Record<string, string>): Image {
  const auth = c.get('auth');
  const boot = s.bootImageProps;
  const properties: Record<string, string> = {};
  for (const [k, v] of Object.entries(boot)) if (!TOP_LEVEL.has(k) && isInheritable(k)) properties[k] = v;
  properties.owner_user_name = cloud.state.user(s.userId)?.name ?? '';
  properties.owner_project_name = cloud.state.project(s.projectId)?.name ?? '';
  properties.boot_roles = auth.roles.join(',');
  properties.instance_uuid = s.id;
  properties.user_id = auth.user.id;
  properties.image_type = kind;
  // An admin snapshotting another project's server shares the image with that project.
  const crossProject = auth.project?.id !== s.projectId;
  if (crossProject) properties.instance_owner = s.projectId;
  Object.assign(properties, extra);
  const at = glanceTime();
  return {
    id: newId(),
    name,
    status: 'queued',
    visibility: crossProject ? 'shared' : 'private',
    owner: auth.project?.id ?? s.projectId,
    protected: false,
    osHidden: false,
    // Snapshots drop the formats (the driver sets them at upload); backups keep them.
    diskFormat: kind === 'backup' ? boot.disk_format ?? null : null,
    containerFormat: kind === 'backup' ? boot.container_format ?? null : null,
    minDisk: Number(boot.min_disk ?? 0) || 0,
    minRam: Number(boot.min_ram ?? 0) || 0,
    size: null,
    virtualSize: null,
    checksum: null,
    osHashAlgo: null,
    osHashValue: null,
    createdAt: at,
    updatedAt: at,
    tags: [],
    properties,
    data: { kind: 'none' },
    members: crossProject ? [{ projectId: s.projectId, status: 'pending' }] : [],
  };
}

/** POST /servers/{id}/action createImage | createBackup, after schema validation. */
export function startSnapshot(
  cloud: CloudContext, c: NovaContext, s: Server, kind: SnapshotKind,
  args: { name: string; metadata?: Record<string, string>; backupType?: string; rotation?: number },
): Response {
  const actionName = kind === 'snapshot' ? 'createImage' : 'createBackup';
  const bad = invalidState(s);
  if (bad) return novaFault(c, 409, `Cannot '${actionName}' instance ${s.id} while it is in ${bad}`);
  const volumeBacked = isVolumeBacked(s) || s.imageRef === '';
  if (volumeBacked && kind === 'backup') return novaFault(c, 400, 'Backup is not supported for volume-backed instances.');

  const name = args.name.trim(); // common.normalize_name
  const extra = { ...args.metadata, ...(kind === 'backup' ? { backup_type: args.backupType ?? '' } : {}) };
  let image: Image;
  if (volumeBacked) {
    const made = snapshotVolumeBacked(cloud, c, s, name, args.metadata ?? {});
    if (made instanceof Response) return made;
    image = made;
  } else {
    image = newImageRecord(cloud, c, s, kind, name, extra);
    cloud.state.addImage(image);
    updateServer(cloud, s, { taskState: kind === 'snapshot' ? 'image_snapshot_pending' : 'image_backup' });
    const action = recordAction(cloud.state, s, c, actionName);
    runSnapshot(cloud, s, image.id, kind, action, args.rotation ?? 0);
  }

  if (atLeast(c.get('version'), '2.45')) return c.json({ image_id: image.id }, 202);
  // Before 2.45: Location only. createImage points at Glance (generate_image_url, no /v2);
  // createBackup at the compute endpoint, and only when rotation > 0.
  const location = kind === 'snapshot'
    ? `${imageRoot(cloud)}/images/${image.id}`
    : (args.rotation ?? 0) > 0 ? `${computeUrls(computeRoot(cloud)).api}/images/${image.id}` : null;
  const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=UTF-8' };
  if (location) headers.Location = location;
  return c.body(null, 202, headers);
}

/**
 * compute/api.py snapshot_volume_backed, as the spike recorded it on Zed: Cinder's snapshot
 * limit checked first (403), the guest quiesced when it can (a 400 when the image requires
 * it and it cannot), one Cinder snapshot per volume named "snapshot for <image name>", then
 * a 0-byte image, active at once, whose properties are the boot ones plus
 * root_device_name, bdm_v2 and block_device_mapping (a JSON string). No image_type,
 * instance_uuid or user_id: those come only as createImage metadata.
 */
function snapshotVolumeBacked(cloud: CloudContext, c: NovaContext, s: Server, name: string, metadata: Record<string, string>): Image | Response {
  const { state } = cloud;
  const devices = (s.blockDevices ?? []).filter((d) => d.destinationType === 'volume' && d.volumeId !== null);
  if (devices.length > 0 && snapshotsOverQuota(cloud, s.projectId, devices.length)) {
    return novaFault(c, 403, 'Quota exceeded for resources: snapshots');
  }
  let frozen = false;
  if (s.vmState === 'active') {
    const err = quiesceError(s);
    // exception.Invalid → 400, whatever the exception's own code (servers.py _action_create_image).
    // Known difference: with the channel but no agent, Zed 26's driver raises InternalError (not
    // Invalid), which nova-api answers 500; 2023.1 made it a 409 (InstanceQuiesceFailed, bug 1980720).
    if (err && truthy(s.bootImageProps.os_require_quiesce)) return novaFault(c, 400, err.message);
    if (!err) {
      appendConsole(s, hookLines(s, 'freeze'));
      frozen = true;
    }
  }
  const data = cinderOf(state);
  const mapping: Record<string, string | number | boolean | null>[] = [];
  for (const d of s.blockDevices ?? []) if (!devices.includes(d)) mapping.push(imageMapping(d));
  for (const d of devices) {
    const volume = volumeOfDevice(cloud, d);
    if (!volume) continue;
    // Cinder's own check on the snapshot's gigabytes; Nova turns its 413 into OverQuota (403).
    const refusal = quotaRefusal(data, volume.projectId, 'snapshot', volume.size);
    if (refusal) {
      if (frozen) appendConsole(s, hookLines(s, 'thaw'));
      return novaFault(c, 403, refusal.message);
    }
    const snapshot = addSnapshot(cloud, volume, { projectId: volume.projectId, userId: c.get('auth').user.id, name: `snapshot for ${name}`, description: volume.description });
    scheduleSnapshotCreation(cloud, snapshot);
    mapping.push(snapshotMapping(snapshot.id, d));
  }
  if (frozen) appendConsole(s, hookLines(s, 'thaw'));

  const image = newImageRecord(cloud, c, s, 'snapshot', name, metadata);
  for (const key of ['instance_uuid', 'user_id', 'image_type']) if (!(key in metadata)) delete image.properties[key];
  for (const key of ['block_device_mapping', 'bdm_v2', 'root_device_name']) delete image.properties[key];
  const rootDevice = rootDeviceOf(s) ?? (s.imageRef === '' ? '/dev/vda' : null);
  if (rootDevice) image.properties.root_device_name = rootDevice;
  if (mapping.length > 0) {
    image.properties.block_device_mapping = pyJsonDumps(mapping);
    image.properties.bdm_v2 = 'True';
  }
  // Nova uploads no data: Glance makes the image active with 0 bytes (md5 and sha512 of nothing).
  const empty = syntheticDigests(image.id, 0);
  Object.assign(image, {
    status: 'active', size: 0, diskFormat: 'qcow2', containerFormat: 'bare', checksum: empty.md5, osHashAlgo: 'sha512',
    osHashValue: empty.sha512, data: { kind: 'synthetic', seed: image.id, size: 0 },
  });
  state.addImage(image);
  const a = recordAction(state, s, c, 'createImage');
  finishEvent(a, startEvent(a, 'api_snapshot_instance'));
  state.touch();
  return image;
}

// ---------------------------------------------------------------- the compute side

const MiB = 1024 * 1024;

/** A deterministic size of a few MiB per image, so digests are reproducible. */
const snapshotSize = (imageId: string) => {
  const h = createHash('sha1').update(imageId).digest();
  return (2 + (h[0]! % 7)) * MiB + (h[1]! % 256) * 4096;
};

const HOOK = '/etc/qemu/fsfreeze-hook.d/50-snapdeck.sh';
/** `date` as the stock fsfreeze-hook prints it into its log. */
const hookDate = (d: Date) => {
  const day = d.toUTCString().slice(0, 3);
  const month = d.toUTCString().slice(8, 11);
  const time = d.toISOString().slice(11, 19);
  return `${day} ${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${time} UTC ${d.getUTCFullYear()}`;
};
/** What the guest prints while qemu-ga runs the fsfreeze hook for `arg` (freeze | thaw). */
const hookLines = (s: Server, arg: 'freeze' | 'thaw'): string[] => {
  const now = new Date();
  return [
    `${kernelStamp(s, now)} qemu-ga: fsfreeze-hook: ${hookDate(now)}: execute ${HOOK} ${arg}`,
    `${kernelStamp(s, now)} qemu-ga: fsfreeze-hook: ${hookDate(now)}: ${HOOK} finished with status=0`,
  ];
};

type QuiesceError = { exception: string; code: number; message: string };

const AGENT_NOT_ENABLED: QuiesceError = { exception: 'QemuGuestAgentNotEnabled', code: 400, message: 'QEMU guest agent is not enabled' };

/** The libvirt driver's quiesce (_set_quiesced): _can_quiesce (the image asked for the agent
 * channel), then guest.freeze_filesystems(), which libvirt fails when the agent does not answer. */
function quiesceError(s: Server): QuiesceError | null {
  if (!s.agentChannel) return AGENT_NOT_ENABLED;
  if (!s.agentRunning) {
    return {
      exception: 'InstanceQuiesceFailed', code: 409,
      message: `Failed to quiesce instance: Error from libvirt while quiescing ${instanceName(s)}: [Error Code 86] Guest agent is not responding: QEMU guest agent is not connected`,
    };
  }
  return null;
}

/**
 * The compute manager's snapshot_instance / backup_instance and the libvirt driver's snapshot,
 * one phase per tick. image_pending_upload holds the copy (_live_snapshot), in quarters:
 * _can_quiesce, where a live snapshot whose image requires quiescing without the agent channel
 * fails; the mirror complete, where the guest is frozen if its agent answers (a failed freeze is
 * only logged, "Skipping quiescing instance"); the thaw after abort_job; then image_uploading.
 */
function runSnapshot(cloud: CloudContext, s: Server, imageId: string, kind: SnapshotKind, action: InstanceAction, rotation: number): void {
  const { state } = cloud;
  const phase = state.timings.snapshotPhaseMs;
  const quarter = phase / 4;
  const event = startEvent(action, kind === 'snapshot' ? 'compute_snapshot_instance' : 'compute_backup_instance');
  // A live snapshot is taken of a running guest; anything else is cold and never quiesced.
  const live = s.vmState === 'active' && s.powerState === 1;
  let frozen = false;

  /** Stops when the server went away (the image is dropped unless complete) or the image
   * was deleted in Glance (ImageNotFound: task state back to null, no fault). */
  const stillGoing = (expectedTask: string): boolean => {
    const current = state.server(s.id);
    const image = state.image(imageId);
    if (current !== s || s.deleted || s.taskState === 'deleting') {
      if (image && image.status !== 'active') state.removeImage(imageId);
      finish();
      return false;
    }
    if (!image) {
      if (frozen) appendConsole(s, hookLines(s, 'thaw'));
      frozen = false;
      if (s.taskState === expectedTask) updateServer(cloud, s, { taskState: null });
      finish();
      return false;
    }
    return s.taskState === expectedTask;
  };
  const finish = (error?: QuiesceError) => {
    if (event.finishTime === null) finishEvent(action, event, error);
  };

  /** Nova's decorators on a failed snapshot, innermost first: delete_image_on_error,
   * wrap_instance_fault, wrap_instance_event (Error), then reverts_task_state a moment later. */
  const fail = (err: QuiesceError) => {
    state.removeImage(imageId);
    updateServer(cloud, s, { fault: { code: err.code, message: err.message, details: '', created: novaTime() } });
    finish(err);
    const task = s.taskState;
    cloud.later(quarter, () => {
      if (state.server(s.id) === s && s.taskState === task) updateServer(cloud, s, { taskState: null });
    });
  };

  const copying = 'image_pending_upload';
  const steps: { from: string; after: number; run: () => void }[] = [];
  if (kind === 'snapshot') steps.push({ from: 'image_snapshot_pending', after: phase, run: () => updateServer(cloud, s, { taskState: 'image_snapshot' }) });
  steps.push({
    from: kind === 'snapshot' ? 'image_snapshot' : 'image_backup',
    after: phase,
    run: () => updateServer(cloud, s, { taskState: copying }),
  });
  steps.push({
    from: copying,
    after: quarter,
    run: () => {
      // _can_quiesce, before the mirror: only a missing channel can stop the snapshot, and only
      // with os_require_quiesce; without it the driver logs "Quiescing instance not available".
      if (live && !s.agentChannel && truthy(s.bootImageProps.os_require_quiesce)) fail(AGENT_NOT_ENABLED);
    },
  });
  steps.push({
    from: copying,
    after: quarter,
    run: () => {
      // The mirror is complete: freeze just before abort_job. An agent that does not answer
      // makes libvirt fail the freeze, which the driver logs and skips, whatever the image says.
      if (live && quiesceError(s) === null) {
        appendConsole(s, hookLines(s, 'freeze'));
        frozen = true;
      }
    },
  });
  steps.push({
    from: copying,
    after: quarter,
    run: () => {
      if (frozen) appendConsole(s, hookLines(s, 'thaw'));
      frozen = false;
    },
  });
  steps.push({
    from: copying,
    after: quarter,
    run: () => {
      updateServer(cloud, s, { taskState: 'image_uploading' });
      // _create_snapshot_metadata is sent first, then the bytes: Glance says "saving".
      const image = state.image(imageId)!;
      const boot = s.bootImageProps;
      Object.assign(image, {
        status: 'saving',
        diskFormat: boot.disk_format === 'ami' ? 'ami' : 'qcow2',
        containerFormat: boot.container_format ?? 'bare',
        updatedAt: glanceTime(),
      });
      Object.assign(image.properties, { image_location: 'snapshot', image_state: 'available', owner_id: s.projectId });
      if (boot.os_type) image.properties.os_type = boot.os_type;
      state.touch();
    },
  });
  steps.push({
    from: 'image_uploading',
    after: phase,
    run: () => {
      const image = state.image(imageId)!;
      const size = snapshotSize(imageId);
      const digests = syntheticDigests(imageId, size);
      Object.assign(image, {
        status: 'active', size, checksum: digests.md5, osHashAlgo: 'sha512', osHashValue: digests.sha512,
        data: { kind: 'synthetic', seed: imageId, size }, updatedAt: glanceTime(),
      });
      updateServer(cloud, s, { taskState: null });
      finish();
      if (kind === 'backup') rotateBackups(cloud, s, image, rotation);
    },
  });

  const next = (i: number) => {
    const step = steps[i];
    if (!step) return;
    cloud.later(step.after, () => {
      if (!stillGoing(step.from)) return;
      step.run();
      if (event.finishTime === null) next(i + 1);
    });
  };
  next(0);
}

/** compute manager _rotate_backups: newest first by created_at, delete beyond `rotation`. */
function rotateBackups(cloud: CloudContext, s: Server, made: Image, rotation: number): void {
  const { state } = cloud;
  const order = new Map(state.data.images.map((img, i) => [img.id, i]));
  const backups = state.data.images
    .filter((img) =>
      img.owner === made.owner && img.status !== 'deleted' && img.status !== 'killed'
      && img.properties.image_type === 'backup'
      && img.properties.backup_type === made.properties.backup_type
      && img.properties.instance_uuid === s.id)
    // created_at has whole seconds: ties go to the one created later (added to state later).
    .sort((a, b) => (a.createdAt === b.createdAt ? order.get(b.id)! - order.get(a.id)! : a.createdAt < b.createdAt ? 1 : -1));
  for (const old of backups.slice(rotation)) {
    if (!old.protected) state.removeImage(old.id);
  }
  state.touch();
}

