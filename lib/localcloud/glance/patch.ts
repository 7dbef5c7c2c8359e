// PATCH /v2/images/{id}: the JSON-patch media types, glance's RequestDeserializer.update
// checks (done before the image is looked up, as in Glance), then the controller's
// _do_add/_do_replace/_do_remove applied to a copy that is committed only if all succeed.
import { z } from 'zod';
import type { Caller } from './access';
import { GlanceError, fail, unsupportedMediaType } from './errors';
import { IMAGE_SCHEMA, checkValue, schemaMessage, validateImageObject } from './schema';
import { glanceTime, type Image } from '../state/state';

export const PATCH_MEDIA_TYPES: Record<string, 4 | 10> = {
  'application/openstack-images-v2.0-json-patch': 4,
  'application/openstack-images-v2.1-json-patch': 10,
};
const ACCEPT_PATCH = Object.keys(PATCH_MEDIA_TYPES).sort().join(', ');
const OPS = ['add', 'remove', 'replace'] as const;
type Op = (typeof OPS)[number];

export const PROPERTY_QUOTA = 128; // image_property_quota
export const TAG_QUOTA = 128; // image_tag_quota
const DB_INT_MAX = 2 ** 31 - 1;

const READ_ONLY = new Set(['created_at', 'updated_at', 'status', 'checksum', 'size', 'virtual_size', 'direct_url', 'self', 'file', 'schema', 'id', 'os_hash_algo', 'os_hash_value']);
const RESERVED = new Set(['location', 'deleted', 'deleted_at']);
export const RESERVED_NAMESPACE = 'os_glance';

/** Attributes of glance's domain Image: what `hasattr(image, name)` finds. */
const BASE_ATTRIBUTES = new Set([
  'name', 'visibility', 'min_disk', 'min_ram', 'protected', 'os_hidden', 'owner', 'disk_format', 'container_format',
  'tags', 'locations', 'status', 'size', 'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'created_at', 'updated_at',
]);

export interface Change {
  op: Op;
  path: string[];
  value?: unknown;
  draft: 4 | 10;
}

const opObjectSchema = z.record(z.string(), z.unknown());
const stringSchema = z.string();

/** webob's Request.content_type: the media type without parameters. */
export const mediaType = (header: string | undefined) => (header ?? '').split(';', 1)[0]!.trim();

/** JSONRequestDeserializer.default: the body, or 400 when absent or not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) fail(400, 'Body expected in request.');
  try {
    return JSON.parse(text);
  } catch {
    return fail(400, 'Malformed JSON in request body.');
  }
}

function decodePointer(pointer: string): string[] {
  if (!pointer.startsWith('/')) fail(400, `Pointer \`${pointer}\` does not start with "/".`);
  if (/\/\s*?\//.test(pointer.slice(1))) fail(400, `Pointer \`${pointer}\` contains adjacent "/".`);
  if (pointer.length > 1 && pointer.endsWith('/')) fail(400, `Pointer \`${pointer}\` end with "/".`);
  if (pointer.slice(1).trim() === '/') fail(400, `Pointer \`${pointer}\` does not contains valid token.`);
  if (/~[^01]/.test(pointer) || pointer.endsWith('~')) fail(400, `Pointer \`${pointer}\` contains "~" not part of a recognized escape sequence.`);
  return pointer.replace(/^\/+/, '').split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~').trim());
}

function parseChange(raw: Record<string, unknown>, draft: 4 | 10): Change {
  let op: Op;
  let pointer: unknown;
  if (draft === 10) {
    if (raw.op === undefined || raw.op === null) fail(400, `Unable to find \`op\` in JSON Schema change. It must be one of the following: ${OPS.join(', ')}.`);
    if (!OPS.includes(raw.op as Op)) fail(400, `Invalid operation: \`${String(raw.op)}\`. It must be one of the following: ${OPS.join(', ')}.`);
    op = raw.op as Op;
    if (!Object.hasOwn(raw, 'path')) fail(400, "Unable to find 'path' in JSON Schema change");
    pointer = raw.path;
  } else {
    const present = OPS.filter((o) => Object.hasOwn(raw, o));
    if (present.length > 1) fail(400, 'Operation objects must contain only one member named "add", "remove", or "replace".');
    if (present.length === 0) fail(400, 'Operation objects must contain exactly one member named "add", "remove", or "replace".');
    op = present[0]!;
    pointer = raw[op];
  }
  // Glance would crash on a pointer that is not a string; answer as for a bad pointer.
  const p = stringSchema.safeParse(pointer);
  if (!p.success) fail(400, `Pointer \`${String(pointer)}\` does not start with "/".`);
  const path = decodePointer(p.data!);
  const root = path[0]!;
  const depth = root === 'locations' ? (op === 'replace' ? 1 : 2) : 1;
  if (path.length !== depth) fail(400, `Invalid JSON pointer for this resource: '/${path.join('/')}'`);
  const change: Change = { op, path, draft };
  if (op !== 'remove') {
    if (!Object.hasOwn(raw, 'value')) fail(400, `Operation "${op}" requires a member named "value".`);
    change.value = raw.value;
  }
  validateChange(change);
  return change;
}

/** _validate_change: read-only and reserved names, then the value against the schema. */
function validateChange(change: Change): void {
  const root = change.path[0]!;
  if (READ_ONLY.has(root)) fail(403, `Attribute '${root}' is read-only.`);
  if (RESERVED.has(root) || root.startsWith(RESERVED_NAMESPACE)) fail(403, `Attribute '${root}' is reserved.`);
  if (change.op === 'remove') return;
  let failure;
  if (change.path.length === 1) failure = validateImageObject({ [root]: change.value });
  else if (IMAGE_SCHEMA.properties[root]?.type === 'array') {
    failure = checkValue(IMAGE_SCHEMA.properties[root]!, [change.value], ['properties', root], [root]);
  }
  if (failure) fail(400, schemaMessage(failure));
}

