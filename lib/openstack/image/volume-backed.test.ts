import { describe, expect, it } from 'vitest';
import { fixture } from '../testing/fake-server';
import { reshapeImage, wireImageSchema } from './images';
import { parseBlockDeviceMapping, volumeBackedSnapshotOf } from './volume-backed';

const spikeImage = () => reshapeImage(wireImageSchema.parse(fixture('glance-image-show-volume-backed-snapshot-spike.json')));

describe('volumeBackedSnapshotOf', () => {
  it('recognises the image Nova made of a volume-backed server (spike raw-image, Zed)', () => {
    const image = spikeImage();
    expect(image).toMatchObject({ size: 0, minDisk: 10, diskFormat: 'qcow2', status: 'active' });
    expect(image.properties).not.toHaveProperty('image_type');
    expect(image.properties).not.toHaveProperty('instance_uuid');
    expect(volumeBackedSnapshotOf(image)).toEqual({
      rootDeviceName: '/dev/sda',
      mappings: [{ snapshotId: '02c341b8-7f50-48bb-961f-7fa61c8cc8cf', volumeSize: 10, bootIndex: 0, deleteOnTermination: false, deviceName: '/dev/sda', volumeType: null }],
      snapshotIds: ['02c341b8-7f50-48bb-961f-7fa61c8cc8cf'],
      rootVolumeSize: 10,
    });
  });

  it('orders several volumes root first and lists each snapshot once', () => {
    const [data, root] = ['5d0a1e6e-0000-4000-8000-00000000da7a', '5d0a1e6e-0000-4000-8000-0000000000e0'];
    const bdm = JSON.stringify([
      { source_type: 'snapshot', destination_type: 'volume', snapshot_id: data, volume_size: 50, boot_index: null, device_name: '/dev/vdb' },
      { source_type: 'snapshot', destination_type: 'volume', snapshot_id: root, volume_size: 20, boot_index: '0', delete_on_termination: true },
      { source_type: 'blank', destination_type: 'local', guest_format: 'swap', boot_index: -1, volume_size: 1 },
    ]);
    const got = volumeBackedSnapshotOf({ properties: { bdm_v2: 'true', block_device_mapping: bdm } });
    expect(got?.snapshotIds).toEqual([root, data]);
    expect(got?.rootVolumeSize).toBe(20);
    expect(got?.mappings[0]).toMatchObject({ bootIndex: 0, deleteOnTermination: true });
    expect(got?.rootDeviceName).toBeNull();
  });

  it('says no for ordinary images, broken properties and mappings without snapshots', () => {
    expect(volumeBackedSnapshotOf({ properties: {} })).toBeNull();
    expect(volumeBackedSnapshotOf({ properties: { image_type: 'snapshot', instance_uuid: 'x' } })).toBeNull();
    expect(volumeBackedSnapshotOf({ properties: { bdm_v2: 'True', block_device_mapping: 'not json' } })).toBeNull();
    expect(volumeBackedSnapshotOf({ properties: { bdm_v2: 'True', block_device_mapping: '{"a":1}' } })).toBeNull();
    expect(volumeBackedSnapshotOf({ properties: { bdm_v2: 'True', block_device_mapping: '[]' } })).toBeNull();
    expect(volumeBackedSnapshotOf({ properties: { bdm_v2: 'False', block_device_mapping: spikeImage().properties.block_device_mapping! } })).toBeNull();
    expect(volumeBackedSnapshotOf({ properties: { bdm_v2: 'True', block_device_mapping: JSON.stringify([{ source_type: 'image', image_id: 'i', boot_index: 0 }]) } })).toBeNull();
    // A snapshot id that is not a Cinder id never reaches a URL path.
    expect(volumeBackedSnapshotOf({ properties: { bdm_v2: 'True', block_device_mapping: JSON.stringify([{ source_type: 'snapshot', snapshot_id: '..', boot_index: 0 }]) } })).toBeNull();
    expect(volumeBackedSnapshotOf({ properties: { bdm_v2: 'True', block_device_mapping: JSON.stringify([{ source_type: 'snapshot', snapshot_id: '../volumes/x', boot_index: 0 }]) } })).toBeNull();
    expect(parseBlockDeviceMapping('[{"volume_size":"ten"}]')).toBeNull();
    expect(parseBlockDeviceMapping(undefined)).toBeNull();
  });
});
