import 'server-only';
import { deleteImage, getImage } from '@/lib/openstack/image/images';
import { withSession } from '@/lib/server/api';
import { imageDetail } from '@/lib/images/lineage';
import { imageIdParams } from '@/lib/images/contract';

/** GET /api/images/{id}: the image, its lineage (instance, base image, snapshots made from
 * it) and whether the project may switch its properties. */
export const GET = withSession({ params: imageIdParams }, async ({ params, session, conn }) => {
  const image = await getImage(conn, params.id);
  return imageDetail(conn, image, session.project);
});

/** DELETE /api/images/{id}: 204. Glance decides who may (owner project) and refuses
 * protected images with 403; its message is passed on. */
export const DELETE = withSession({ params: imageIdParams }, async ({ params, conn }) => {
  await deleteImage(conn, params.id);
  return new Response(null, { status: 204 });
});
