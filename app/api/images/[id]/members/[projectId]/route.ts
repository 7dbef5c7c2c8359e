import 'server-only';
import { withSession } from '@/lib/server/api';
import { memberParams } from '@/lib/sharing/contract';
import { unshareImage } from '@/lib/sharing/sharing';

/** DELETE /api/images/{id}/members/{projectId}: the owner stops sharing with a project. */
export const DELETE = withSession({ params: memberParams }, async ({ params, conn }) => {
  await unshareImage(conn, params.id, params.projectId);
  return { removed: params.projectId };
});
