import { describe, expect, it } from 'vitest';
import { bootOf, bootProblem, bootsFromVolume, minVolumeSize } from './boot-volume';
import { launchInputSchema, type LaunchSource } from './contract';
import { flavorOptions, launchSourceOf } from './rules';

const IMAGE = 'a0000001-0000-4000-8000-000000000001';
const SNAP = 'f0000001-0000-4000-8000-000000000001';
const GiB = 1024 ** 3;
const debian = { id: IMAGE, minDisk: 2, size: 8 * 1024 ** 2, volumeSnapshots: null } satisfies Pick<LaunchSource, 'id' | 'minDisk' | 'size' | 'volumeSnapshots'>;
// vol-1's snapshot as Nova registers it: 0 bytes, min_disk = the flavor's 10, one root snapshot of 10 GiB.
const vol1Snapshot = launchSourceOf({
  id: 'a0000001-0000-4000-8000-0000000000b1', name: 'vol-1-snap', status: 'active', visibility: 'private', owner: 'p', minDisk: 10, minRam: 0, size: 0,
  createdAt: '2026-12-01T00:00:00Z',
  properties: { bdm_v2: 'True', block_device_mapping: JSON.stringify([{ source_type: 'snapshot', destination_type: 'volume', snapshot_id: SNAP, volume_size: 10, boot_index: 0, delete_on_termination: false }]) },
}, 'p');
const off = { newVolume: false, deleteVolume: false };

describe('minVolumeSize', () => {
  it('is the larger of min_disk and the image data in whole GiB, at least 1', () => {
    expect(minVolumeSize({ minDisk: 2, size: 8 * 1024 ** 2 })).toBe(2);
    expect(minVolumeSize({ minDisk: 0, size: 2.5 * GiB })).toBe(3);
    expect(minVolumeSize({ minDisk: 0, size: null })).toBe(1);
  });
});

describe('bootOf', () => {
  it('boots an image by imageRef unless a new volume is asked for', () => {
    expect(bootOf(debian, off)).toEqual({ kind: 'image', imageRef: IMAGE });
    expect(bootOf(debian, { ...off, deleteVolume: true })).toEqual({ kind: 'image', imageRef: IMAGE });
  });

  it('puts an image on a new volume of the size asked, with the delete choice', () => {
    expect(bootOf(debian, { newVolume: true, volumeSize: 12, deleteVolume: true })).toEqual({
      kind: 'volume', devices: [{ sourceType: 'image', uuid: IMAGE, destinationType: 'volume', bootIndex: 0, volumeSize: 12, deleteOnTermination: true }],
    });
  });

  it('boots a volume-backed snapshot from its Cinder snapshot, sized by the mapping, delete off by default', () => {
    expect(vol1Snapshot.volumeSnapshots).toEqual([{ snapshotId: SNAP, size: 10, bootIndex: 0 }]);
    expect(bootOf(vol1Snapshot, off)).toEqual({
      kind: 'volume', devices: [{ sourceType: 'snapshot', uuid: SNAP, destinationType: 'volume', bootIndex: 0, volumeSize: 10, deleteOnTermination: false }],
    });
    expect(bootOf(vol1Snapshot, { ...off, deleteVolume: true })).toMatchObject({ devices: [{ deleteOnTermination: true }] });
  });

  it('leaves the size to Cinder when the mapping has none, and keeps data volumes non-bootable', () => {
    const source = { ...vol1Snapshot, volumeSnapshots: [{ snapshotId: SNAP, size: null, bootIndex: 0 }, { snapshotId: IMAGE, size: 5, bootIndex: null }] };
    const boot = bootOf(source, off);
    expect(boot.kind === 'volume' && boot.devices.map((d) => [d.bootIndex, d.volumeSize])).toEqual([[0, undefined], [-1, 5]]);
  });
});

