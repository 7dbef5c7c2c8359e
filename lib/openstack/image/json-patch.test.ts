import { describe, expect, it } from 'vitest';
import { jsonPatchSchema, propertyPath, removeProperty, setProperty } from './json-patch';

const image = { properties: { hw_qemu_guest_agent: 'yes', image_type: 'snapshot' } };

describe('setProperty', () => {
  it('always uses add (creates or overwrites), never replace', () => {
    expect(setProperty('hw_qemu_guest_agent', 'no', image)).toEqual([{ op: 'add', path: '/hw_qemu_guest_agent', value: 'no' }]);
    expect(setProperty('os_require_quiesce', 'yes', image)).toEqual([{ op: 'add', path: '/os_require_quiesce', value: 'yes' }]);
    expect(setProperty('x', 'y')).toEqual([{ op: 'add', path: '/x', value: 'y' }]);
  });

  it('gives no op when the value is already there', () => {
    expect(setProperty('hw_qemu_guest_agent', 'yes', image)).toEqual([]);
  });
});

describe('removeProperty', () => {
  it('removes only a property that is present', () => {
    expect(removeProperty('hw_qemu_guest_agent', image)).toEqual([{ op: 'remove', path: '/hw_qemu_guest_agent' }]);
    expect(removeProperty('missing', image)).toEqual([]);
    // Inherited keys of Object.prototype are not properties.
    expect(removeProperty('toString', image)).toEqual([]);
  });
});

describe('paths and schema', () => {
  it('escapes JSON pointer characters', () => {
    expect(propertyPath('a/b~c')).toBe('/a~1b~0c');
    expect(setProperty('owner_specified.openstack.object', 'v')[0]?.path).toBe('/owner_specified.openstack.object');
  });

  it('accepts add/replace/remove and refuses others', () => {
    expect(jsonPatchSchema.safeParse([...setProperty('a', 'b'), ...removeProperty('hw_qemu_guest_agent', image)]).success).toBe(true);
    expect(jsonPatchSchema.safeParse([{ op: 'replace', path: '/name', value: 'n' }]).success).toBe(true);
    expect(jsonPatchSchema.safeParse([{ op: 'move', from: '/a', path: '/b' }]).success).toBe(false);
    expect(jsonPatchSchema.safeParse([{ op: 'add', path: '/a/b', value: 'c' }]).success).toBe(false);
    expect(jsonPatchSchema.safeParse([{ op: 'add', path: 'a', value: 'c' }]).success).toBe(false);
  });
});
