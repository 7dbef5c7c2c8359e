// Display helpers of the Images pages. Pure.
import { CONSISTENCY_LABELS, consistencyBasis, snapshotConsistency, type ImageKind, type SnapshotConsistency } from '@/lib/images/rules';
import { isTruthyProperty } from '@/lib/openstack/image/properties';

export const shortId = (id: string) => id.slice(0, 8);

/** What the Consistency column says. Snapshots and backups: how they were taken, from the
 * properties they inherited. Other images: what instances launched from them will get. */
export type ConsistencyTone = 'frozen' | 'maybe' | 'unfrozen';

const SNAPSHOT_TONES = {
  'quiesced-required': 'frozen',
  cold: 'frozen',
  'quiesce-attempted': 'maybe',
  unknown: 'maybe',
  'crash-consistent': 'unfrozen',
} as const satisfies Record<SnapshotConsistency, ConsistencyTone>;

export interface ConsistencyWords {
  label: string;
  explanation: string;
  tone: ConsistencyTone;
  /** Snapshots and backups: the properties changed after it was taken (or may have). */
  changed: boolean;
}

export function consistencyOf(kind: ImageKind, image: { properties: Record<string, string>; createdAt: string; updatedAt: string }): ConsistencyWords {
  const { properties } = image;
  if (kind !== 'image') {
    const c = snapshotConsistency(properties);
    const basis = consistencyBasis(image);
    const changed = basis.notes.length > 1;
    return { label: CONSISTENCY_LABELS[c].label, explanation: [CONSISTENCY_LABELS[c].explanation, ...basis.notes].join(' '), tone: SNAPSHOT_TONES[c], changed };
  }
  if (!isTruthyProperty(properties.hw_qemu_guest_agent)) {
    return { label: 'No agent channel', tone: 'unfrozen', changed: false, explanation: 'Instances launched from this image get no guest agent channel: their live snapshots will be crash-consistent.' };
  }
  if (isTruthyProperty(properties.os_require_quiesce)) {
    return { label: 'Agent channel, quiesce required', tone: 'frozen', changed: false, explanation: 'Instances launched from this image get the guest agent channel. Booted onto a volume, their snapshots fail unless the agent freezes the file systems; booted from the image, Nova\'s libvirt driver snapshots them unfrozen when the agent does not answer.' };
  }
  return { label: 'Agent channel', tone: 'maybe', changed: false, explanation: 'Instances launched from this image get the guest agent channel: snapshots freeze the file systems when the agent runs in the guest.' };
}
