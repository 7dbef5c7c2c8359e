import { describe, expect, it } from 'vitest';
import { latestSnapshotAction, snapshotActionReason } from './actions';

const ev = (result: string | null, details: string | null = null) => ({ event: 'compute_snapshot_instance', startTime: 't', finishTime: result ? 't2' : null, result, details });

describe('latestSnapshotAction', () => {
  it('picks the newest createImage or createBackup', () => {
    const a = latestSnapshotAction([
      { action: 'createImage', startTime: '2026-11-01T00:00:00Z', requestId: 'old' },
      { action: 'stop', startTime: '2026-11-03T00:00:00Z', requestId: 'stop' },
      { action: 'createBackup', startTime: '2026-11-02T00:00:00Z', requestId: 'new' },
    ]);
    expect(a?.requestId).toBe('new');
    expect(latestSnapshotAction([{ action: 'reboot', startTime: 'x' }])).toBeNull();
  });
});

describe('snapshotActionReason', () => {
  it('reads the failed event\'s details (2.84+), not the action\'s bare "Error"', () => {
    expect(snapshotActionReason({ message: 'Error', events: [ev('Error', 'QEMU guest agent is not enabled')] }))
      .toEqual({ failed: true, reason: 'QEMU guest agent is not enabled', finished: true });
  });
  it('reports success and running', () => {
    expect(snapshotActionReason({ message: null, events: [ev('Success')] })).toEqual({ failed: false, reason: null, finished: true });
    expect(snapshotActionReason({ message: null, events: [ev(null)] })).toMatchObject({ finished: false });
  });
  it('says failed without a reason before 2.84', () => {
    expect(snapshotActionReason({ message: 'Error', events: [ev('Error')] })).toEqual({ failed: true, reason: null, finished: true });
  });
});
