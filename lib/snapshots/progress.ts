// The progress of one snapshot or backup, read from two sources polled together: the
// server's task state (Nova) and the new image's status (Glance). Pure: tested on its own.
// Its state, where it starts and whether it is over are in progress-state.ts.
import { taskStateWords } from '@/lib/instances/rules';
import type { FailureReason, ProgressState, TrackKind } from './progress-state';

export interface Step {
  key: string;
  label: string;
}

/** Nova's task states, then Glance's statuses. A backup starts at image_backup instead of
 * the two snapshot states (nova/compute/api.py backup; the Zed capture goes image_backup →
 * image_uploading with the fake driver). */
export function stepsFor(kind: TrackKind, volumeBacked = false): Step[] {
  const nova: Step[] = kind === 'backup'
    ? [{ key: 'image_backup', label: 'Backing up' }]
    : [{ key: 'image_snapshot_pending', label: 'Snapshot pending' }, { key: 'image_snapshot', label: 'Snapshotting' }];
  return [
    ...nova,
    { key: 'image_pending_upload', label: 'Pending upload' },
    { key: 'image_uploading', label: 'Uploading image' },
    { key: 'queued', label: 'Image queued' },
    { key: 'saving', label: 'Image saving' },
    { key: 'active', label: 'Image active' },
    // A volume-backed snapshot's image is active at once; its data is the Cinder snapshot.
    ...(volumeBacked ? [{ key: 'cinder_available', label: 'Cinder snapshot available' }] : []),
  ];
}

/** Whether the progress is that of a volume-backed snapshot (Cinder snapshots were seen). */
export const isVolumeBackedProgress = (p: ProgressState): boolean => Array.isArray(p.lastCinderStatuses);

export interface ProgressObservation {
  /** ms since the epoch when the answer arrived. */
  at: number;
  /** null: Nova answered 404 (the instance is gone). */
  server: { status: string; taskState: string | null; fault: { message: string } | null } | null;
  /** null: Glance answered 404 (the image is gone). */
  image: { status: string } | null;
  /** A volume-backed snapshot: the statuses of the Cinder snapshots its image names
   * (creating → available, or error); null or absent for any other snapshot. */
  cinder?: { status: string }[] | null;
}

/** How long an image may stay queued/saving after Nova cleared its task state before the
 * snapshot is called stalled (with libvirt the task clears only after the upload; Zed's
 * fake driver never uploads and leaves the image queued forever). */
export const STALL_AFTER_MS = 20_000;

/** Folds one answer into the progress. Steps never go backwards: polling every 2 s skips
 * some of Nova's short phases, and those are shown as passed. */
export function advance(prev: ProgressState, kind: TrackKind, obs: ProgressObservation): ProgressState {
  if (prev.outcome === 'done' || prev.outcome === 'failed') return prev;
  // (A progress kept from before this field has none: undefined reads as null.)
  const cinder = obs.cinder && obs.cinder.length > 0 ? obs.cinder.map((c) => c.status) : (prev.lastCinderStatuses ?? null);
  const steps = stepsFor(kind, cinder !== null);
  const idx = (key: string) => steps.findIndex((s) => s.key === key);
  const base = { ...prev, lastTaskState: obs.server?.taskState ?? null, lastImageStatus: obs.image?.status ?? null, lastCinderStatuses: cinder };

  if (obs.image === null) return { ...base, outcome: 'failed', failure: 'gone' };
  const status = obs.image.status;
  if (status === 'killed') return { ...base, outcome: 'failed', failure: 'killed' };
  if (status === 'deleted' || status === 'pending_delete') return { ...base, outcome: 'failed', failure: 'deleted' };
  if (status === 'active' && cinder !== null) {
    // Nova registers the image at once; the snapshot is made when Cinder says available.
    if (cinder.some((c) => c === 'error')) return { ...base, stepIndex: idx('cinder_available'), outcome: 'failed', failure: 'volume-snapshot-error' };
    if (cinder.every((c) => c === 'available')) return { ...base, stepIndex: idx('cinder_available'), outcome: 'done', failure: null };
    return { ...base, stepIndex: idx('cinder_available'), outcome: 'running', failure: null, taskClearedAt: null };
  }
  if (status === 'active') return { ...base, stepIndex: idx('active'), outcome: 'done', failure: null };
  if (obs.server === null) return { ...base, outcome: 'failed', failure: 'server-gone' };

  const task = obs.server.taskState;
  let reached = prev.stepIndex;
  if (task && idx(task) >= 0) reached = Math.max(reached, idx(task));
  if (status === 'saving') reached = Math.max(reached, idx('saving'));
  // Glance's queued is a step of its own only once Nova has handed over.
  if (!task && status === 'queued') reached = Math.max(reached, idx('queued'));

  const taskClearedAt = task ? null : (prev.taskClearedAt ?? obs.at);
  const stalled = taskClearedAt !== null && obs.at - taskClearedAt >= STALL_AFTER_MS;
  return { ...base, stepIndex: reached, taskClearedAt, outcome: stalled ? 'stalled' : 'running', failure: null };
}

