// Rules about snapshots and backups, as Nova applies them. Pure: tested on their own.
import { isTruthyProperty } from '@/lib/openstack/image/properties';
import type { ServerStatus } from '@/lib/openstack/compute/server-states';
import { asUtc, taskStateWords, type ServerState } from '@/lib/instances/rules';

/** States in which Nova accepts createImage/createBackup (nova/compute/api.py
 * check_instance_state: vm_state active, stopped, paused, suspended; no task). */
const SNAPSHOT_STATUSES: readonly string[] = ['ACTIVE', 'SHUTOFF', 'PAUSED', 'SUSPENDED'] satisfies ServerStatus[];

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

export interface BootImageFacts {
  /** The image's current properties (Glance), or null when the image is gone or unknown. */
  properties: Record<string, string> | null;
  updatedAt: string | null;
}

export type AgentChannel =
  | { kind: 'volume' } // boot from volume, and the volume's image metadata could not be read
  | { kind: 'unknown' } // image deleted or not visible
  | { kind: 'channel'; requireQuiesce: boolean; changedSinceLaunch: boolean }
  // requireQuiesce without the channel: Nova fails every live snapshot ("QEMU guest agent is
  // not enabled"); absent where it was not read.
  | { kind: 'none'; changedSinceLaunch: boolean; requireQuiesce?: boolean };

/** Whether the instance booted with os_require_quiesce, channel or not. */
export const requiresQuiesce = (channel: AgentChannel): boolean =>
  (channel.kind === 'channel' || channel.kind === 'none') && channel.requireQuiesce === true;

/** Whether a live snapshot of this server can freeze its file systems, read from the image
 * it booted from. Image properties are read at boot: when the image was updated after the
 * instance launched, its current properties may not be the ones the instance runs with. */
export function agentChannelOf(server: { imageId: string | null; launchedAt: string | null }, image: BootImageFacts | null, volumeImageMetadata: Record<string, string> | null = null): AgentChannel {
  if (server.imageId === null) {
    // Booted from a volume: Nova reads the properties from the volume's image metadata
    // (copied from the image when the volume was made, so they cannot have changed since).
    if (!volumeImageMetadata) return { kind: 'volume' };
    if (isTruthyProperty(volumeImageMetadata.hw_qemu_guest_agent)) {
      return { kind: 'channel', requireQuiesce: isTruthyProperty(volumeImageMetadata.os_require_quiesce), changedSinceLaunch: false };
    }
    return { kind: 'none', changedSinceLaunch: false, requireQuiesce: isTruthyProperty(volumeImageMetadata.os_require_quiesce) };
  }
  if (!image || !image.properties) return { kind: 'unknown' };
  const changedSinceLaunch = Boolean(server.launchedAt && image.updatedAt && Date.parse(image.updatedAt) > Date.parse(asUtc(server.launchedAt)));
  if (isTruthyProperty(image.properties.hw_qemu_guest_agent)) {
    return { kind: 'channel', requireQuiesce: isTruthyProperty(image.properties.os_require_quiesce), changedSinceLaunch };
  }
  return { kind: 'none', changedSinceLaunch, requireQuiesce: isTruthyProperty(image.properties.os_require_quiesce) };
}
