import 'server-only';
import { getServer } from '@/lib/openstack/compute/servers';
import { OpenStackError } from '@/lib/openstack/errors';
import { apiError, withSession } from '@/lib/server/api';
import { imageOrNull } from '@/lib/instances/lookups';
import { snapshotProgressParams } from '@/lib/snapshots/contract';
import { volumeBackedSnapshotOf } from '@/lib/openstack/image/volume-backed';
import { volumeSnapshotRefs } from '@/lib/images/volume-snapshots';

/** A snapshot's progress: the server's task state (Nova) and the image's status (Glance),
 * one call each; for a volume-backed snapshot, its Cinder snapshots' statuses too (one call
 * each, `cinder`). `image: null` means Glance no longer has it (Nova deletes the image of a
 * failed snapshot); `server: null` that the instance is gone. */
export const GET = withSession({ params: snapshotProgressParams }, async ({ params, conn }) => {
  const [server, image] = await Promise.all([
    getServer(conn, params.id).catch((err: unknown) => {
      if (err instanceof OpenStackError && err.is(404)) return null;
      throw err;
    }),
    imageOrNull(conn, params.imageId),
  ]);
  if (image && image.properties.instance_uuid !== params.id) {
    return apiError(404, 'This image is not a snapshot or backup of this instance.');
  }
  const backed = image ? volumeBackedSnapshotOf(image) : null;
  const cinder = backed && conn.endpoints.volume
    ? (await volumeSnapshotRefs(conn, backed, { volumeNames: false })).filter((r) => r.status !== null).map((r) => ({ id: r.id, status: r.status! }))
    : null;
  return {
    server: server ? { status: server.status, taskState: server.taskState, fault: server.fault ? { message: server.fault.message } : null } : null,
    image: image ? { id: image.id, name: image.name, status: image.status, size: image.size } : null,
    cinder,
  };
});
