// Rules about instances, as Nova applies them: the words for their states. Pure: tested on their own.
import type { ServerStatus, TaskState } from '@/lib/openstack/compute/server-states';

export interface ServerState {
  status: string;
  taskState: string | null;
  vmState?: string | null;
  launchedAt?: string | null;
}

const TRANSITIONAL_STATUSES: readonly string[] = ['BUILD', 'REBOOT', 'HARD_REBOOT', 'REBUILD', 'RESIZE', 'MIGRATING', 'VERIFY_RESIZE', 'REVERT_RESIZE', 'PASSWORD'] satisfies ServerStatus[];

/** A server whose state is changing: its row refreshes every 2 s. */
export function isTransitional(server: ServerState): boolean {
  return Boolean(server.taskState) || TRANSITIONAL_STATUSES.includes(server.status);
}

const TASK_WORDS = {
  scheduling: 'Scheduling',
  block_device_mapping: 'Mapping block devices',
  networking: 'Networking',
  spawning: 'Spawning',
  image_snapshot_pending: 'Snapshot pending',
  image_snapshot: 'Snapshotting',
  image_pending_upload: 'Image pending upload',
  image_uploading: 'Uploading image',
  image_backup: 'Backing up',
  updating_password: 'Updating password',
  resize_prep: 'Preparing resize',
  resize_migrating: 'Resizing',
  resize_migrated: 'Resized, finishing',
  resize_finish: 'Finishing resize',
  resize_reverting: 'Reverting resize',
  resize_confirming: 'Confirming resize',
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
  powering_off: 'Powering off',
  powering_on: 'Powering on',
  rescuing: 'Rescuing',
  unrescuing: 'Leaving rescue',
  rebuilding: 'Rebuilding',
  rebuild_block_device_mapping: 'Rebuilding: mapping block devices',
  rebuild_spawning: 'Rebuilding: spawning',
  migrating: 'Migrating',
  deleting: 'Deleting',
  soft_deleting: 'Soft-deleting',
  restoring: 'Restoring',
  shelving: 'Shelving',
  shelving_image_pending_upload: 'Shelving: image pending upload',
  shelving_image_uploading: 'Shelving: uploading image',
  shelving_offloading: 'Shelving: offloading',
  unshelving: 'Unshelving',
} as const satisfies Record<TaskState, string>;

/** Nova's task_state in the words a user reads in the Task column. */
export function taskStateWords(taskState: string | null): string {
  if (!taskState) return 'None';
  return (TASK_WORDS as Record<string, string>)[taskState] ?? taskState.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Nova's launched_at has no zone ("2026-11-25T23:23:00.000000"): it is UTC. */
export function asUtc(timestamp: string): string {
  return /[zZ]|[+-]\d\d:?\d\d$/.test(timestamp) ? timestamp : `${timestamp}Z`;
}
