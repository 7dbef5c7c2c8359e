// Reading a failed snapshot's reason from os-instance-actions: Nova records createImage /
// createBackup with events whose result is "Error"; from 2.84 non-admins also get the
// event's `details` (the exception message, e.g. "QEMU guest agent is not enabled").
import type { InstanceAction, InstanceActionEvent } from '@/lib/openstack/compute/servers';

const SNAPSHOT_ACTIONS = new Set(['createImage', 'createBackup']);

export function latestSnapshotAction<A extends Pick<InstanceAction, 'action' | 'startTime'>>(actions: readonly A[]): A | null {
  const found = actions.filter((a) => SNAPSHOT_ACTIONS.has(a.action));
  found.sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime));
  return found[0] ?? null;
}

export function snapshotActionReason(detail: Pick<InstanceAction, 'message'> & { events: InstanceActionEvent[] }): { failed: boolean; reason: string | null; finished: boolean } {
  const failedEvent = detail.events.find((e) => e.result?.toLowerCase() === 'error');
  const failed = Boolean(failedEvent) || detail.message?.toLowerCase() === 'error';
  const finished = detail.events.length > 0 && detail.events.every((e) => e.finishTime !== null);
  // Nova sets the action's message to "Error" only; the event's details say why.
  const reason = failedEvent?.details ?? (detail.message && detail.message.toLowerCase() !== 'error' ? detail.message : null);
  return { failed, reason, finished };
}
