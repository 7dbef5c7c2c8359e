import 'server-only';
import { backupInputSchema, serverIdParamsSchema } from '@/lib/snapshots/contract';
import { createBackup } from '@/lib/openstack/compute/servers';
import { OpenStackError } from '@/lib/openstack/errors';
import { apiError, withSession } from '@/lib/server/api';
import { explainSnapshotRefusal } from '@/lib/snapshots/errors';
import { backupMetadataFor } from '@/lib/snapshots/create';

/** POST /api/servers/<id>/backup: one createBackup (never retried), its metadata recording how
 * it is taken (lib/snapshots/taken.ts). Nova answers 202 and
 * deletes this instance's oldest backups of the same type beyond `rotation` once it is done.
 * Its refusals are explained as a snapshot's are. */
export const POST = withSession({ params: serverIdParamsSchema, body: backupInputSchema }, async ({ params, body, conn }) => {
  try {
    const metadata = await backupMetadataFor(conn, params.id);
    const { imageId } = await createBackup(conn, params.id, { name: body.name, backupType: body.backupType, rotation: body.rotation, metadata });
    return Response.json({ imageId }, { status: 202, headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    const explained = err instanceof OpenStackError && err.kind === 'http' ? explainSnapshotRefusal(err, 'backup') : null;
    if (explained && err instanceof OpenStackError) {
      // Nova's own sentence goes along where the explanation does not quote it.
      const detail = explained.message.includes(err.safeMessage) ? undefined : err.safeMessage;
      return apiError(explained.status, explained.message, err.requestId, undefined, detail);
    }
    throw err;
  }
});
