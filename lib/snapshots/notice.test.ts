import { describe, expect, it } from 'vitest';
import { agentChannelOf } from './rules';
import { snapshotNotice } from '@/lib/snapshots/notice';

const launched = '2026-11-01T10:00:00.000000';
const channelFor = (props: Record<string, string>, updatedAt = '2026-10-01T00:00:00Z') =>
  agentChannelOf({ imageId: 'img', launchedAt: launched }, { properties: props, updatedAt });

describe('snapshotNotice', () => {
  it('warns for a running instance without the channel, in the seed\'s words', () => {
    const n = snapshotNotice({ status: 'ACTIVE' }, channelFor({}));
    expect(n.tone).toBe('warning');
    expect(n.text).toContain('a live snapshot is disk-only and may be inconsistent if the operating system is not told to flush');
  });
  it('says the agent will be asked to freeze with the channel', () => {
    const n = snapshotNotice({ status: 'ACTIVE' }, channelFor({ hw_qemu_guest_agent: 'yes' }));
    expect(n.tone).toBe('info');
    expect(n.text).toContain('guest agent will be asked to freeze the file systems');
  });
  it('with os_require_quiesce: booted from a volume, fails rather than go ahead unfrozen; from an image, the driver goes ahead unfrozen (decision 012)', () => {
    const channel = channelFor({ hw_qemu_guest_agent: 'True', os_require_quiesce: 'yes' });
    expect(snapshotNotice({ status: 'ACTIVE', imageId: null }, channel).text).toContain('fail the snapshot rather than go ahead unfrozen');
    const image = snapshotNotice({ status: 'ACTIVE', imageId: 'img' }, channel).text;
    expect(image).toContain("Nova's libvirt driver still takes the snapshot unfrozen if the agent does not answer");
    expect(image).not.toContain('rather than go ahead unfrozen');
  });
  it('says Nova will refuse an instance that requires quiescing without the channel', () => {
    const n = snapshotNotice({ status: 'ACTIVE', imageId: 'img' }, channelFor({ os_require_quiesce: 'yes' }));
    expect(n).toMatchObject({ tone: 'warning', title: 'Nova will refuse this snapshot' });
    expect(n.text).toContain('QEMU guest agent is not enabled');
  });
  it('says when the hypervisor does not report the instance (power state No state), before any freeze talk', () => {
    const n = snapshotNotice({ status: 'ACTIVE', powerState: 0 }, channelFor({ hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes' }));
    expect(n).toMatchObject({ tone: 'warning', title: 'The hypervisor does not report this instance' });
    expect(n.text).not.toMatch(/freeze|quiesce/);
    expect(snapshotNotice({ status: 'ACTIVE', powerState: 1 }, channelFor({})).title).toBe('This snapshot may be inconsistent');
  });
  it('calls a SHUTOFF snapshot cold and consistent as of the last clean shutdown', () => {
    const n = snapshotNotice({ status: 'SHUTOFF' }, channelFor({}));
    expect(n).toMatchObject({ tone: 'info', title: 'Cold snapshot' });
    expect(n.text).toContain('last clean shutdown');
  });
  it('warns when the image changed after launch, even if it now has the property', () => {
    const n = snapshotNotice({ status: 'ACTIVE' }, channelFor({ hw_qemu_guest_agent: 'yes' }, '2026-11-20T00:00:00Z'));
    expect(n.tone).toBe('warning');
    expect(n.text).toContain('properties it was booted with');
  });
  it('says a paused guest cannot be frozen', () => {
    expect(snapshotNotice({ status: 'PAUSED' }, channelFor({ hw_qemu_guest_agent: 'yes' })).text).toContain('paused guest cannot answer');
  });
});
