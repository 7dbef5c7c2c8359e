import 'server-only';
import { getServer } from '@/lib/openstack/compute/servers';
import { withSession } from '@/lib/server/api';
import { toInstanceDetail } from '@/lib/instances/instance-view';
import { flavorsIfNeeded, imageOrNull } from '@/lib/instances/lookups';
import { serverParams } from '@/lib/instances/contract';

/** One instance with its boot image (Glance, one call) for the consistency explanation. */
export const GET = withSession({ params: serverParams }, async ({ params, conn }) => {
  const server = await getServer(conn, params.id);
  const [image, flavors] = await Promise.all([server.imageId ? imageOrNull(conn, server.imageId) : null, flavorsIfNeeded(conn)]);
  return { server: toInstanceDetail(server, image, flavors) };
});
