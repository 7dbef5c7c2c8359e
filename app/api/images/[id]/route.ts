import 'server-only';
import { getImage } from '@/lib/openstack/image/images';
import { deleteImageAsOne } from '@/lib/images/volume-snapshots';
import type { BatchItemResult } from '@/lib/images/contract';
import { withSession } from '@/lib/server/api';
import { imageDetail } from '@/lib/images/lineage';
import { imageIdParams } from '@/lib/images/contract';

/** GET /api/images/{id}: the image, its lineage (instance, base image, snapshots made from
 * it) and whether the project may switch its properties. */
export const GET = withSession({ params: imageIdParams }, async ({ params, session, conn }) => {
  const image = await getImage(conn, params.id);
  return imageDetail(conn, image, session.project);
});

/** DELETE /api/images/{id}: 200 with what was deleted — a volume-backed snapshot goes with
 * its Cinder snapshots, each with its outcome (lib/images/volume-snapshots.ts). Glance decides
 * who may (owner project) and refuses protected images with 403; its message is passed on,
 * and then nothing at all is deleted. */
export const DELETE = withSession({ params: imageIdParams }, async ({ params, conn }): Promise<BatchItemResult> => {
  return { id: params.id, ok: true, ...(await deleteImageAsOne(conn, params.id)) };
});
