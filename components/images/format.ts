// Display helpers of the Images pages. Pure.
import { CONSISTENCY_LABELS, snapshotConsistency, type ImageKind } from '@/lib/images/rules';
import { isTruthyProperty } from '@/lib/openstack/image/properties';

export const shortId = (id: string) => id.slice(0, 8);

/** What the Consistency column says. Snapshots and backups: how they were taken, from the
 * properties they inherited. Other images: what instances launched from them will get. */
export type ConsistencyTone = 'frozen' | 'maybe' | 'unfrozen';

export function consistencyOf(kind: ImageKind, properties: Record<string, string>): { label: string; explanation: string; tone: ConsistencyTone } {
  if (kind !== 'image') {
    const c = snapshotConsistency(properties);
    const tone = c === 'quiesced-required' ? 'frozen' : c === 'quiesce-attempted' ? 'maybe' : 'unfrozen';
    return { ...CONSISTENCY_LABELS[c], tone };
  }
  if (!isTruthyProperty(properties.hw_qemu_guest_agent)) {
    return { label: 'No agent channel', tone: 'unfrozen', explanation: 'Instances launched from this image get no guest agent channel: their live snapshots will be crash-consistent.' };
  }
  if (isTruthyProperty(properties.os_require_quiesce)) {
    return { label: 'Agent channel, quiesce required', tone: 'frozen', explanation: 'Instances launched from this image get the guest agent channel, and a snapshot fails unless the agent freezes the file systems.' };
  }
  return { label: 'Agent channel', tone: 'maybe', explanation: 'Instances launched from this image get the guest agent channel: snapshots freeze the file systems when the agent runs in the guest.' };
}
