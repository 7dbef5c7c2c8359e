import { describe, expect, it } from 'vitest';
import { consistencyOf } from './format';

const at = (properties: Record<string, string>, createdAt = '2026-12-01T10:00:00Z', updatedAt = '2026-12-01T10:01:00Z') => ({ properties, createdAt, updatedAt });
const INSTANCE = '6f7c2b7e-1d1c-4a57-9a63-0d3b0a6e2f11';

describe('consistencyOf', () => {
  it('reads snapshots by how they were taken', () => {
    // Only a volume-backed snapshot is sure to be frozen: the libvirt driver goes ahead unfrozen.
    expect(consistencyOf('volume snapshot', at({ hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes', block_device_mapping: '[]' }))).toMatchObject({ label: 'Quiesced (required)', tone: 'frozen', changed: false });
    expect(consistencyOf('snapshot', at({ hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes' }))).toMatchObject({ label: 'Quiesce attempted', tone: 'maybe' });
    expect(consistencyOf('backup', at({ hw_qemu_guest_agent: 'true' }))).toMatchObject({ label: 'Quiesce attempted', tone: 'maybe' });
    expect(consistencyOf('volume snapshot', at({}))).toMatchObject({ label: 'Crash-consistent', tone: 'unfrozen' });
  });
  it('keeps a recorded snapshot\'s label when its agent property is switched on, and says the property changed', () => {
    const recorded = { image_type: 'snapshot', instance_uuid: INSTANCE, snapdeck_taken_instance: INSTANCE, snapdeck_taken_agent_channel: 'no', snapdeck_taken_require_quiesce: 'no', snapdeck_taken_power_state: 'running' };
    const before = consistencyOf('snapshot', at(recorded));
    expect(before).toMatchObject({ label: 'Crash-consistent', changed: false });
    expect(before.explanation).toContain('Recorded when it was taken: agent channel no, quiesce required no, power state running.');
    const after = consistencyOf('snapshot', at({ ...recorded, hw_qemu_guest_agent: 'yes' }, '2026-12-01T10:00:00Z', '2026-12-02T09:00:00Z'));
    expect(after).toMatchObject({ label: 'Crash-consistent', tone: 'unfrozen', changed: true });
    expect(after.explanation).toContain('hw_qemu_guest_agent changed after it was taken');
    expect(consistencyOf('snapshot', at({ ...recorded, snapdeck_taken_power_state: 'shutdown' }))).toMatchObject({ label: 'Cold (shut off)', tone: 'frozen' });
  });
  it('says when an unrecorded snapshot was updated long after it was created', () => {
    const late = consistencyOf('snapshot', at({ image_type: 'snapshot', hw_qemu_guest_agent: 'yes' }, '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'));
    expect(late).toMatchObject({ label: 'Quiesce attempted', changed: true });
    expect(late.explanation).toContain('was updated (2026-12-01T11:00:00Z) long after it was created (2026-12-01T10:00:00Z)');
    expect(consistencyOf('snapshot', at({ image_type: 'snapshot' }, '2026-12-01T10:00:00Z', '2026-12-01T10:14:00Z')).changed).toBe(false);
  });
  it('reads base images by what their instances will get', () => {
    expect(consistencyOf('image', at({})).label).toBe('No agent channel');
    expect(consistencyOf('image', at({ hw_qemu_guest_agent: 'yes' })).label).toBe('Agent channel');
    expect(consistencyOf('image', at({ hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes' })).label).toBe('Agent channel, quiesce required');
    // require quiesce without the agent does nothing.
    expect(consistencyOf('image', at({ os_require_quiesce: 'yes' })).label).toBe('No agent channel');
  });
});