/** One line for the row and the toast. */
export function progressHeadline(kind: TrackKind, p: ProgressState): string {
  const what = kind === 'backup' ? 'Backup' : 'Snapshot';
  if (p.outcome === 'done') return isVolumeBackedProgress(p) ? `${what} ready: the image is active and its Cinder snapshot available.` : `${what} ready: the image is active.`;
  if (p.outcome === 'stalled') {
    return `Nova finished; the image is still ${p.lastImageStatus ?? 'queued'}: the compute driver has not uploaded data.`;
  }
  if (p.outcome === 'failed') {
    if (p.failure === 'killed') return `${what} failed: the image upload failed (status killed).`;
    if (p.failure === 'server-gone') return `${what} stopped: the instance no longer exists.`;
    if (p.failure === 'volume-snapshot-error') return `${what} failed: Cinder could not make the volume snapshot (status error).`;
    return `${what} failed: the image was deleted during the ${what.toLowerCase()}.`;
  }
  const step = stepsFor(kind, isVolumeBackedProgress(p))[p.stepIndex];
  if (p.lastTaskState) return `${taskStateWords(p.lastTaskState)}…`;
  if (p.lastCinderStatuses && p.lastImageStatus === 'active') return `Cinder is making the volume snapshot (${[...new Set(p.lastCinderStatuses)].join(', ')})…`;
  return step ? `${step.label}…` : 'Starting…';
}

export interface FailureFacts {
  kind: TrackKind;
  failure: FailureReason;
  /** What Nova recorded in os-instance-actions for the createImage/createBackup action. */
  novaReason: string | null;
  /** The server's fault, when Nova reports one. */
  serverFault: string | null;
  /** The instance booted with os_require_quiesce: a freeze that fails fails the snapshot. */
  requireQuiesce?: boolean;
  /** The instance's agent channel when the snapshot was asked for, as its row showed it
   * (absent in a tracking kept from before this field: every cause is then offered). */
  channel?: 'channel' | 'none' | 'unknown' | 'volume';
  /** Nova's power state then (0: No state, the hypervisor did not report the instance). */
  powerState?: number;
  /** Booted from a volume: Nova's API freezes, and fails a required freeze that fails. Booted
   * from an image, the libvirt driver takes the snapshot unfrozen instead (decision 012). */
  volumeBacked?: boolean;
}

const HOOK_CHECK = 'Check the instance\'s qemu-guest-agent log (journalctl -u qemu-guest-agent) and the hooks in /etc/qemu/fsfreeze-hook.d/.';
const ADMIN_LOG = 'Nova keeps the exact reason in the instance\'s action log, which only an administrator can read.';

/** The explanation shown when a snapshot fails: what happened, what Nova recorded, and the
 * causes that fit this instance (its power state, its agent channel, its require-quiesce flag,
 * how it boots): a freeze is named only where one could stop the snapshot. Nova refuses an
 * instance that requires quiescing without the channel; a freeze that fails stops only a
 * volume-backed instance's snapshot with os_require_quiesce; Nova's libvirt driver logs it and
 * copies an image-backed instance's disk unfrozen (docs/decisions/012). */
