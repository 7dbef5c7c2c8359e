// Glance image updates are JSON-patch documents (Content-Type
// application/openstack-images-v2.1-json-patch). Pure builders for the two edits the app
// makes on custom properties, and the schema of a patch.
import { z } from 'zod';

export const JSON_PATCH_CONTENT_TYPE = 'application/openstack-images-v2.1-json-patch';

/** One level only: Glance accepts deeper paths just for /locations/N, which the app never edits. */
const pathSchema = z.string().regex(/^\/[^/]+$/, 'a one-level path like /hw_qemu_guest_agent').max(256);
const valueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const jsonPatchOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), path: pathSchema, value: valueSchema }),
  z.object({ op: z.literal('replace'), path: pathSchema, value: valueSchema }),
  z.object({ op: z.literal('remove'), path: pathSchema }),
]);
export const jsonPatchSchema = z.array(jsonPatchOpSchema).max(128);
export type JsonPatchOp = z.infer<typeof jsonPatchOpSchema>;

/** JSON pointer escaping (RFC 6901): "~" → "~0", "/" → "~1". */
export const propertyPath = (name: string) => `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** What the builders need to know about the image: its current custom properties. */
export interface PatchTarget {
  properties: Record<string, string>;
}

/**
 * Sets a custom property. Always `add`: in Glance v2.1 it creates or overwrites, whereas
 * `replace` on a missing property is a 409. With the image given, an unchanged value
 * gives no op.
 */
export function setProperty(name: string, value: string, image?: PatchTarget): JsonPatchOp[] {
  if (image && image.properties[name] === value) return [];
  return [{ op: 'add', path: propertyPath(name), value }];
}

/** Removes a custom property only when present: `remove` of a missing one is a 409. */
export function removeProperty(name: string, image: PatchTarget): JsonPatchOp[] {
  return Object.hasOwn(image.properties, name) ? [{ op: 'remove', path: propertyPath(name) }] : [];
}
