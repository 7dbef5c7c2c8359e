// Domain rules about images. Pure: tested on their own.
import { isTruthyProperty } from '@/lib/openstack/image/properties';
import { changedSinceTaken, readTaken, updatedLongAfterCreation } from '@/lib/snapshots/taken';
import { TRANSITIONAL_IMAGE_STATUSES, type ImageStatus } from '@/lib/openstack/image/image-states';

export interface ImageFacts {
  status: string;
  size: number | null;
  properties: Record<string, string>;
  minDisk?: number;
  minRam?: number;
}

export type ImageKind = 'snapshot' | 'backup' | 'volume snapshot' | 'image';

export function imageKind(image: ImageFacts): ImageKind {
  const t = image.properties.image_type;
  if (image.properties.block_device_mapping && (image.size === 0 || image.size === null)) return 'volume snapshot';
  if (t === 'backup') return 'backup';
  if (t === 'snapshot') return 'snapshot';
  return 'image';
}

export type SnapshotConsistency = 'quiesced-required' | 'quiesce-attempted' | 'crash-consistent' | 'cold' | 'unknown';

/** How a snapshot was taken. From Snapdeck's record when it took it (lib/snapshots/taken.ts):
 * the boot-time channel, require-quiesce and power state, which later edits of the properties
 * do not change. Otherwise from the properties it inherited from its instance's boot-time
 * image, as they are now. Only a volume-backed snapshot (block_device_mapping) is "quiesced
 * (required)": Nova's API fails it when the freeze fails; the libvirt driver takes an
 * image-backed one unfrozen when the freeze fails, os_require_quiesce or not
 * (docs/decisions/012-what-os-require-quiesce-really-does.md). */
export function snapshotConsistency(properties: Record<string, string>): SnapshotConsistency {
  const volumeBacked = Boolean(properties.block_device_mapping);
  const taken = readTaken(properties);
  if (taken) {
    if (taken.power === 'shutdown') return 'cold';
    if (taken.channel === 'unknown') return 'unknown';
    // A paused, suspended or crashed guest cannot answer its agent: nothing was frozen.
    if (taken.channel === 'no' || (taken.power !== null && taken.power !== 'running')) return 'crash-consistent';
    return taken.requireQuiesce && volumeBacked ? 'quiesced-required' : 'quiesce-attempted';
  }
  const agent = isTruthyProperty(properties.hw_qemu_guest_agent);
  if (agent && isTruthyProperty(properties.os_require_quiesce) && volumeBacked) return 'quiesced-required';
  if (agent) return 'quiesce-attempted';
  return 'crash-consistent';
}

export const CONSISTENCY_LABELS: Record<SnapshotConsistency, { label: string; explanation: string }> = {
  'quiesced-required': {
    label: 'Quiesced (required)',
    explanation: 'A volume-backed instance with the guest agent channel that required quiescing: Nova froze its file systems before the volume snapshots, or would have refused the snapshot.',
  },
  'quiesce-attempted': {
    label: 'Quiesce attempted',
    explanation: 'The instance had the guest agent channel: Nova asked the agent to freeze the file systems. If the agent was not running or a hook failed, Nova took the snapshot unfrozen (its libvirt driver does so even when the image requires quiescing); the console shows the hook\'s lines when there was a freeze.',
  },
  'crash-consistent': {
    label: 'Crash-consistent',
    explanation: 'Nothing froze the file systems (no guest agent channel, or a guest that was paused, suspended or crashed and could not answer): the disk was copied without telling the guest, like pulling the power plug. Files being written may be incomplete.',
  },
  cold: {
    label: 'Cold (shut off)',
    explanation: 'The instance was shut off when it was taken: its disk was not changing, so the snapshot is consistent as of its last clean shutdown.',
  },
  unknown: {
    label: 'Unknown',
    explanation: 'When it was taken, the image the instance booted from was gone, not visible, or changed after the launch: Snapdeck could not tell whether the instance had the guest agent channel.',
  },
};

/** Where the label comes from, and whether the properties moved since the snapshot was taken:
 * sentences for the label's explanation. */
export function consistencyBasis(image: { properties: Record<string, string>; createdAt: string; updatedAt: string }): { recorded: boolean; notes: string[] } {
  const taken = readTaken(image.properties);
  if (taken) {
    const power = taken.power ? `, power state ${taken.power}` : '';
    const notes = [`Recorded when it was taken: agent channel ${taken.channel}, quiesce required ${taken.requireQuiesce ? 'yes' : 'no'}${power}.`];
    const changed = changedSinceTaken(image.properties, taken);
    if (changed.length) {
      notes.push(`${changed.join(' and ')} changed after it was taken: that changes what instances launched from it get, not how it was taken.`);
    }
    return { recorded: true, notes };
  }
  const notes = ['Read from the properties it inherited from its instance\'s boot image, as they are now.'];
  if (updatedLongAfterCreation(image)) {
    notes.push(`The image was updated (${image.updatedAt}) long after it was created (${image.createdAt}): if hw_qemu_guest_agent or os_require_quiesce changed then, this label may not say how it was taken.`);
  }
  return { recorded: false, notes };
}

/** Statuses in which an image is still changing: its row refreshes every 2 s. */
export function isImageTransitional(image: { status: string }): boolean {
  return (TRANSITIONAL_IMAGE_STATUSES as readonly string[]).includes(image.status);
}

export const IMAGE_STATUS_WORDS = {
  queued: 'Queued (waiting for data)',
  saving: 'Saving (upload in progress)',
  active: 'Active',
  killed: 'Killed (upload failed)',
  deleted: 'Deleted',
  pending_delete: 'Pending delete',
  deactivated: 'Deactivated',
  uploading: 'Uploading',
  importing: 'Importing',
} as const satisfies Record<ImageStatus, string>;

/** A Glance status in words; an unknown one as Glance says it. */
export function imageStatusWords(status: string): string {
  return (IMAGE_STATUS_WORDS as Record<string, string>)[status] ?? status;
}

/** Whether a flavor can boot an image: Nova refuses a flavor whose disk is smaller than the
 * image's min_disk or whose RAM is below min_ram; a flavor disk of 0 never blocks (the root
 * disk is then sized from the image), as Horizon has it. */
export function flavorFits(flavor: { disk: number; ram: number }, image: { minDisk: number; minRam: number }): { ok: true } | { ok: false; reason: string } {
  if (flavor.disk > 0 && flavor.disk < image.minDisk) return { ok: false, reason: `disk ${flavor.disk} GB is smaller than the image's minimum ${image.minDisk} GB` };
  if (flavor.ram < image.minRam) return { ok: false, reason: `RAM ${flavor.ram} MB is below the image's minimum ${image.minRam} MB` };
  return { ok: true };
}
