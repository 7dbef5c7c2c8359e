// What a page of instances needs besides Nova's list: the boot images of that page only
// (Glance `id=in:`), and flavors only for clouds older than 2.47, once per session. The
// number of upstream calls never depends on how many images or flavors the cloud has.
import { createHash } from 'node:crypto';
import type { Connection } from '@/lib/openstack/client';
import { microversionAtLeast } from '@/lib/openstack/compute/version';
import { listFlavors, type Flavor } from '@/lib/openstack/compute/flavors';
import { getImage, listImages, type Image } from '@/lib/openstack/image/images';
import { OpenStackError } from '@/lib/openstack/errors';
import type { Server } from '@/lib/openstack/compute/servers';
import { getVolume, listVolumes, type Volume } from '@/lib/openstack/volume/volumes';

/** Looks up the given images in one Glance call (two when some are hidden, os_hidden=true,
 * which Glance leaves out unless asked). Images that are deleted or not visible are absent. */
export async function imagesByIds(conn: Connection, ids: readonly string[]): Promise<Map<string, Image>> {
  const found = new Map<string, Image>();
  if (ids.length === 0) return found;
  const first = await listImages(conn, { ids: [...ids], limit: ids.length, visibility: 'all' });
  for (const image of first.images) found.set(image.id, image);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const hidden = await listImages(conn, { ids: missing, limit: missing.length, visibility: 'all', hidden: true });
    for (const image of hidden.images) found.set(image.id, image);
  }
  return found;
}

/** One image, or null when Glance says 404 (deleted, or another project's private image). */
export async function imageOrNull(conn: Connection, id: string): Promise<Image | null> {
  try {
    return await getImage(conn, id);
  } catch (err) {
    if (err instanceof OpenStackError && err.is(404)) return null;
    throw err;
  }
}

const FLAVOR_TTL_MS = 15 * 60_000;
const MAX_SESSIONS = 200;
const flavorCache = new Map<string, { at: number; flavors: Map<string, Flavor> }>();

// Keyed by a hash of the token: a session's flavors, never its token, stay in memory.
const sessionKey = (conn: Connection) => createHash('sha256').update(`${conn.endpoints.compute}\n${conn.token}`).digest('hex');

/** Every flavor, once per session (15 min), for pages that need more than the server embeds. */
export async function flavorsOfSession(conn: Connection, now = Date.now()): Promise<Map<string, Flavor>> {
  const key = sessionKey(conn);
  const hit = flavorCache.get(key);
  if (hit && now - hit.at < FLAVOR_TTL_MS) return hit.flavors;
  const flavors = new Map((await listFlavors(conn)).map((f) => [f.id, f]));
  flavorCache.delete(key);
  // Insertion order is age order: drop the oldest sessions first.
  for (const k of flavorCache.keys()) {
    if (flavorCache.size < MAX_SESSIONS) break;
    flavorCache.delete(k);
  }
  flavorCache.set(key, { at: now, flavors });
  return flavors;
}

/** Flavors only where the server does not embed them (before compute 2.47). */
export async function flavorsIfNeeded(conn: Connection): Promise<Map<string, Flavor> | null> {
  return microversionAtLeast(conn.computeMicroversion, '2.47') ? null : flavorsOfSession(conn);
}

/** The most volumes one Cinder list returns (its osapi_max_limit default). */
const VOLUME_PAGE = 1000;

/** The volumes of the volume-backed servers of a page (booted from a volume: Nova shows
 * `image: ""`), in one Cinder list of the project's volumes, none when the page has no such
 * server. Block storage is extra to this page: a region without Cinder, or a Cinder that
 * fails, gives an empty map (the rows then say "Volume" without its name), not an error. */
export async function volumesOfVolumeBacked(conn: Connection, servers: readonly Pick<Server, 'imageId' | 'volumesAttached'>[]): Promise<Map<string, Volume>> {
  const found = new Map<string, Volume>();
  const wanted = new Set(servers.filter((s) => s.imageId === null).flatMap((s) => s.volumesAttached.map((v) => v.id)));
  if (wanted.size === 0 || !conn.endpoints.volume) return found;
  try {
    const page = await listVolumes(conn, { limit: VOLUME_PAGE });
    for (const v of page.volumes) if (wanted.has(v.id)) found.set(v.id, v);
  } catch (err) {
    if (err instanceof OpenStackError && err.is(401)) throw err;
    console.error('snapdeck: the volumes of volume-backed instances could not be listed', err instanceof Error ? err.message : err);
  }
  return found;
}

/** The volumes attached to one server (Cinder, one call each), in Nova's order; one that
 * cannot be read is left out. */
export async function attachedVolumes(conn: Connection, server: Pick<Server, 'volumesAttached'>): Promise<Volume[]> {
  if (!conn.endpoints.volume || server.volumesAttached.length === 0) return [];
  const read = await Promise.all(server.volumesAttached.map((a) => getVolume(conn, a.id).catch((err: unknown) => {
    if (err instanceof OpenStackError && err.is(401)) throw err;
    return null;
  })));
  return read.filter((v): v is Volume => v !== null);
}
