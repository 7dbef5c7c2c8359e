// Nova's server vocabulary, defined once: statuses (the API's view of vm_state), task states
// and power states, as Nova names them. Word tables elsewhere are typed
// `satisfies Record<…, string>`, so a state added here without words fails `tsc`.

/** The API's server statuses (nova/api/openstack/common.py _STATE_MAP). */
export const SERVER_STATUSES = [
  'ACTIVE', 'BUILD', 'DELETED', 'ERROR', 'HARD_REBOOT', 'MIGRATING', 'PASSWORD', 'PAUSED', 'REBOOT', 'REBUILD',
  'RESCUE', 'RESIZE', 'REVERT_RESIZE', 'SHELVED', 'SHELVED_OFFLOADED', 'SHUTOFF', 'SOFT_DELETED', 'SUSPENDED',
  'UNKNOWN', 'VERIFY_RESIZE',
] as const;
export type ServerStatus = (typeof SERVER_STATUSES)[number];

/** Task states (nova/compute/task_states.py). */
export const TASK_STATES = [
  'scheduling', 'block_device_mapping', 'networking', 'spawning',
  'image_snapshot', 'image_snapshot_pending', 'image_pending_upload', 'image_uploading', 'image_backup',
  'updating_password',
  'resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish', 'resize_reverting', 'resize_confirming',
  'rebooting', 'reboot_pending', 'reboot_started', 'rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard',
  'pausing', 'unpausing', 'suspending', 'resuming', 'powering_off', 'powering_on',
  'rescuing', 'unrescuing', 'rebuilding', 'rebuild_block_device_mapping', 'rebuild_spawning',
  'migrating', 'deleting', 'soft_deleting', 'restoring',
  'shelving', 'shelving_image_pending_upload', 'shelving_image_uploading', 'shelving_offloading', 'unshelving',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** Power states (nova/compute/power_state.py): 2 and 5 are retired. */
export const POWER_STATES = [0, 1, 3, 4, 6, 7] as const;
export type PowerState = (typeof POWER_STATES)[number];

/** The power states in words, as the Instances table and the client's server view say them. */
export const POWER_STATE_NAMES = {
  0: 'No state',
  1: 'Running',
  3: 'Paused',
  4: 'Shut down',
  6: 'Crashed',
  7: 'Suspended',
} as const satisfies Record<PowerState, string>;
export type PowerStateName = (typeof POWER_STATE_NAMES)[PowerState];

export function powerStateName(state: number): PowerStateName {
  return (POWER_STATES as readonly number[]).includes(state) ? POWER_STATE_NAMES[state as PowerState] : 'No state';
}
