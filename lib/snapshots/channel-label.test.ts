import { describe, expect, it } from 'vitest';
import { agentChannelOf } from './rules';
import { channelLabel } from '@/lib/snapshots/channel-label';

const launched = '2026-11-01T10:00:00.000000';
const channelFor = (props: Record<string, string>, updatedAt = '2026-10-01T00:00:00Z') =>
  agentChannelOf({ imageId: 'img', launchedAt: launched }, { properties: props, updatedAt });

describe('channelLabel', () => {
  it('labels the three common cases', () => {
    expect(channelLabel(channelFor({ hw_qemu_guest_agent: 'yes' })).label).toBe('Agent channel');
    expect(channelLabel(channelFor({ hw_qemu_guest_agent: 'no' })).label).toBe('No agent channel');
    expect(channelLabel(channelFor({ hw_qemu_guest_agent: '1', os_require_quiesce: 'yes' })).label).toBe('Agent channel (quiesce required)');
  });
  it('explains an image changed after launch and how to get the channel', () => {
    const l = channelLabel(channelFor({ hw_qemu_guest_agent: 'yes' }, '2026-11-20T00:00:00Z'), { imageUpdatedAt: '2026-11-20', launchedAt: '2026-11-01' });
    expect(l.label).toBe('Image changed since launch');
    expect(l.explanation).toContain('still runs with the properties it was booted with');
    expect(l.explanation).toContain('set hw_qemu_guest_agent=yes on the snapshot');
  });
  it('does not claim a channel for volume-backed or unknown images', () => {
    expect(channelLabel({ kind: 'volume' }).label).toBe('Volume-backed');
    // Booted from a volume: the way to the channel is the volume's image metadata.
    const none = channelLabel({ kind: 'none', changedSinceLaunch: false }, { imageUpdatedAt: null, launchedAt: null, volumeBacked: true });
    expect(none.explanation).toMatch(/^Booted from a volume whose image metadata lacks hw_qemu_guest_agent/);
    expect(none.explanation).toContain('openstack volume set --image-property hw_qemu_guest_agent=yes <volume>');
    expect(channelLabel({ kind: 'unknown' }).label).toBe('Unknown');
  });
});
