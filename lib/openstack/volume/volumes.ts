// Cinder v3 volumes: list (detail), show, create (empty, from an image, from a snapshot),
// delete, and the bootable flag. Wire shapes stay in this file; the app gets `Volume`.
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { linkSchema, listAllPages, markerOf, nextHrefOf } from '../pagination';
import { isWellFormedText, NOT_WELL_FORMED_TEXT } from '../text';
import { cinderTimeToIso, requireVolumeService } from './common';

// ---------------------------------------------------------------- URL builders

const enc = encodeURIComponent;
export const volumeUrls = {
  list: () => '/volumes/detail',
  create: () => '/volumes',
  one: (id: string) => `/volumes/${enc(id)}`,
  action: (id: string) => `/volumes/${enc(id)}/action`,
};

// ---------------------------------------------------------------- vocabulary

/** api-ref "Volume statuses" (cinder 21, volumes-v3-volumes.inc). */
export const VOLUME_STATUSES = [
  'creating', 'available', 'reserved', 'attaching', 'detaching', 'in-use', 'maintenance', 'deleting',
  'awaiting-transfer', 'error', 'error_deleting', 'backing-up', 'restoring-backup', 'error_backing-up',
  'error_restoring', 'error_extending', 'downloading', 'uploading', 'retyping', 'extending',
] as const;
export type VolumeStatus = (typeof VOLUME_STATUSES)[number];

// ---------------------------------------------------------------- wire schema

const wireVolumeAttachmentSchema = z.looseObject({
  // `id` is the volume's id (kept from v1); the attachment's own id is `attachment_id`.
  attachment_id: z.string(),
  volume_id: z.string(),
  server_id: z.string().nullable().optional(),
  device: z.string().nullable().optional(),
  attached_at: z.string().nullable().optional(),
});

/** A volume of /volumes/detail or GET /volumes/{id}, tolerant of microversions: volume_type_id
 * from 3.63, consumes_quota from 3.65, group_id from 3.13, shared_targets from 3.48. */
export const wireVolumeSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  size: z.number().int(),
  availability_zone: z.string().nullable().optional(),
  created_at: z.string(),
  updated_at: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  volume_type: z.string().nullable().optional(),
  volume_type_id: z.string().nullable().optional(),
  snapshot_id: z.string().nullable().optional(),
  source_volid: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  user_id: z.string().nullable().optional(),
  // A string, "true" or "false" (str(bool).lower() in the view).
  bootable: z.string(),
  encrypted: z.boolean().optional(),
  multiattach: z.boolean().nullable().optional(),
  attachments: z.array(wireVolumeAttachmentSchema),
  'os-vol-tenant-attr:tenant_id': z.string().optional(),
  // volume_glance_metadata: what Cinder kept of the image it was made from (strings, as
  // Cinder stores them); only with the volume_image_metadata:show policy (members have it).
  volume_image_metadata: z.record(z.string(), z.unknown()).optional(),
});
export type WireVolume = z.infer<typeof wireVolumeSchema>;

// ---------------------------------------------------------------- app type

export interface VolumeAttachmentRef {
  attachmentId: string;
  serverId: string | null;
  device: string | null;
  attachedAt: string | null;
}

export interface Volume {
  id: string;
  name: string | null;
  description: string | null;
  status: string;
  /** GiB */
  size: number;
  availabilityZone: string | null;
  createdAt: string;
  updatedAt: string | null;
  volumeType: string | null;
  bootable: boolean;
  encrypted: boolean;
  multiattach: boolean;
  /** The Cinder snapshot or volume it was made from. */
  sourceSnapshotId: string | null;
  sourceVolumeId: string | null;
  metadata: Record<string, string>;
  /** The image it was made from (image_id, image_name, min_disk, … as strings), or null. */
  imageMetadata: Record<string, string> | null;
  attachments: VolumeAttachmentRef[];
  projectId: string | null;
  userId: string | null;
}

export function reshapeVolume(w: WireVolume): Volume {
  const imageMeta = w.volume_image_metadata;
  return {
    id: w.id,
    name: w.name ?? null,
    description: w.description ?? null,
    status: w.status,
    size: w.size,
    availabilityZone: w.availability_zone ?? null,
    createdAt: cinderTimeToIso(w.created_at) ?? w.created_at,
    updatedAt: cinderTimeToIso(w.updated_at),
    volumeType: w.volume_type ?? null,
    bootable: w.bootable.toLowerCase() === 'true',
    encrypted: w.encrypted ?? false,
    multiattach: w.multiattach ?? false,
    sourceSnapshotId: w.snapshot_id ?? null,
    sourceVolumeId: w.source_volid ?? null,
    metadata: w.metadata ?? {},
    imageMetadata: imageMeta ? Object.fromEntries(Object.entries(imageMeta).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) : null,
    attachments: w.attachments.map((a) => ({
      attachmentId: a.attachment_id,
      serverId: a.server_id ?? null,
      device: a.device ?? null,
      attachedAt: cinderTimeToIso(a.attached_at),
    })),
    projectId: w['os-vol-tenant-attr:tenant_id'] ?? null,
    userId: w.user_id ?? null,
  };
}

// ---------------------------------------------------------------- option schemas

const text255 = z.string().max(255).refine(isWellFormedText, NOT_WELL_FORMED_TEXT);

