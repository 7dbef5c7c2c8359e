import { describe, expect, it } from 'vitest';
import { agentChannelOf, canCreateBackup, canCreateSnapshot } from './rules';

describe('canCreateSnapshot', () => {
  it.each(['ACTIVE', 'SHUTOFF', 'PAUSED', 'SUSPENDED'])('allows %s with no task', (status) => {
    expect(canCreateSnapshot({ status, taskState: null })).toEqual({ ok: true });
  });
  it.each(['BUILD', 'ERROR', 'SHELVED_OFFLOADED', 'RESCUE'])('refuses %s with the reason', (status) => {
    const v = canCreateSnapshot({ status, taskState: null });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toContain(status.toLowerCase());
  });
  it('refuses while a task runs, naming it in words', () => {
    const v = canCreateSnapshot({ status: 'ACTIVE', taskState: 'image_uploading' });
    expect(v).toEqual({ ok: false, reason: expect.stringContaining('Uploading image') });
  });
  it('refuses backups of volume-backed instances', () => {
    expect(canCreateBackup({ status: 'ACTIVE', taskState: null, imageId: null }).ok).toBe(false);
    expect(canCreateBackup({ status: 'ACTIVE', taskState: null, imageId: 'x' }).ok).toBe(true);
  });
});

describe('agentChannelOf', () => {
  const server = { imageId: 'img', launchedAt: '2026-11-20T10:00:00.000000' };
  it('reads hw_qemu_guest_agent as Nova does (yes/true/1)', () => {
    for (const v of ['yes', 'True', '1']) {
      expect(agentChannelOf(server, { properties: { hw_qemu_guest_agent: v }, updatedAt: '2026-11-01T00:00:00Z' })).toEqual({ kind: 'channel', requireQuiesce: false, changedSinceLaunch: false });
    }
    expect(agentChannelOf(server, { properties: { hw_qemu_guest_agent: 'no' }, updatedAt: null }).kind).toBe('none');
  });
  it('says when the image changed after the instance launched (launched_at has no zone: UTC)', () => {
    expect(agentChannelOf(server, { properties: { hw_qemu_guest_agent: 'yes' }, updatedAt: '2026-11-20T10:00:01Z' })).toMatchObject({ changedSinceLaunch: true });
    expect(agentChannelOf(server, { properties: { hw_qemu_guest_agent: 'yes' }, updatedAt: '2026-11-20T09:59:59Z' })).toMatchObject({ changedSinceLaunch: false });
  });
  it('knows require-quiesce, boot from volume and vanished images', () => {
    expect(agentChannelOf(server, { properties: { hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes' }, updatedAt: null })).toMatchObject({ requireQuiesce: true });
    expect(agentChannelOf({ imageId: null, launchedAt: null }, null)).toEqual({ kind: 'volume' });
    // Booted from a volume: the volume's image metadata (Cinder) says, as Nova reads it.
    expect(agentChannelOf({ imageId: null, launchedAt: null }, null, { hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes' })).toEqual({ kind: 'channel', requireQuiesce: true, changedSinceLaunch: false });
    expect(agentChannelOf({ imageId: null, launchedAt: null }, null, { os_distro: 'debian' })).toEqual({ kind: 'none', changedSinceLaunch: false, requireQuiesce: false });
    // os_require_quiesce without the agent: Nova fails every live snapshot.
    expect(agentChannelOf(server, { properties: { os_require_quiesce: 'yes' }, updatedAt: null })).toEqual({ kind: 'none', changedSinceLaunch: false, requireQuiesce: true });
    expect(agentChannelOf(server, null)).toEqual({ kind: 'unknown' });
  });
});
