// The Instances list's page and one instance, as GET /api/servers and GET /api/servers/{id}
// answer them and as the pages render them on the server: the same functions behind both,
// so the first HTML and every later refresh show the same thing.
import 'server-only';
import type { Connection } from '@/lib/openstack/client';
import { getServer, listServers } from '@/lib/openstack/compute/servers';
import type { ListInstancesQuery } from './contract';
import { bootImageIds, rootVolumeOf, toInstanceDetail, toInstanceRow, type InstanceDetail, type ServersPage } from './instance-view';
import { attachedVolumes, flavorsIfNeeded, imageOrNull, imagesByIds, volumesOfVolumeBacked } from './lookups';

/** One Nova list, one Glance lookup of that page's boot images, one Cinder list when the page
 * has volume-backed instances, flavors only before 2.47 (cached per session): the number of
 * upstream calls never depends on the cloud's size. */
export async function loadServersPage(conn: Connection, query: ListInstancesQuery): Promise<ServersPage> {
  const page = await listServers(conn, {
    limit: query.limit,
    marker: query.marker,
    name: query.name,
    status: query.status,
    sortKey: query.sort === 'name' ? 'display_name' : 'created_at',
    sortDir: query.dir,
  });
  const [images, flavors, volumes] = await Promise.all([imagesByIds(conn, bootImageIds(page.servers)), flavorsIfNeeded(conn), volumesOfVolumeBacked(conn, page.servers)]);
  return {
    servers: page.servers.map((s) => toInstanceRow(s, s.imageId ? (images.get(s.imageId) ?? null) : null, flavors, rootVolumeOf(s, volumes))),
    nextMarker: page.nextMarker,
  };
}

/** One instance with its boot image (Glance, one call) for the consistency explanation, and
 * its volumes (Cinder, one call each). */
export async function loadInstanceDetail(conn: Connection, id: string): Promise<{ server: InstanceDetail }> {
  const server = await getServer(conn, id);
  const [image, flavors, volumes] = await Promise.all([server.imageId ? imageOrNull(conn, server.imageId) : null, flavorsIfNeeded(conn), attachedVolumes(conn, server)]);
  return { server: toInstanceDetail(server, image, flavors, volumes) };
}
