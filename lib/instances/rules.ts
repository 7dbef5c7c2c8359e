// Domain rules about servers, as Nova applies them. Pure: tested on their own.
import { isTruthyProperty } from '@/lib/openstack/image/properties';

export interface ServerState {
  status: string;
  taskState: string | null;
  vmState?: string | null;
  launchedAt?: string | null;
}

/** States in which Nova accepts createImage/createBackup (nova/compute/api.py
 * check_instance_state: vm_state active, stopped, paused, suspended; no task). */
const SNAPSHOT_STATUSES = ['ACTIVE', 'SHUTOFF', 'PAUSED', 'SUSPENDED'];

export type Verdict = { ok: true } | { ok: false; reason: string };

export function canCreateSnapshot(server: ServerState): Verdict {
  if (server.taskState) return { ok: false, reason: `A task is running: ${taskStateWords(server.taskState)}. Wait until it ends.` };
  if (!SNAPSHOT_STATUSES.includes(server.status)) {
    return { ok: false, reason: `Nova takes snapshots of active, shut-off, paused or suspended instances; this one is ${server.status.toLowerCase()}.` };
  }
  if (server.launchedAt === null) return { ok: false, reason: 'The instance has never been launched.' };
  return { ok: true };
}

/** Backups follow the snapshot rule, and Nova refuses volume-backed instances. */
export function canCreateBackup(server: ServerState & { imageId: string | null }): Verdict {
  if (server.imageId === null) return { ok: false, reason: 'Nova cannot back up volume-backed instances; snapshot the volume instead.' };
  return canCreateSnapshot(server);
}

/** A server whose state is changing: its row refreshes every 2 s. */
export function isTransitional(server: ServerState): boolean {
  return Boolean(server.taskState) || ['BUILD', 'REBOOT', 'HARD_REBOOT', 'REBUILD', 'RESIZE', 'MIGRATING', 'VERIFY_RESIZE', 'REVERT_RESIZE', 'PASSWORD'].includes(server.status);
}

const TASK_WORDS: Record<string, string> = {
  scheduling: 'Scheduling',
  block_device_mapping: 'Mapping block devices',
  networking: 'Networking',
  spawning: 'Spawning',
  image_snapshot_pending: 'Snapshot pending',
  image_snapshot: 'Snapshotting',
  image_pending_upload: 'Image pending upload',
  image_uploading: 'Uploading image',
  image_backup: 'Backing up',
  powering_off: 'Powering off',
  powering_on: 'Powering on',
  rebooting: 'Rebooting',
  reboot_pending: 'Reboot pending',
  reboot_started: 'Rebooting',
  rebooting_hard: 'Rebooting (hard)',
  reboot_pending_hard: 'Hard reboot pending',
  reboot_started_hard: 'Rebooting (hard)',
  pausing: 'Pausing',
  unpausing: 'Resuming',
  suspending: 'Suspending',
  resuming: 'Resuming',
  deleting: 'Deleting',
  rebuilding: 'Rebuilding',
  resize_prep: 'Preparing resize',
  resize_migrating: 'Resizing',
  shelving: 'Shelving',
  unshelving: 'Unshelving',
};

/** Nova's task_state in the words a user reads in the Task column. */
export function taskStateWords(taskState: string | null): string {
  if (!taskState) return 'None';
  return TASK_WORDS[taskState] ?? taskState.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}


/** The snapshot steps the stepper shows: Nova's task states, then Glance's statuses. */
export const SNAPSHOT_STEPS = [
  { key: 'image_snapshot_pending', label: 'Snapshot pending' },
  { key: 'image_snapshot', label: 'Snapshotting' },
  { key: 'image_pending_upload', label: 'Pending upload' },
  { key: 'image_uploading', label: 'Uploading image' },
  { key: 'queued', label: 'Image queued' },
  { key: 'saving', label: 'Image saving' },
  { key: 'active', label: 'Image active' },
] as const;

export interface BootImageFacts {
  /** The image's current properties (Glance), or null when the image is gone or unknown. */
  properties: Record<string, string> | null;
  updatedAt: string | null;
}

export type AgentChannel =
  | { kind: 'volume' } // boot from volume: the volume's image metadata decides; not shown here
  | { kind: 'unknown' } // image deleted or not visible
  | { kind: 'channel'; requireQuiesce: boolean; changedSinceLaunch: boolean }
  | { kind: 'none'; changedSinceLaunch: boolean };

/** Whether a live snapshot of this server can freeze its file systems, read from the image
 * it booted from. Image properties are read at boot: when the image was updated after the
 * instance launched, its current properties may not be the ones the instance runs with. */
export function agentChannelOf(server: { imageId: string | null; launchedAt: string | null }, image: BootImageFacts | null): AgentChannel {
  if (server.imageId === null) return { kind: 'volume' };
  if (!image || !image.properties) return { kind: 'unknown' };
  const changedSinceLaunch = Boolean(server.launchedAt && image.updatedAt && Date.parse(image.updatedAt) > Date.parse(asUtc(server.launchedAt)));
  if (isTruthyProperty(image.properties.hw_qemu_guest_agent)) {
    return { kind: 'channel', requireQuiesce: isTruthyProperty(image.properties.os_require_quiesce), changedSinceLaunch };
  }
  return { kind: 'none', changedSinceLaunch };
}

/** Nova's launched_at has no zone ("2026-11-25T23:23:00.000000"): it is UTC. */
export function asUtc(timestamp: string): string {
  return /[zZ]|[+-]\d\d:?\d\d$/.test(timestamp) ? timestamp : `${timestamp}Z`;
}
