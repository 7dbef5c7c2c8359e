// Glance v2 images: list (with custom-property filters), show, JSON-patch update, delete,
// create, data upload and streamed download. Custom properties are top-level string keys
// on the wire; the app's `Image` gathers them in `properties`.
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { listAllPages, markerOf } from '../pagination';
import { JSON_PATCH_CONTENT_TYPE, jsonPatchSchema, type JsonPatchOp } from './json-patch';
import { IMAGE_STATUSES, IMAGE_VISIBILITIES } from './image-states';

// ---------------------------------------------------------------- URL builders

const enc = encodeURIComponent;
export const imageUrls = {
  list: () => '/images',
  one: (id: string) => `/images/${enc(id)}`,
  file: (id: string) => `/images/${enc(id)}/file`,
};

// ---------------------------------------------------------------- wire schema

/** Glance's base properties (`is_base` not false in GET /v2/schemas/image); every other
 * key of an image is a custom property. */
export const BASE_IMAGE_KEYS = new Set([
  'checksum', 'container_format', 'created_at', 'direct_url', 'disk_format', 'file', 'id', 'locations', 'min_disk',
  'min_ram', 'name', 'os_hash_algo', 'os_hash_value', 'os_hidden', 'owner', 'protected', 'schema', 'self', 'size',
  'status', 'stores', 'tags', 'updated_at', 'virtual_size', 'visibility',
]);

export const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'] as const;
export const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'] as const;

/** Tolerant: unknown statuses and formats pass as strings; custom keys pass through. */
export const wireImageSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullable().optional(),
  status: z.string(),
  visibility: z.string(),
  owner: z.string().nullable().optional(),
  protected: z.boolean(),
  os_hidden: z.boolean().optional(), // Rocky (v2.7) and later
  disk_format: z.string().nullable().optional(),
  container_format: z.string().nullable().optional(),
  min_disk: z.number().int().optional(),
  min_ram: z.number().int().optional(),
  size: z.number().int().nullable().optional(),
  virtual_size: z.number().int().nullable().optional(),
  checksum: z.string().nullable().optional(),
  os_hash_algo: z.string().nullable().optional(), // Rocky and later
  os_hash_value: z.string().nullable().optional(),
  created_at: z.string(),
  updated_at: z.string(),
  tags: z.array(z.string()).optional(),
});
export type WireImage = z.infer<typeof wireImageSchema>;

export interface Image {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  owner: string | null;
  protected: boolean;
  hidden: boolean;
  diskFormat: string | null;
  containerFormat: string | null;
  minDisk: number;
  minRam: number;
  /** null until data is uploaded (a queued snapshot). */
  size: number | null;
  virtualSize: number | null;
  checksum: string | null;
  hashAlgo: string | null;
  hashValue: string | null;
  createdAt: string;
  updatedAt: string;
  tags: string[];
  /** Every custom (non-base) property: image_type, instance_uuid, hw_qemu_guest_agent, … */
  properties: Record<string, string>;
}

export function reshapeImage(w: WireImage): Image {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(w)) {
    if (!BASE_IMAGE_KEYS.has(key) && typeof value === 'string') properties[key] = value;
  }
  return {
    id: w.id,
    name: w.name ?? null,
    status: w.status,
    visibility: w.visibility,
    owner: w.owner ?? null,
    protected: w.protected,
    hidden: w.os_hidden ?? false,
    diskFormat: w.disk_format ?? null,
    containerFormat: w.container_format ?? null,
    minDisk: w.min_disk ?? 0,
    minRam: w.min_ram ?? 0,
    size: w.size ?? null,
    virtualSize: w.virtual_size ?? null,
    checksum: w.checksum ?? null,
    hashAlgo: w.os_hash_algo ?? null,
    hashValue: w.os_hash_value ?? null,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    tags: w.tags ?? [],
    properties,
  };
}

// ---------------------------------------------------------------- option schemas

/** Query parameters Glance's list consumes itself: a custom-property filter may not use them. */
export const RESERVED_IMAGE_QUERY_KEYS = new Set([
  ...BASE_IMAGE_KEYS, 'limit', 'marker', 'sort', 'sort_key', 'sort_dir', 'member_status', 'tag', 'size_min', 'size_max',
  'changes-since',
]);

const propertyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .refine((k) => !RESERVED_IMAGE_QUERY_KEYS.has(k), { message: 'is a reserved Glance parameter, not a custom property' });

const booleanParam = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

const idListSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v),
  z.array(z.guid()).min(1).max(100),
);

export const listImagesOptsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  marker: z.string().min(1).max(64).optional(),
  sortKey: z.enum(['name', 'created_at', 'size', 'status', 'updated_at']).default('created_at'),
  sortDir: z.enum(['asc', 'desc']).default('desc'),
  /** Exact name (Glance does not search by substring). */
  name: z.string().min(1).max(255).optional(),
  status: z.enum(IMAGE_STATUSES).optional(),
  visibility: z.enum([...IMAGE_VISIBILITIES, 'all']).optional(),
  owner: z.string().min(1).max(64).optional(),
  /** Sent as `id=in:a,b,c`. */
  ids: idListSchema.optional(),
  /** Custom-property filters, sent as plain parameters (`image_type=snapshot`). */
  properties: z.record(propertyKeySchema, z.string().min(1).max(255)).optional(),
  hidden: booleanParam.optional(),
  /** Which shared images a member sees (Glance's default: accepted only). */
  memberStatus: z.enum(['pending', 'accepted', 'rejected', 'all']).optional(),
});
export type ListImagesOpts = z.input<typeof listImagesOptsSchema>;

export const createImageOptsSchema = z.object({
  id: z.guid().optional(),
  name: z.string().min(1).max(255),
  diskFormat: z.enum(DISK_FORMATS).optional(),
  containerFormat: z.enum(CONTAINER_FORMATS).optional(),
  visibility: z.enum(IMAGE_VISIBILITIES).optional(),
  protected: z.boolean().optional(),
  minDisk: z.number().int().min(0).optional(),
  minRam: z.number().int().min(0).optional(),
  tags: z.array(z.string().min(1).max(255)).max(128).optional(),
  properties: z.record(propertyKeySchema, z.string().max(255)).optional(),
});
export type CreateGlanceImageOpts = z.input<typeof createImageOptsSchema>;

export const rangeHeaderSchema = z.string().regex(/^bytes=(\d+-\d*|-\d+)$/, 'a single byte range like bytes=0-1023');

// ---------------------------------------------------------------- calls

const imagesPageSchema = z.looseObject({
  images: z.array(wireImageSchema),
  // Relative to Glance's root ("/v2/images?…&marker=<id>"); absent on the last page.
  next: z.string().optional(),
});

/** Glance reads a name filter with a colon as `<operator>:<operand>` (split_filter_op:
 * `in:a,b` is a list, `x:y` an unknown operator, 400); `eq:` keeps such a name literal. */
const exactName = (name: string) => (name.includes(':') ? `eq:${name}` : name);

function imagesQuery(o: z.output<typeof listImagesOptsSchema>) {
  return {
    limit: o.limit, marker: o.marker, sort_key: o.sortKey, sort_dir: o.sortDir, name: o.name === undefined ? undefined : exactName(o.name), status: o.status,
    visibility: o.visibility, owner: o.owner, id: o.ids ? `in:${o.ids.join(',')}` : undefined, os_hidden: o.hidden, member_status: o.memberStatus,
    ...o.properties,
  };
}

/** One page of images; `nextMarker` comes from Glance's `next` link. */
export async function listImages(conn: Connection, opts: ListImagesOpts = {}): Promise<{ images: Image[]; nextMarker: string | null }> {
  const reply = await request(conn, {
    service: 'image', method: 'GET', path: imageUrls.list(), query: imagesQuery(listImagesOptsSchema.parse(opts)),
    ok: [200], parse: imagesPageSchema,
  });
  return { images: reply.data.images.map(reshapeImage), nextMarker: markerOf(reply.data.next) };
}

