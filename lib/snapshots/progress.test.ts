import { describe, expect, it } from 'vitest';
import {
  STALL_AFTER_MS, advance, explainFailure, progressHeadline, stepsFor, type ProgressObservation,
} from '@/lib/snapshots/progress';
import { INITIAL_PROGRESS, type ProgressState } from '@/lib/snapshots/progress-state';

const server = (taskState: string | null, fault: string | null = null) => ({ status: 'ACTIVE', taskState, fault: fault ? { message: fault } : null });
const obs = (at: number, taskState: string | null, imageStatus: string | null): ProgressObservation => ({
  at, server: server(taskState), image: imageStatus === null ? null : { status: imageStatus },
});

function run(kind: 'snapshot' | 'backup', seq: ProgressObservation[]): ProgressState {
  return seq.reduce((p, o) => advance(p, kind, o), INITIAL_PROGRESS);
}

const keyAt = (kind: 'snapshot' | 'backup', p: ProgressState) => stepsFor(kind)[p.stepIndex]?.key;

describe('stepsFor', () => {
  it('lists Nova task states then Glance statuses, ending active', () => {
    expect(stepsFor('snapshot').map((s) => s.key)).toEqual([
      'image_snapshot_pending', 'image_snapshot', 'image_pending_upload', 'image_uploading', 'queued', 'saving', 'active',
    ]);
    expect(stepsFor('backup')[0]?.key).toBe('image_backup');
    expect(stepsFor('backup')).not.toContainEqual(expect.objectContaining({ key: 'image_snapshot' }));
  });
});

describe('advance', () => {
  it('follows a libvirt snapshot to active', () => {
    const p1 = run('snapshot', [obs(0, 'image_snapshot_pending', 'queued')]);
    expect(keyAt('snapshot', p1)).toBe('image_snapshot_pending');
    const p2 = advance(p1, 'snapshot', obs(2000, 'image_uploading', 'saving'));
    expect(keyAt('snapshot', p2)).toBe('saving');
    const p3 = advance(p2, 'snapshot', obs(4000, null, 'active'));
    expect(p3.outcome).toBe('done');
    expect(keyAt('snapshot', p3)).toBe('active');
  });

  it('follows a volume-backed snapshot past the active image until its Cinder snapshot is available', () => {
    const vol = (at: number, task: string | null, image: string, cinder: string[]): ProgressObservation => ({ ...obs(at, task, image), cinder: cinder.map((status) => ({ status })) });
    const p1 = run('snapshot', [vol(0, 'image_snapshot', 'active', ['creating'])]);
    expect(p1.outcome).toBe('running');
    expect(stepsFor('snapshot', true)[p1.stepIndex]?.key).toBe('cinder_available');
    expect(progressHeadline('snapshot', p1)).toBe('Snapshotting…');
    const p2 = advance(p1, 'snapshot', vol(2000, null, 'active', ['creating']));
    expect(progressHeadline('snapshot', p2)).toBe('Cinder is making the volume snapshot (creating)…');
    const p3 = advance(p2, 'snapshot', vol(4000, null, 'active', ['available']));
    expect(p3.outcome).toBe('done');
    expect(progressHeadline('snapshot', p3)).toBe('Snapshot ready: the image is active and its Cinder snapshot available.');
    const failed = advance(p2, 'snapshot', vol(4000, null, 'active', ['error']));
    expect(failed).toMatchObject({ outcome: 'failed', failure: 'volume-snapshot-error' });
    expect(explainFailure({ kind: 'snapshot', failure: 'volume-snapshot-error', novaReason: null, serverFault: null })[0]).toMatch(/Cinder put the volume snapshot in error/);
    // A progress kept from before the Cinder field still reads as an image snapshot.
    const old = { ...INITIAL_PROGRESS } as Partial<ProgressState>;
    delete old.lastCinderStatuses;
    expect(advance(old as ProgressState, 'snapshot', obs(0, null, 'active')).outcome).toBe('done');
  });

  it('never goes backwards when polls skip phases', () => {
    const p = run('snapshot', [obs(0, 'image_uploading', 'queued'), obs(2000, 'image_snapshot', 'queued')]);
    expect(keyAt('snapshot', p)).toBe('image_uploading');
  });

  it('counts queued as a step only once Nova has handed over', () => {
    expect(keyAt('snapshot', run('snapshot', [obs(0, 'image_snapshot', 'queued')]))).toBe('image_snapshot');
    expect(keyAt('snapshot', run('snapshot', [obs(0, null, 'queued')]))).toBe('queued');
  });

  it('tracks a backup from image_backup', () => {
    expect(keyAt('backup', run('backup', [obs(0, 'image_backup', 'queued')]))).toBe('image_backup');
  });

  it('fails when the image is killed, deleted or gone', () => {
    expect(run('snapshot', [obs(0, 'image_uploading', 'killed')])).toMatchObject({ outcome: 'failed', failure: 'killed' });
    expect(run('snapshot', [obs(0, null, 'deleted')])).toMatchObject({ outcome: 'failed', failure: 'deleted' });
    expect(run('snapshot', [obs(0, 'image_snapshot', 'queued'), obs(2000, null, null)])).toMatchObject({ outcome: 'failed', failure: 'gone' });
  });

  it('fails when the instance is gone', () => {
    const p = advance(INITIAL_PROGRESS, 'snapshot', { at: 0, server: null, image: { status: 'queued' } });
    expect(p).toMatchObject({ outcome: 'failed', failure: 'server-gone' });
  });

  it('calls it stalled when Nova is done and the image stays queued (Zed fake driver)', () => {
    const early = run('snapshot', [obs(0, 'image_uploading', 'queued'), obs(2000, null, 'queued'), obs(2000 + STALL_AFTER_MS - 1, null, 'queued')]);
    expect(early.outcome).toBe('running');
    const late = advance(early, 'snapshot', obs(2000 + STALL_AFTER_MS, null, 'queued'));
    expect(late.outcome).toBe('stalled');
    expect(progressHeadline('snapshot', late)).toBe('Nova finished; the image is still queued: the compute driver has not uploaded data.');
  });

  it('resets the stall clock when a task state comes back', () => {
    const p = run('snapshot', [obs(0, null, 'queued'), obs(1000, 'image_uploading', 'saving'), obs(STALL_AFTER_MS + 500, null, 'saving')]);
    expect(p.outcome).toBe('running');
    expect(p.taskClearedAt).toBe(STALL_AFTER_MS + 500);
  });

  it('stays finished once done or failed', () => {
    const done = run('snapshot', [obs(0, null, 'active')]);
    expect(advance(done, 'snapshot', obs(1, null, null))).toBe(done);
  });
});

