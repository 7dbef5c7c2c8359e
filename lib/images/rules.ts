// Domain rules about images. Pure: tested on their own.
import { isTruthyProperty } from '@/lib/openstack/image/properties';
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

export type SnapshotConsistency = 'quiesced-required' | 'quiesce-attempted' | 'crash-consistent';

/** How a snapshot was taken, read from the properties it inherited from its instance's
 * boot-time image. With both properties Nova would have failed the snapshot rather than
 * take it unfrozen. */
export function snapshotConsistency(properties: Record<string, string>): SnapshotConsistency {
  const agent = isTruthyProperty(properties.hw_qemu_guest_agent);
  if (agent && isTruthyProperty(properties.os_require_quiesce)) return 'quiesced-required';
  if (agent) return 'quiesce-attempted';
  return 'crash-consistent';
}

export const CONSISTENCY_LABELS: Record<SnapshotConsistency, { label: string; explanation: string }> = {
  'quiesced-required': {
    label: 'Quiesced (required)',
    explanation: 'The instance had the guest agent channel and required quiescing: Nova froze the file systems, or would have failed the snapshot.',
  },
  'quiesce-attempted': {
    label: 'Quiesce attempted',
    explanation: 'The instance had the guest agent channel: the file systems were frozen if the agent was running in the guest; otherwise the snapshot went ahead unfrozen.',
  },
  'crash-consistent': {
    label: 'Crash-consistent',
    explanation: 'No guest agent channel: the disk was copied without telling the guest, like pulling the power plug. Files being written may be incomplete.',
  },
};

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