export function explainFailure(f: FailureFacts): string[] {
  const what = f.kind === 'backup' ? 'backup' : 'snapshot';
  const lines: string[] = [];
  if (f.failure === 'server-gone') {
    lines.push(`The instance was deleted while the ${what} ran.`);
    return lines;
  }
  if (f.failure === 'volume-snapshot-error') {
    lines.push('Nova registered the image, but Cinder put the volume snapshot in error: the image points to a snapshot that holds no data. Delete the image in Snapdeck (it deletes the Cinder snapshot too) and try again; the volume service\'s logs say why.');
    return lines;
  }
  lines.push(
    f.failure === 'killed'
      ? `The ${what} image turned "killed": its upload to Glance failed.`
      : `The ${what} image vanished from Glance: Nova abandons a failed ${what} and deletes its image.`,
  );
  if (f.novaReason) lines.push(`Nova recorded: ${f.novaReason}`);
  const reason = f.novaReason ?? '';
  if (f.powerState === 0) {
    lines.push(
      `The hypervisor does not report this instance (power state No state): the compute host no longer knows it, for example after its compute service restarted, so it could not copy its disk. Freezing was not the cause. An administrator can check the compute host; a hard reboot may bring the instance back. ${f.novaReason ? '' : ADMIN_LOG}`.trim(),
    );
  } else if (/guest agent is not enabled/i.test(reason) || (f.channel === 'none' && f.requireQuiesce)) {
    lines.push(
      'The image this instance booted from requires quiescing (os_require_quiesce) but the instance has no guest agent channel (hw_qemu_guest_agent was not set when it booted): Nova fails the snapshot rather than take it unfrozen.',
    );
  } else if (f.channel === 'none') {
    lines.push(
      `This instance has no guest agent channel, so Nova attempted no freeze: the failure lies elsewhere (the compute host, or the upload to Glance). ${f.novaReason ? '' : ADMIN_LOG}`.trim(),
    );
  } else if (/quiesce|guest agent|fsfreeze/i.test(reason)) {
    lines.push(
      'The guest agent could not freeze the file systems, and the instance requires quiescing: Nova failed the snapshot rather than take it unfrozen. Check that qemu-guest-agent is installed and running in the guest.',
    );
    lines.push(`A failing fsfreeze hook also makes the freeze fail. ${HOOK_CHECK}`);
  } else if (f.channel === 'channel' && !f.requireQuiesce) {
    lines.push(
      `This instance does not require quiescing: a freeze that fails does not stop its ${what} (Nova copies the disk unfrozen), so the failure lies elsewhere (the compute host, or the upload to Glance). ${f.novaReason ? '' : ADMIN_LOG}`.trim(),
    );
  } else if (f.channel === 'channel' && f.volumeBacked === false) {
    lines.push(
      `This instance requires quiescing but booted from an image: Nova's libvirt driver takes its ${what} unfrozen when the freeze fails, so the freeze was not the cause; the failure lies elsewhere (the compute host, or the upload to Glance). ${f.novaReason ? '' : ADMIN_LOG}`.trim(),
    );
  } else if (f.requireQuiesce) {
    // Nova shows event details to admins only (Zed's default policy): say what we know.
    lines.push(
      `This instance booted from a volume whose image metadata requires quiescing (os_require_quiesce): Nova fails the ${what} when the guest agent cannot freeze the file systems (agent not installed or not running in the guest, or a failing fsfreeze hook). ${HOOK_CHECK} ${ADMIN_LOG}`,
    );
  } else {
    // The channel was not known (boot image gone, or a tracking from before): every cause.
    lines.push(
      `If the instance booted from a volume with the guest agent channel and os_require_quiesce, a freeze that fails (agent not running, or a failing fsfreeze hook) abandons the ${what} and destroys its image; if it requires quiescing without the channel, Nova refuses every snapshot of it. ${HOOK_CHECK}`,
    );
  }
  if (f.serverFault) lines.push(`Nova's fault on the instance: ${f.serverFault}`);
  return lines;
}
