import { describe, expect, it } from 'vitest';
import { flavorFits, imageKind, snapshotConsistency } from '@/lib/images/rules';

describe('snapshotConsistency', () => {
  it('classifies from inherited properties', () => {
    // os_require_quiesce makes Nova fail a snapshot it could not freeze only for a volume-backed
    // instance; the libvirt driver takes an image-backed one unfrozen (decision 012).
    expect(snapshotConsistency({ hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes', block_device_mapping: '[]' })).toBe('quiesced-required');
    expect(snapshotConsistency({ hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes' })).toBe('quiesce-attempted');
    expect(snapshotConsistency({ hw_qemu_guest_agent: 'true' })).toBe('quiesce-attempted');
    expect(snapshotConsistency({ os_require_quiesce: 'yes' })).toBe('crash-consistent');
    expect(snapshotConsistency({})).toBe('crash-consistent');
  });
});

describe('imageKind', () => {
  it('tells snapshots, backups, volume snapshots and images apart', () => {
    expect(imageKind({ status: 'active', size: 10, properties: { image_type: 'snapshot' } })).toBe('snapshot');
    expect(imageKind({ status: 'active', size: 10, properties: { image_type: 'backup' } })).toBe('backup');
    expect(imageKind({ status: 'active', size: 0, properties: { image_type: 'snapshot', block_device_mapping: '[]' } })).toBe('volume snapshot');
    expect(imageKind({ status: 'active', size: 10, properties: {} })).toBe('image');
  });
});

describe('flavorFits', () => {
  it('blocks a disk below min_disk and RAM below min_ram; disk 0 never blocks', () => {
    expect(flavorFits({ disk: 10, ram: 2000 }, { minDisk: 50, minRam: 0 })).toMatchObject({ ok: false, reason: expect.stringContaining('50') });
    expect(flavorFits({ disk: 0, ram: 2000 }, { minDisk: 50, minRam: 0 })).toEqual({ ok: true });
    expect(flavorFits({ disk: 50, ram: 1000 }, { minDisk: 50, minRam: 2048 })).toMatchObject({ ok: false });
    expect(flavorFits({ disk: 50, ram: 4000 }, { minDisk: 50, minRam: 2048 })).toEqual({ ok: true });
  });
});