/** RequestDeserializer.update: 415 for another media type, then every change checked. */
export function parsePatch(contentType: string | undefined, bodyText: string): Change[] {
  const type = mediaType(contentType);
  const draft = PATCH_MEDIA_TYPES[type];
  if (draft === undefined) throw unsupportedMediaType(contentType ?? '', { 'Accept-Patch': ACCEPT_PATCH });
  const body = parseJsonBody(bodyText);
  if (!Array.isArray(body)) fail(400, 'Request body must be a JSON array of operation objects.');
  return (body as unknown[]).map((raw) => {
    const obj = opObjectSchema.safeParse(raw);
    if (!obj.success) fail(400, 'Operations must be JSON objects.');
    return parseChange(obj.data!, draft);
  });
}

/** Domain setters' own checks (glance.domain.Image and the DB layer's int range). */
function setBase(image: Image, key: string, value: unknown): void {
  switch (key) {
    case 'name': image.name = value as string | null; break;
    case 'visibility': image.visibility = value as Image['visibility']; break;
    case 'protected': image.protected = value as boolean; break;
    case 'os_hidden': image.osHidden = value as boolean; break;
    case 'owner': image.owner = value as string | null; break;
    case 'tags': image.tags = [...new Set(value as string[])]; break;
    case 'min_disk':
    case 'min_ram': {
      const n = value as number;
      if (n < 0) fail(400, `Invalid value '${n}' for parameter '${key}': Cannot be a negative value`);
      if (n > DB_INT_MAX) fail(400, `'${key}' value out of range, must not exceed ${DB_INT_MAX}.`);
      if (key === 'min_disk') image.minDisk = n;
      else image.minRam = n;
      break;
    }
    case 'disk_format':
    case 'container_format':
      if (image.status !== 'queued' && image.status !== 'importing') fail(403, `Attribute ${key} can be only replaced for a queued image.`);
      if (key === 'disk_format') image.diskFormat = value as string | null;
      else image.containerFormat = value as string | null;
      break;
    default:
      // status, size, checksum…: read-only, refused before we get here.
      fail(403, `Attribute '${key}' is read-only.`);
  }
}

/** ImageAPIPolicy.update_property: visibility's own policy first, then the owner check. */
function checkUpdate(caller: Caller, image: Image, key: string, value?: unknown): void {
  if (key === 'visibility' && value === 'public' && !caller.isAdmin) fail(403, 'You are not authorized to complete publicize_image action.');
  if (!caller.isAdmin && (image.owner === null || image.owner !== caller.projectId)) fail(403, 'You do not own this image');
}

function applyChange(caller: Caller, image: Image, change: Change): void {
  const key = change.path[0]!;
  const base = BASE_ATTRIBUTES.has(key);
  if (key === 'locations') {
    // show_multiple_locations is off, as on the captured cloud.
    if (change.op === 'replace' && Array.isArray(change.value) && change.value.length === 0) fail(403, 'Cannot set locations to empty list.');
    checkUpdate(caller, image, key);
    const verb = change.op === 'replace' ? 'update' : change.op;
    fail(403, `It's not allowed to ${verb} locations if locations are invisible.`);
  }
  if (key === 'owner' && change.op !== 'remove' && !caller.isAdmin) fail(403, "Owner can't be updated by non admin.");
  checkUpdate(caller, image, key, change.value);
  const exists = base || Object.hasOwn(image.properties, key);
  switch (change.op) {
    case 'add':
      if (exists && change.draft === 4) fail(409, `Property ${key} already present.`);
      if (base) setBase(image, key, change.value);
      else image.properties[key] = change.value as string;
      break;
    case 'replace':
      if (!exists) fail(409, `Property ${key} does not exist.`);
      if (base) setBase(image, key, change.value);
      else image.properties[key] = change.value as string;
      break;
    case 'remove':
      if (base) fail(403, `Property ${key} may not be removed.`);
      if (!exists) fail(409, `Property ${key} does not exist.`);
      delete image.properties[key];
      break;
  }
}

/** Apply all changes or none; returns the image after commit. */
export function applyPatch(caller: Caller, image: Image, changes: Change[], now = new Date()): Image {
  const draft: Image = { ...image, properties: { ...image.properties }, tags: [...image.tags] };
  for (const change of changes) applyChange(caller, draft, change);
  if (changes.length === 0) return image;
  const before = new Set(Object.keys(image.properties));
  const count = Object.keys(draft.properties).length;
  if (Object.keys(draft.properties).some((k) => !before.has(k)) && count > PROPERTY_QUOTA) {
    throw new GlanceError(413, `The limit has been exceeded on the number of allowed image properties. Attempted: ${count}, Maximum: ${PROPERTY_QUOTA}`);
  }
  if (draft.tags.length > TAG_QUOTA) {
    throw new GlanceError(413, `The limit has been exceeded on the number of allowed image tags. Attempted: ${draft.tags.length}, Maximum: ${TAG_QUOTA}`);
  }
  Object.assign(image, draft, { updatedAt: glanceTime(now) });
  return image;
}