describe('progressHeadline', () => {
  it('speaks the task state in words while running', () => {
    expect(progressHeadline('snapshot', run('snapshot', [obs(0, 'image_uploading', 'saving')]))).toBe('Uploading image…');
    expect(progressHeadline('backup', run('backup', [obs(0, null, 'active')]))).toBe('Backup ready: the image is active.');
  });
});

describe('explainFailure', () => {
  const failed = { kind: 'snapshot', failure: 'gone', novaReason: null, serverFault: null } as const;
  it('explains a require-quiesce failure without the agent channel', () => {
    const lines = explainFailure({ ...failed, novaReason: 'QEMU guest agent is not enabled' });
    expect(lines[0]).toContain('vanished');
    expect(lines.join(' ')).toContain('Nova recorded: QEMU guest agent is not enabled');
    expect(lines.join(' ')).toContain('os_require_quiesce');
    expect(lines.join(' ')).not.toContain('fsfreeze hook');
  });
  it('explains a failed quiesce with the channel but no agent', () => {
    const text = explainFailure({ ...failed, novaReason: 'Failed to quiesce instance: Guest agent is not responding', serverFault: 'boom' }).join(' ');
    expect(text).toContain('could not freeze');
    expect(text).toContain('fsfreeze hook');
    expect(text).toContain("Nova's fault on the instance: boom");
  });
  it('explains from the boot-time properties when Nova hides the event details (non-admin)', () => {
    const text = explainFailure({ ...failed, requireQuiesce: true, channel: 'channel', powerState: 1, volumeBacked: true }).join(' ');
    expect(text).toContain('booted from a volume whose image metadata requires quiescing (os_require_quiesce)');
    expect(text).toContain('agent not installed or not running in the guest, or a failing fsfreeze hook');
    expect(text).not.toContain('Nova recorded');
  });
  it('names no freeze for an image-backed instance that requires quiescing: the libvirt driver goes ahead unfrozen (real guest, issue 16)', () => {
    const text = explainFailure({ ...failed, requireQuiesce: true, channel: 'channel', powerState: 1, volumeBacked: false }).join(' ');
    expect(text).toContain("Nova's libvirt driver takes its snapshot unfrozen when the freeze fails, so the freeze was not the cause");
    expect(text).not.toContain('fsfreeze');
  });
  it('names no freeze for an instance the hypervisor does not report (seen on Zed: No agent channel, power state No state)', () => {
    const text = explainFailure({ ...failed, channel: 'none', requireQuiesce: false, powerState: 0 }).join(' ');
    expect(text).toContain('The hypervisor does not report this instance (power state No state)');
    expect(text).not.toMatch(/fsfreeze|os_require_quiesce/);
  });
  it('names no freeze without the agent channel, nor when quiescing is not required', () => {
    const none = explainFailure({ ...failed, channel: 'none', requireQuiesce: false, powerState: 1 }).join(' ');
    expect(none).toContain('no guest agent channel, so Nova attempted no freeze');
    expect(none).not.toMatch(/fsfreeze|os_require_quiesce/);
    const optional = explainFailure({ ...failed, channel: 'channel', requireQuiesce: false, powerState: 1 }).join(' ');
    expect(optional).toContain('does not require quiescing: a freeze that fails does not stop its snapshot');
    expect(optional).not.toContain('fsfreeze');
  });
  it('offers every cause when the channel is not known', () => {
    const text = explainFailure(failed).join(' ');
    expect(text).toContain('If the instance booted from a volume with the guest agent channel and os_require_quiesce');
    expect(text).toContain('fsfreeze-hook.d');
  });
  it('says a killed image failed its upload', () => {
    expect(explainFailure({ kind: 'backup', failure: 'killed', novaReason: null, serverFault: null })[0]).toContain('backup image turned "killed"');
  });
});
