import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { snapshotConsistency } from '@/lib/images/rules';
import { changedSinceTaken, readTaken, recordBeforeSwitch, takenMetadata, TAKEN_KEYS } from './taken';

const A = '6f7c2b7e-1d1c-4a57-9a63-0d3b0a6e2f11';
const B = '0a4d9c3e-5b7f-4e1a-8c2d-9f6e3b1a7c55';

describe('takenMetadata', () => {
  it('records the boot-time channel, require-quiesce and power state, every key each time', () => {
    expect(takenMetadata({ id: A, powerState: 1 }, { kind: 'channel', requireQuiesce: true, changedSinceLaunch: false })).toEqual({
      snapdeck_taken_instance: A, snapdeck_taken_agent_channel: 'yes', snapdeck_taken_require_quiesce: 'yes', snapdeck_taken_power_state: 'running',
    });
    expect(takenMetadata({ id: A, powerState: 4 }, { kind: 'none', changedSinceLaunch: false })).toMatchObject({ snapdeck_taken_agent_channel: 'no', snapdeck_taken_require_quiesce: 'no', snapdeck_taken_power_state: 'shutdown' });
    // The boot image changed after the launch, or cannot be read: the channel is not known.
    expect(takenMetadata({ id: A, powerState: 1 }, { kind: 'channel', requireQuiesce: false, changedSinceLaunch: true })[TAKEN_KEYS.channel]).toBe('unknown');
    expect(takenMetadata({ id: A, powerState: 0 }, { kind: 'unknown' })).toMatchObject({ snapdeck_taken_agent_channel: 'unknown', snapdeck_taken_power_state: 'nostate' });
    expect(takenMetadata({ id: A, powerState: 2 }, { kind: 'volume' })[TAKEN_KEYS.power]).toBe('nostate');
  });
  it('fits Nova\'s createImage metadata: at most 255 characters a key or value', () => {
    fc.assert(fc.property(fc.uuid(), fc.integer({ min: -1, max: 9 }), fc.boolean(), (id, power, agent) => {
      const m = takenMetadata({ id, powerState: power }, agent ? { kind: 'channel', requireQuiesce: true, changedSinceLaunch: false } : { kind: 'none', changedSinceLaunch: false });
      return Object.entries(m).every(([k, v]) => k.length <= 255 && v.length <= 255 && v.length > 0);
    }));
  });
});

describe('readTaken', () => {
  const record = { instance_uuid: A, ...takenMetadata({ id: A, powerState: 1 }, { kind: 'none', changedSinceLaunch: false }) };
  it('reads the record of the instance the image was taken of', () => {
    expect(readTaken(record)).toEqual({ channel: 'no', requireQuiesce: false, power: 'running' });
  });
  it('ignores a record inherited from the snapshot an instance was launched from', () => {
    // Nova copies the boot image's properties into each snapshot: the record names A, the new
    // snapshot's instance_uuid is B.
    expect(readTaken({ ...record, instance_uuid: B })).toBeNull();
    expect(snapshotConsistency({ ...record, instance_uuid: B, hw_qemu_guest_agent: 'yes' })).toBe('quiesce-attempted');
  });
  it('ignores what does not parse', () => {
    expect(readTaken({ ...record, snapdeck_taken_agent_channel: 'maybe' })).toBeNull();
    expect(readTaken({ ...record, snapdeck_taken_power_state: 'on fire' })).toMatchObject({ power: null });
  });
});

describe('the label follows the record, not the current properties', () => {
  it('a crash-consistent snapshot stays crash-consistent after the agent switch', () => {
    const props = { image_type: 'snapshot', instance_uuid: A, ...takenMetadata({ id: A, powerState: 1 }, { kind: 'none', changedSinceLaunch: false }) };
    expect(snapshotConsistency(props)).toBe('crash-consistent');
    expect(snapshotConsistency({ ...props, hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes' })).toBe('crash-consistent');
    expect(changedSinceTaken({ ...props, hw_qemu_guest_agent: 'yes' }, readTaken(props)!)).toEqual(['hw_qemu_guest_agent']);
  });
  it('paused, suspended or crashed: nothing could be frozen; shut off: cold', () => {
    const channel = { kind: 'channel', requireQuiesce: false, changedSinceLaunch: false } as const;
    const label = (power: number) => snapshotConsistency({ instance_uuid: A, hw_qemu_guest_agent: 'yes', ...takenMetadata({ id: A, powerState: power }, channel) });
    expect(label(1)).toBe('quiesce-attempted');
    expect([label(3), label(6), label(7), label(0)]).toEqual(['crash-consistent', 'crash-consistent', 'crash-consistent', 'crash-consistent']);
    expect(label(4)).toBe('cold');
  });
});

describe('recordBeforeSwitch', () => {
  it('keeps the properties a snapshot had before Snapdeck\'s first switch', () => {
    expect(recordBeforeSwitch({ image_type: 'snapshot', instance_uuid: A })).toEqual({ snapdeck_taken_instance: A, snapdeck_taken_agent_channel: 'no', snapdeck_taken_require_quiesce: 'no' });
    expect(recordBeforeSwitch({ image_type: 'backup', instance_uuid: A, hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes' })).toMatchObject({ snapdeck_taken_agent_channel: 'yes', snapdeck_taken_require_quiesce: 'yes' });
  });
  it('writes nothing on a base image, an image without its instance, or one already recorded', () => {
    expect(recordBeforeSwitch({ hw_qemu_guest_agent: 'yes' })).toEqual({});
    expect(recordBeforeSwitch({ image_type: 'snapshot' })).toEqual({});
    const recorded = { image_type: 'snapshot', instance_uuid: A, ...takenMetadata({ id: A, powerState: 1 }, { kind: 'none', changedSinceLaunch: false }) };
    expect(recordBeforeSwitch(recorded)).toEqual({});
    // An inherited record does not count: this snapshot gets its own.
    expect(recordBeforeSwitch({ ...recorded, instance_uuid: B })).toMatchObject({ snapdeck_taken_instance: B });
  });
});
