import { describe, expect, it } from 'vitest';
import { explainSnapshotRefusal } from '@/lib/snapshots/errors';

const id = 'b0000001-0000-4000-8000-000000000001';

describe('explainSnapshotRefusal', () => {
  it('names the running task in words', () => {
    const r = explainSnapshotRefusal({ status: 409, safeMessage: `Cannot 'createImage' instance ${id} while it is in task_state image_uploading` });
    expect(r).toEqual({ status: 409, message: expect.stringContaining('Uploading image (task_state image_uploading)') });
  });
  it('names a refused vm_state', () => {
    expect(explainSnapshotRefusal({ status: 409, safeMessage: `Cannot 'createImage' instance ${id} while it is in vm_state error` })?.message)
      .toBe('Nova does not take a snapshot of an instance in vm_state error.');
  });
  it('keeps other conflicts (quiesce failures) in Nova\'s words', () => {
    expect(explainSnapshotRefusal({ status: 409, safeMessage: 'Failed to quiesce instance: x' })?.message).toContain('Failed to quiesce instance: x');
  });
  it('tells quota from policy on 403, and 413 is quota', () => {
    expect(explainSnapshotRefusal({ status: 403, safeMessage: 'Quota exceeded for snapshots' })?.message).toMatch(/^A quota was exceeded/);
    expect(explainSnapshotRefusal({ status: 403, safeMessage: 'Policy doesn\'t allow compute:create_image' })?.message).toMatch(/^Not allowed by the cloud's policy/);
    expect(explainSnapshotRefusal({ status: 413, safeMessage: 'Maximum number of metadata items exceeds 128' })?.status).toBe(413);
  });
  it('leaves server errors to the generic mapping', () => {
    expect(explainSnapshotRefusal({ status: 500, safeMessage: 'x' })).toBeNull();
  });
});
