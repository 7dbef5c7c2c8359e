import { describe, expect, it } from 'vitest';
import { lacksAgent, propertyToggleSchema, readOnlyReason, togglePatch } from './consistency-props';

const P = 'project-demo';

describe('propertyToggleSchema', () => {
  it('allows only the two switch properties', () => {
    expect(propertyToggleSchema.safeParse({ property: 'hw_qemu_guest_agent', enabled: true }).success).toBe(true);
    expect(propertyToggleSchema.safeParse({ property: 'os_require_quiesce', enabled: false }).success).toBe(true);
    for (const property of ['owner', 'visibility', 'protected', 'hw_disk_bus', 'image_type', '/hw_qemu_guest_agent', '']) {
      expect(propertyToggleSchema.safeParse({ property, enabled: true }).success, property).toBe(false);
    }
  });
  it('needs a boolean and nothing else', () => {
    expect(propertyToggleSchema.safeParse({ property: 'hw_qemu_guest_agent', enabled: 'yes' }).success).toBe(false);
    expect(propertyToggleSchema.safeParse({ property: 'hw_qemu_guest_agent' }).success).toBe(false);
    expect(propertyToggleSchema.safeParse({ property: 'hw_qemu_guest_agent', enabled: true, value: 'no' }).success).toBe(false);
  });
});

describe('togglePatch', () => {
  const on = { property: 'hw_qemu_guest_agent', enabled: true } as const;
  const off = { property: 'hw_qemu_guest_agent', enabled: false } as const;
  it('adds "yes" when missing or false, never replace', () => {
    expect(togglePatch({ properties: {} }, on)).toEqual([{ op: 'add', path: '/hw_qemu_guest_agent', value: 'yes' }]);
    expect(togglePatch({ properties: { hw_qemu_guest_agent: 'no' } }, on)).toEqual([{ op: 'add', path: '/hw_qemu_guest_agent', value: 'yes' }]);
  });
  it('leaves an existing truthy value alone', () => {
    expect(togglePatch({ properties: { hw_qemu_guest_agent: 'True' } }, on)).toEqual([]);
  });
  it('removes only when present', () => {
    expect(togglePatch({ properties: { hw_qemu_guest_agent: 'yes' } }, off)).toEqual([{ op: 'remove', path: '/hw_qemu_guest_agent' }]);
    expect(togglePatch({ properties: {} }, off)).toEqual([]);
  });
  it('works the same for os_require_quiesce', () => {
    expect(togglePatch({ properties: {} }, { property: 'os_require_quiesce', enabled: true })).toEqual([{ op: 'add', path: '/os_require_quiesce', value: 'yes' }]);
  });
  it('records how an unrecorded snapshot was taken before its first switch, and only then', () => {
    const snap = { image_type: 'snapshot', instance_uuid: 'b0000001-0000-4000-8000-000000000001' };
    expect(togglePatch({ properties: snap }, on)).toEqual([
      { op: 'add', path: '/snapdeck_taken_instance', value: snap.instance_uuid },
      { op: 'add', path: '/snapdeck_taken_agent_channel', value: 'no' },
      { op: 'add', path: '/snapdeck_taken_require_quiesce', value: 'no' },
      { op: 'add', path: '/hw_qemu_guest_agent', value: 'yes' },
    ]);
    expect(togglePatch({ properties: { ...snap, hw_qemu_guest_agent: 'yes' } }, on)).toEqual([]);
    const recorded = { ...snap, snapdeck_taken_instance: snap.instance_uuid, snapdeck_taken_agent_channel: 'no' };
    expect(togglePatch({ properties: recorded }, on)).toEqual([{ op: 'add', path: '/hw_qemu_guest_agent', value: 'yes' }]);
  });
});

describe('readOnlyReason', () => {
  it('lets the owner project write, whatever the visibility', () => {
    expect(readOnlyReason({ owner: P, visibility: 'private' }, P)).toBeNull();
    expect(readOnlyReason({ owner: P, visibility: 'public' }, P)).toBeNull();
  });
  it('names why others cannot', () => {
    expect(readOnlyReason({ owner: 'other-project-id', visibility: 'public' }, P)).toMatch(/public image owned by project other-pr/);
    expect(readOnlyReason({ owner: 'other', visibility: 'shared' }, P)).toMatch(/Shared with your project/);
    expect(readOnlyReason({ owner: 'other', visibility: 'private' }, P)).toMatch(/not by the current project/);
    expect(readOnlyReason({ owner: null, visibility: 'public' }, P)).toMatch(/only its owner/);
  });
});

it('lacksAgent reads the property as Nova does', () => {
  expect(lacksAgent({ properties: {} })).toBe(true);
  expect(lacksAgent({ properties: { hw_qemu_guest_agent: 'no' } })).toBe(true);
  expect(lacksAgent({ properties: { hw_qemu_guest_agent: '1' } })).toBe(false);
});