describe('bootProblem', () => {
  it('accepts an image on a volume at least as large as it needs, and refuses less', () => {
    expect(bootProblem(debian, { newVolume: true, volumeSize: 2, deleteVolume: false }, true)).toBeNull();
    expect(bootProblem(debian, { newVolume: true, volumeSize: 1, deleteVolume: false }, true)).toEqual({ field: 'volumeSize', message: 'At least 2 GiB: the image needs that much.' });
    expect(bootProblem(debian, { newVolume: true, volumeSize: 2.5, deleteVolume: false }, true)?.field).toBe('volumeSize');
    expect(bootProblem(debian, { newVolume: true, deleteVolume: false }, true)?.message).toBe('Enter the size of the new volume.');
  });

  it('offers no volume without Cinder', () => {
    expect(bootProblem(debian, off, false)).toBeNull();
    expect(bootProblem(debian, { newVolume: true, volumeSize: 12, deleteVolume: false }, false)?.field).toBe('newVolume');
    expect(bootProblem(vol1Snapshot, off, false)).toMatchObject({ field: 'sourceId', message: expect.stringMatching(/no block storage/) });
  });

  it('refuses "Create a new volume" for a volume-backed snapshot, and a mapping without a root', () => {
    expect(bootProblem(vol1Snapshot, off, true)).toBeNull();
    expect(bootProblem(vol1Snapshot, { newVolume: true, volumeSize: 20, deleteVolume: false }, true)?.field).toBe('newVolume');
    expect(bootProblem({ ...vol1Snapshot, volumeSnapshots: [{ snapshotId: SNAP, size: 10, bootIndex: null }] }, off, true)?.field).toBe('sourceId');
  });
});

describe('flavors for a volume root', () => {
  const flavors = [
    { id: 's1-2', name: 's1-2', vcpus: 1, ram: 2000, disk: 10 },
    { id: 'tiny', name: 'tiny', vcpus: 1, ram: 512, disk: 1 },
  ];
  it('counts RAM only: a small disk is no reason to refuse', () => {
    const big = { minDisk: 50, minRam: 1000 };
    expect(flavorOptions(flavors, big).map((f) => f.disabled)).toEqual([true, true]);
    expect(flavorOptions(flavors, big, true).map((f) => [f.id, f.disabled])).toEqual([['tiny', true], ['s1-2', false]]);
    expect(flavorOptions(flavors, big, true)[0]!.reason).toMatch(/RAM 512 MB/);
  });
  it('a volume-backed snapshot or a new volume boots from a volume', () => {
    expect(bootsFromVolume(vol1Snapshot, { newVolume: false })).toBe(true);
    expect(bootsFromVolume({ volumeSnapshots: null }, { newVolume: true })).toBe(true);
    expect(bootsFromVolume({ volumeSnapshots: null }, { newVolume: false })).toBe(false);
    expect(bootsFromVolume(null, { newVolume: true })).toBe(false);
  });
});

describe('launchInputSchema, volume fields', () => {
  const base = { name: 'x', sourceId: IMAGE, flavorId: 'd2-2', network: 'none', count: 1 };
  it('defaults to no volume and keeps nothing asked off', () => {
    const parsed = launchInputSchema.parse(base);
    expect(parsed).toMatchObject({ newVolume: false, deleteVolume: false });
    expect(parsed.volumeSize).toBeUndefined();
  });
  it('takes the size as typed text, and wants one for a new volume', () => {
    expect(launchInputSchema.parse({ ...base, newVolume: true, volumeSize: '12' }).volumeSize).toBe(12);
    const r = launchInputSchema.safeParse({ ...base, newVolume: true });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['volumeSize'], message: 'Enter the size of the new volume.' });
    for (const volumeSize of ['x', 0, 1.5, 16_385]) expect(launchInputSchema.safeParse({ ...base, newVolume: true, volumeSize }).success, String(volumeSize)).toBe(false);
    expect(launchInputSchema.safeParse({ ...base, newVolume: 'yes' }).success).toBe(false);
  });
});