export const listVolumesOptsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  marker: z.string().min(1).max(64).optional(),
  /** Exact name (Cinder's `name` filter; `name~` would be LIKE, from 3.34). */
  name: text255.min(1).optional(),
  status: z.enum(VOLUME_STATUSES).optional(),
  bootable: z.boolean().optional(),
  sortKey: z.enum(['created_at', 'name', 'size', 'status', 'updated_at']).default('created_at'),
  sortDir: z.enum(['asc', 'desc']).default('desc'),
});
export type ListVolumesOpts = z.input<typeof listVolumesOptsSchema>;

/** Cinder's volume size limit is the quota (1000 GiB by default); 16 TiB bounds a typo. */
export const volumeSizeSchema = z.coerce.number().int().min(1).max(16_384);

export const createVolumeOptsSchema = z.object({
  /** GiB; may be left out with `snapshotId` (the snapshot's size is taken). */
  size: volumeSizeSchema.optional(),
  name: text255.optional(),
  description: text255.optional(),
  /** A Glance image: the volume gets its data and is bootable. */
  imageRef: z.guid().optional(),
  /** A Cinder snapshot: the volume gets its data (and its bootable flag). */
  snapshotId: z.guid().optional(),
  volumeType: text255.min(1).optional(),
  availabilityZone: text255.min(1).optional(),
  metadata: z.record(text255.min(1), text255).optional(),
}).refine((o) => o.size !== undefined || o.snapshotId !== undefined, { message: 'size is needed unless the volume comes from a snapshot', path: ['size'] })
  .refine((o) => !(o.imageRef && o.snapshotId), { message: 'an image or a snapshot, not both', path: ['snapshotId'] });
export type CreateVolumeOpts = z.input<typeof createVolumeOptsSchema>;

// ---------------------------------------------------------------- calls

const volumesPageSchema = z.looseObject({
  volumes: z.array(wireVolumeSchema),
  volumes_links: z.array(linkSchema).optional(),
});
const oneVolumeSchema = z.looseObject({ volume: wireVolumeSchema });

function volumesQuery(o: z.output<typeof listVolumesOptsSchema>) {
  return {
    limit: o.limit, marker: o.marker, name: o.name, status: o.status,
    bootable: o.bootable === undefined ? undefined : String(o.bootable), sort: `${o.sortKey}:${o.sortDir}`,
  };
}

/** One page of /volumes/detail (the project's volumes). */
export async function listVolumes(conn: Connection, opts: ListVolumesOpts = {}): Promise<{ volumes: Volume[]; nextMarker: string | null }> {
  requireVolumeService(conn);
  const reply = await request(conn, {
    service: 'volume', method: 'GET', path: volumeUrls.list(), query: volumesQuery(listVolumesOptsSchema.parse(opts)),
    ok: [200], parse: volumesPageSchema,
  });
  const volumes = reply.data.volumes.map(reshapeVolume);
  const next = nextHrefOf(reply.data.volumes_links);
  return { volumes, nextMarker: next === null ? null : (markerOf(next) ?? volumes.at(-1)?.id ?? null) };
}

/** Every page of /volumes/detail, following Cinder's volumes_links (rebased, capped). */
export async function listAllVolumes(conn: Connection, opts: Omit<ListVolumesOpts, 'marker'> = {}, maxPages?: number): Promise<Volume[]> {
  requireVolumeService(conn);
  return listAllPages(conn, {
    service: 'volume', path: volumeUrls.list(), query: volumesQuery(listVolumesOptsSchema.parse({ limit: 1000, ...opts })),
    parse: volumesPageSchema, items: (d) => d.volumes.map(reshapeVolume), next: (d) => nextHrefOf(d.volumes_links), maxPages,
  });
}

export async function getVolume(conn: Connection, id: string): Promise<Volume> {
  requireVolumeService(conn);
  const reply = await request(conn, { service: 'volume', method: 'GET', path: volumeUrls.one(id), ok: [200], parse: oneVolumeSchema });
  return reshapeVolume(reply.data.volume);
}

/** Creates a volume (202, status creating); from an image it becomes bootable by itself. */
export async function createVolume(conn: Connection, opts: CreateVolumeOpts): Promise<Volume> {
  requireVolumeService(conn);
  const o = createVolumeOptsSchema.parse(opts);
  const volume: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) volume[key] = value;
  };
  set('size', o.size);
  set('name', o.name);
  set('description', o.description);
  set('imageRef', o.imageRef);
  set('snapshot_id', o.snapshotId);
  set('volume_type', o.volumeType);
  set('availability_zone', o.availabilityZone);
  set('metadata', o.metadata);
  const reply = await request(conn, {
    service: 'volume', method: 'POST', path: volumeUrls.create(), json: { volume }, ok: [202], parse: oneVolumeSchema,
  });
  return reshapeVolume(reply.data.volume);
}

/** Deletes a volume (202, status deleting). Cinder refuses (400) a volume that is attached
 * or has snapshots, unless `cascade` (then its snapshots go first). */
export async function deleteVolume(conn: Connection, id: string, opts: { cascade?: boolean } = {}): Promise<void> {
  requireVolumeService(conn);
  await request(conn, {
    service: 'volume', method: 'DELETE', path: volumeUrls.one(id), query: { cascade: opts.cascade ? 'true' : undefined }, ok: [202], parse: 'none',
  });
}

/** os-set_bootable (200, no body): Nova boots only from a bootable volume. */
export async function setVolumeBootable(conn: Connection, id: string, bootable: boolean): Promise<void> {
  requireVolumeService(conn);
  await request(conn, {
    service: 'volume', method: 'POST', path: volumeUrls.action(id), json: { 'os-set_bootable': { bootable: z.boolean().parse(bootable) } },
    ok: [200], parse: 'none',
  });
}
