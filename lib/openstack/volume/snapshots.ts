// Cinder v3 volume snapshots: list (detail, by volume), show, create, delete. The snapshot of
// a volume-backed instance is one of these (named "snapshot for <image name>" by Nova).
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { linkSchema, listAllPages, markerOf, nextHrefOf } from '../pagination';
import { isWellFormedText, NOT_WELL_FORMED_TEXT } from '../text';
import { cinderTimeToIso, requireVolumeService } from './common';

const enc = encodeURIComponent;
export const snapshotUrls = {
  list: () => '/snapshots/detail',
  create: () => '/snapshots',
  one: (id: string) => `/snapshots/${enc(id)}`,
};

/** cinder/objects/fields.py SnapshotStatus (21.x). */
export const SNAPSHOT_STATUSES = [
  'error', 'available', 'creating', 'deleting', 'deleted', 'updating', 'error_deleting', 'unmanaging', 'backing-up',
  'restoring',
] as const;
export type SnapshotStatus = (typeof SNAPSHOT_STATUSES)[number];

/** user_id from 3.41, group_snapshot_id from 3.14, consumes_quota from 3.65; the
 * os-extended-snapshot-attributes keys with the (member-allowed) extension policy. */
export const wireSnapshotSchema = z.looseObject({
  id: z.string(),
  created_at: z.string(),
  updated_at: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  volume_id: z.string(),
  status: z.string(),
  size: z.number().int(),
  metadata: z.record(z.string(), z.string()).optional(),
  user_id: z.string().nullable().optional(),
  'os-extended-snapshot-attributes:project_id': z.string().optional(),
  'os-extended-snapshot-attributes:progress': z.string().nullable().optional(),
});
export type WireSnapshot = z.infer<typeof wireSnapshotSchema>;

export interface VolumeSnapshot {
  id: string;
  name: string | null;
  description: string | null;
  /** The volume it was taken of. */
  volumeId: string;
  status: string;
  /** GiB, the volume's size when it was taken. */
  size: number;
  createdAt: string;
  updatedAt: string | null;
  /** "100%" once available; null when Cinder does not say. */
  progress: string | null;
  projectId: string | null;
  userId: string | null;
  metadata: Record<string, string>;
}

export function reshapeSnapshot(w: WireSnapshot): VolumeSnapshot {
  return {
    id: w.id,
    name: w.name ?? null,
    description: w.description ?? null,
    volumeId: w.volume_id,
    status: w.status,
    size: w.size,
    createdAt: cinderTimeToIso(w.created_at) ?? w.created_at,
    updatedAt: cinderTimeToIso(w.updated_at),
    progress: w['os-extended-snapshot-attributes:progress'] ?? null,
    projectId: w['os-extended-snapshot-attributes:project_id'] ?? null,
    userId: w.user_id ?? null,
    metadata: w.metadata ?? {},
  };
}

const text255 = z.string().max(255).refine(isWellFormedText, NOT_WELL_FORMED_TEXT);

export const listSnapshotsOptsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  marker: z.string().min(1).max(64).optional(),
  /** Only the snapshots of this volume. */
  volumeId: z.guid().optional(),
  status: z.enum(SNAPSHOT_STATUSES).optional(),
  name: text255.min(1).optional(),
  sortKey: z.enum(['created_at', 'name', 'size', 'status', 'updated_at']).default('created_at'),
  sortDir: z.enum(['asc', 'desc']).default('desc'),
});
export type ListSnapshotsOpts = z.input<typeof listSnapshotsOptsSchema>;

export const createSnapshotOptsSchema = z.object({
  volumeId: z.guid(),
  name: text255.optional(),
  description: text255.optional(),
  /** Snapshot an in-use volume (needed before 3.66; Nova always forces). */
  force: z.boolean().optional(),
  metadata: z.record(text255.min(1), text255).optional(),
});
export type CreateSnapshotOpts = z.input<typeof createSnapshotOptsSchema>;

const snapshotsPageSchema = z.looseObject({
  snapshots: z.array(wireSnapshotSchema),
  snapshots_links: z.array(linkSchema).optional(),
});
const oneSnapshotSchema = z.looseObject({ snapshot: wireSnapshotSchema });

function snapshotsQuery(o: z.output<typeof listSnapshotsOptsSchema>) {
  return { limit: o.limit, marker: o.marker, volume_id: o.volumeId, status: o.status, name: o.name, sort: `${o.sortKey}:${o.sortDir}` };
}

export async function listSnapshots(conn: Connection, opts: ListSnapshotsOpts = {}): Promise<{ snapshots: VolumeSnapshot[]; nextMarker: string | null }> {
  requireVolumeService(conn);
  const reply = await request(conn, {
    service: 'volume', method: 'GET', path: snapshotUrls.list(), query: snapshotsQuery(listSnapshotsOptsSchema.parse(opts)),
    ok: [200], parse: snapshotsPageSchema,
  });
  const snapshots = reply.data.snapshots.map(reshapeSnapshot);
  const next = nextHrefOf(reply.data.snapshots_links);
  return { snapshots, nextMarker: next === null ? null : (markerOf(next) ?? snapshots.at(-1)?.id ?? null) };
}

export async function listAllSnapshots(conn: Connection, opts: Omit<ListSnapshotsOpts, 'marker'> = {}, maxPages?: number): Promise<VolumeSnapshot[]> {
  requireVolumeService(conn);
  return listAllPages(conn, {
    service: 'volume', path: snapshotUrls.list(), query: snapshotsQuery(listSnapshotsOptsSchema.parse({ limit: 1000, ...opts })),
    parse: snapshotsPageSchema, items: (d) => d.snapshots.map(reshapeSnapshot), next: (d) => nextHrefOf(d.snapshots_links), maxPages,
  });
}

export async function getSnapshot(conn: Connection, id: string): Promise<VolumeSnapshot> {
  requireVolumeService(conn);
  const reply = await request(conn, { service: 'volume', method: 'GET', path: snapshotUrls.one(id), ok: [200], parse: oneSnapshotSchema });
  return reshapeSnapshot(reply.data.snapshot);
}

/** Takes a snapshot of a volume (202, status creating). */
export async function createSnapshot(conn: Connection, opts: CreateSnapshotOpts): Promise<VolumeSnapshot> {
  requireVolumeService(conn);
  const o = createSnapshotOptsSchema.parse(opts);
  const snapshot: Record<string, unknown> = { volume_id: o.volumeId };
  if (o.name !== undefined) snapshot.name = o.name;
  if (o.description !== undefined) snapshot.description = o.description;
  if (o.force !== undefined) snapshot.force = o.force;
  if (o.metadata !== undefined) snapshot.metadata = o.metadata;
  const reply = await request(conn, {
    service: 'volume', method: 'POST', path: snapshotUrls.create(), json: { snapshot }, ok: [202], parse: oneSnapshotSchema,
  });
  return reshapeSnapshot(reply.data.snapshot);
}

/** Deletes a snapshot (202, status deleting). Cinder refuses (400) one that is neither
 * available nor in error; the driver may still fail it later (status error_deleting). */
export async function deleteSnapshot(conn: Connection, id: string): Promise<void> {
  requireVolumeService(conn);
  await request(conn, { service: 'volume', method: 'DELETE', path: snapshotUrls.one(id), ok: [202], parse: 'none' });
}
