import 'server-only';
import { backupInputSchema, serverIdParamsSchema } from '@/lib/snapshots/backup-input';
import { createBackup } from '@/lib/openstack/compute/servers';
import { withSession } from '@/lib/server/api';

/** POST /api/servers/<id>/backup: one createBackup (never retried). Nova answers 202 and
 * deletes this instance's oldest backups of the same type beyond `rotation` once it is done. */
export const POST = withSession({ params: serverIdParamsSchema, body: backupInputSchema }, async ({ params, body, conn }) => {
  const { imageId } = await createBackup(conn, params.id, { name: body.name, backupType: body.backupType, rotation: body.rotation });
  return Response.json({ imageId }, { status: 202, headers: { 'Cache-Control': 'no-store' } });
});
