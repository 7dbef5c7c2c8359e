import 'server-only';
import { listImages } from '@/lib/openstack/image/images';
import { withSession } from '@/lib/server/api';
import { toSnapshotSummary } from '@/lib/snapshots/summary';
import { serverParams } from '@/lib/instances/contract';

const PAGE = 50;

/** Snapshots and backups of this instance: Glance filters image_type + instance_uuid (two
 * calls, newest first, one page each; the Images page has the rest). */
export const GET = withSession({ params: serverParams }, async ({ params, conn }) => {
  const list = (imageType: 'snapshot' | 'backup') =>
    listImages(conn, { limit: PAGE, sortKey: 'created_at', sortDir: 'desc', properties: { image_type: imageType, instance_uuid: params.id } });
  const [snapshots, backups] = await Promise.all([list('snapshot'), list('backup')]);
  return {
    snapshots: snapshots.images.map(toSnapshotSummary),
    backups: backups.images.map(toSnapshotSummary),
    moreSnapshots: snapshots.nextMarker !== null,
    moreBackups: backups.nextMarker !== null,
  };
});
