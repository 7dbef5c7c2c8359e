// POST /v2/images: glance's RequestDeserializer.create checks, the add_image policy and
// the domain ImageFactory's rules, in that order.
import { z } from 'zod';
import type { Caller } from './access';
import { GlanceError, fail, pyRepr } from './errors';
import { PROPERTY_QUOTA, RESERVED_NAMESPACE, TAG_QUOTA, parseJsonBody } from './patch';
import { schemaMessage, validateImageObject } from './schema';
import { baseImage } from '../state/seed';
import { newId, type Image } from '../state/state';

const DISALLOWED = ['direct_url', 'self', 'file', 'schema', 'stores'];
/** ImageFactory._readonly_properties; the os_hash_* pair is refused here too rather than
 * kept as a shadowed custom property as Glance would. */
const READ_ONLY = ['created_at', 'updated_at', 'status', 'checksum', 'os_hash_algo', 'os_hash_value', 'size', 'virtual_size'];
const RESERVED = ['location', 'deleted', 'deleted_at', 'locations'];
const BASE = ['checksum', 'created_at', 'container_format', 'disk_format', 'id', 'min_disk', 'min_ram', 'name', 'size', 'virtual_size', 'status', 'tags', 'owner', 'updated_at', 'visibility', 'protected', 'os_hidden'];
const DB_INT_MAX = 2 ** 31 - 1;

const bodySchema = z.record(z.string(), z.unknown());

/** The new image, not yet stored; throws GlanceError with Glance's status and wording. */
export function imageFromCreateBody(caller: Caller, bodyText: string, exists: (id: string) => boolean, now = new Date()): Image {
  const raw = parseJsonBody(bodyText);
  const parsed = bodySchema.safeParse(raw);
  if (!parsed.success || Array.isArray(raw)) {
    return fail(400, `Provided object does not match schema 'image': ${pyRepr(raw)} is not of type 'object'`);
  }
  const body = parsed.data;
  for (const key of DISALLOWED) if (Object.hasOwn(body, key)) fail(403, `Attribute '${key}' is read-only.`);
  const failure = validateImageObject(body);
  if (failure) fail(400, schemaMessage(failure));

  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (BASE.includes(key) || READ_ONLY.includes(key)) continue;
    if (key.length > 255) fail(400, 'Custom property should not be greater than 255 characters.');
    if (RESERVED.includes(key) || key.startsWith(RESERVED_NAMESPACE)) fail(403, `Attribute '${key}' is reserved.`);
    extra[key] = value as string; // the schema let only strings through
  }

  const owner = Object.hasOwn(body, 'owner') ? (body.owner as string | null) : caller.projectId;
  if (body.visibility === 'public' && !caller.isAdmin) fail(403, 'You are not authorized to complete publicize_image action.');
  if (!caller.isAdmin && (owner === null || owner !== caller.projectId)) fail(403, `You are not permitted to create images owned by '${owner ?? 'None'}'.`);
  for (const key of READ_ONLY) if (Object.hasOwn(body, key)) fail(403, `Attribute '${key}' is read-only.`);
  for (const key of ['min_disk', 'min_ram'] as const) {
    const n = body[key] as number | undefined;
    if (n !== undefined && n < 0) fail(400, `Invalid value '${n}' for parameter '${key}': Cannot be a negative value`);
    if (n !== undefined && n > DB_INT_MAX) fail(400, `'${key}' value out of range, must not exceed ${DB_INT_MAX}.`);
  }
  const tags = [...new Set((body.tags as string[] | undefined) ?? [])];
  const propertyCount = Object.keys(extra).length;
  if (propertyCount > PROPERTY_QUOTA) {
    throw new GlanceError(413, `The limit has been exceeded on the number of allowed image properties. Attempted: ${propertyCount}, Maximum: ${PROPERTY_QUOTA}`);
  }
  if (tags.length > TAG_QUOTA) {
    throw new GlanceError(413, `The limit has been exceeded on the number of allowed image tags. Attempted: ${tags.length}, Maximum: ${TAG_QUOTA}`);
  }
  const id = (body.id as string | undefined) ?? newId();
  if (exists(id)) fail(409, `Image ID ${id} already exists!`);
  return baseImage({
    id,
    name: (body.name as string | null | undefined) ?? null,
    owner,
    // Since Ocata an image created without visibility is 'shared'.
    visibility: (body.visibility as Image['visibility'] | undefined) ?? 'shared',
    protected: (body.protected as boolean | undefined) ?? false,
    osHidden: (body.os_hidden as boolean | undefined) ?? false,
    diskFormat: (body.disk_format as string | null | undefined) ?? null,
    containerFormat: (body.container_format as string | null | undefined) ?? null,
    minDisk: (body.min_disk as number | undefined) ?? 0,
    minRam: (body.min_ram as number | undefined) ?? 0,
    tags,
    properties: extra,
  }, null, now);
}
