import { describe, expect, it } from 'vitest';
import { consistencyOf } from './format';

describe('consistencyOf', () => {
  it('reads snapshots by how they were taken', () => {
    expect(consistencyOf('snapshot', { hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes' })).toMatchObject({ label: 'Quiesced (required)', tone: 'frozen' });
    expect(consistencyOf('backup', { hw_qemu_guest_agent: 'true' })).toMatchObject({ label: 'Quiesce attempted', tone: 'maybe' });
    expect(consistencyOf('volume snapshot', {})).toMatchObject({ label: 'Crash-consistent', tone: 'unfrozen' });
  });
  it('reads base images by what their instances will get', () => {
    expect(consistencyOf('image', {}).label).toBe('No agent channel');
    expect(consistencyOf('image', { hw_qemu_guest_agent: 'yes' }).label).toBe('Agent channel');
    expect(consistencyOf('image', { hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes' }).label).toBe('Agent channel, quiesce required');
    // require quiesce without the agent does nothing.
    expect(consistencyOf('image', { os_require_quiesce: 'yes' }).label).toBe('No agent channel');
  });
});
