import 'server-only';
import { listServers } from '@/lib/openstack/compute/servers';
import { withSession } from '@/lib/server/api';
import { bootImageIds, toInstanceRow } from '@/lib/instances/instance-view';
import { flavorsIfNeeded, imagesByIds } from '@/lib/instances/lookups';
import { listInstancesQuery } from '@/lib/instances/contract';

/** One page of the project's instances: one Nova list, one Glance lookup of that page's
 * boot images, flavors only before 2.47 (cached per session). */
export const GET = withSession({ query: listInstancesQuery }, async ({ query, conn }) => {
  const page = await listServers(conn, {
    limit: query.limit,
    marker: query.marker,
    name: query.name,
    status: query.status,
    sortKey: query.sort === 'name' ? 'display_name' : 'created_at',
    sortDir: query.dir,
  });
  const [images, flavors] = await Promise.all([imagesByIds(conn, bootImageIds(page.servers)), flavorsIfNeeded(conn)]);
  return {
    servers: page.servers.map((s) => toInstanceRow(s, s.imageId ? (images.get(s.imageId) ?? null) : null, flavors)),
    nextMarker: page.nextMarker,
  };
});
