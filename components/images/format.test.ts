import { describe, expect, it } from 'vitest';
import { consistencyOf, formatBytes } from './format';

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(7 * 1024 * 1024)).toBe('7.0 MiB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50.0 MiB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.0 TiB');
  });
});

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