/** Every page of the list, following Glance's `next` links (rebased, capped). */
export async function listAllImages(conn: Connection, opts: Omit<ListImagesOpts, 'marker'> = {}, maxPages?: number): Promise<Image[]> {
  return listAllPages(conn, {
    service: 'image', path: imageUrls.list(), query: imagesQuery(listImagesOptsSchema.parse({ limit: 1000, ...opts })),
    parse: imagesPageSchema, items: (d) => d.images.map(reshapeImage), next: (d) => d.next ?? null, maxPages,
  });
}

export async function getImage(conn: Connection, id: string): Promise<Image> {
  const reply = await request(conn, { service: 'image', method: 'GET', path: imageUrls.one(id), ok: [200], parse: wireImageSchema });
  return reshapeImage(reply.data);
}

/** Applies a JSON patch; an empty patch sends nothing and returns the image as it is. */
export async function updateImage(conn: Connection, id: string, ops: readonly JsonPatchOp[]): Promise<Image> {
  const patch = jsonPatchSchema.parse(ops);
  if (patch.length === 0) return getImage(conn, id);
  const reply = await request(conn, {
    service: 'image', method: 'PATCH', path: imageUrls.one(id), json: patch,
    // Glance answers 415 to application/json here.
    headers: { 'Content-Type': JSON_PATCH_CONTENT_TYPE }, ok: [200], parse: wireImageSchema,
  });
  return reshapeImage(reply.data);
}

export async function deleteImage(conn: Connection, id: string): Promise<void> {
  await request(conn, { service: 'image', method: 'DELETE', path: imageUrls.one(id), ok: [204], parse: 'none' });
}

/** A new image record (status queued); used by tests and templates. */
export async function createImage(conn: Connection, opts: CreateGlanceImageOpts): Promise<Image> {
  const o = createImageOptsSchema.parse(opts);
  const body: Record<string, unknown> = { ...o.properties };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) body[key] = value;
  };
  set('id', o.id);
  set('name', o.name);
  set('disk_format', o.diskFormat);
  set('container_format', o.containerFormat);
  set('visibility', o.visibility);
  set('protected', o.protected);
  set('min_disk', o.minDisk);
  set('min_ram', o.minRam);
  set('tags', o.tags);
  const reply = await request(conn, { service: 'image', method: 'POST', path: imageUrls.list(), json: body, ok: [201], parse: wireImageSchema });
  return reshapeImage(reply.data);
}

/** Uploads image data (the image must be queued and have disk and container formats). */
export async function uploadImageData(
  conn: Connection,
  id: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  length?: number,
  /** A streamed upload lasts as long as its source: give it its own timeout and a way to stop. */
  opts: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
  if (length !== undefined) headers['Content-Length'] = String(length);
  await request(conn, {
    service: 'image', method: 'PUT', path: imageUrls.file(id), body, headers, ok: [204], parse: 'none',
    ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
}

export interface ImageDownload {
  /** 204: the image has no data. */
  status: 200 | 206 | 204;
  /** In ~1 MiB chunks (stream-fetch.ts) unless the connection injects its own fetch. */
  body: ReadableStream<Uint8Array> | null;
  contentLength: number | null;
  /** Glance's only hash header, present when the image has a checksum. */
  contentMd5: string | null;
  contentType: string | null;
  contentRange: string | null;
}

/**
 * Streams the image data: never buffered, and only the wait for the response headers is
 * under the timeout. `signal` stops the transfer (e.g. when the browser goes away).
 */
export async function downloadImage(conn: Connection, id: string, opts: { range?: string; signal?: AbortSignal } = {}): Promise<ImageDownload> {
  const headers: Record<string, string> = {};
  if (opts.range !== undefined) headers.Range = rangeHeaderSchema.parse(opts.range);
  const reply = await request(conn, {
    service: 'image', method: 'GET', path: imageUrls.file(id), headers, ok: [200, 206, 204], parse: 'stream',
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const length = reply.headers.get('content-length');
  let body = reply.data;
  if (reply.status === 204) {
    await body?.cancel();
    body = null;
  }
  return {
    status: reply.status as ImageDownload['status'],
    body,
    contentLength: length !== null && /^\d+$/.test(length) ? Number(length) : null,
    contentMd5: reply.headers.get('content-md5'),
    contentType: reply.headers.get('content-type'),
    contentRange: reply.headers.get('content-range'),
  };
}
