// The two image properties the consistency switches write, who may write them, and the
// JSON-patch that does it. Glance: `add` creates or overwrites, `remove` of a missing
// property is a 409, `replace` of a missing one too: so add to set, remove only if present.
import { z } from 'zod';
import { isTruthyProperty } from '@/lib/openstack/image/properties';
import { removeProperty, setProperty, type JsonPatchOp } from '@/lib/openstack/image/json-patch';
import { recordBeforeSwitch } from '@/lib/snapshots/taken';

export const SWITCH_PROPERTIES = ['hw_qemu_guest_agent', 'os_require_quiesce'] as const;
export type SwitchProperty = (typeof SWITCH_PROPERTIES)[number];

export const propertyToggleSchema = z.strictObject({
  property: z.enum(SWITCH_PROPERTIES, 'only hw_qemu_guest_agent and os_require_quiesce can be switched here'),
  enabled: z.boolean(),
});
export type PropertyToggle = z.output<typeof propertyToggleSchema>;

const shortId = (id: string | null) => (id ? id.slice(0, 8) : 'unknown');

/** Null when the project may change the image's properties, else why not. Glance's
 * modify_image policy is "member of the owner project (or admin)". */
export function readOnlyReason(image: { owner: string | null; visibility: string }, projectId: string): string | null {
  if (image.owner === projectId) return null;
  const owner = `project ${shortId(image.owner)}`;
  switch (image.visibility) {
    case 'public':
      return `A public image owned by ${owner}: only its owner can change its properties.`;
    case 'community':
      return `A community image owned by ${owner}: only its owner can change its properties.`;
    case 'shared':
      return `Shared with your project by ${owner}: only its owner can change its properties.`;
    default:
      return `Owned by ${owner}, not by the current project: only its owner can change its properties.`;
  }
}

/** The JSON-patch for a switch, or [] when the image already says so. On: add "yes" (also
 * over "no"; an existing truthy value is left as it is). Off: remove, when present. On a
 * snapshot or backup that has no record of how it was taken, the record of its properties as
 * they were comes first (lib/snapshots/taken.ts): the switch changes what instances launched
 * from it get, and its label keeps saying how it was taken. */
export function togglePatch(image: { properties: Record<string, string> }, toggle: PropertyToggle): JsonPatchOp[] {
  const current = image.properties[toggle.property];
  const ops = toggle.enabled ? (isTruthyProperty(current) ? [] : setProperty(toggle.property, 'yes', image)) : removeProperty(toggle.property, image);
  if (ops.length === 0) return ops;
  return [...Object.entries(recordBeforeSwitch(image.properties)).flatMap(([k, v]) => setProperty(k, v)), ...ops];
}

/** Private images of the project that lack the agent property (or have it false). */
export function lacksAgent(image: { properties: Record<string, string> }): boolean {
  return !isTruthyProperty(image.properties.hw_qemu_guest_agent);
}
