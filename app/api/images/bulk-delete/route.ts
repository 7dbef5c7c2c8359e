import 'server-only';
import { deleteImageAsOne } from '@/lib/images/volume-snapshots';
import { withSession } from '@/lib/server/api';
import { runEach } from '@/lib/images/batch';
import { bulkDeleteSchema } from '@/lib/images/contract';
import type { BatchResponse } from '@/lib/images/contract';

/** POST /api/images/bulk-delete, body {ids: uuid[] (1–100)}: deletes each image on its own,
 * as DELETE /api/images/{id} does (a volume-backed snapshot with its Cinder snapshots);
 * Glance refuses protected ones and other projects' with 403. 200 with one result per id. */
export const POST = withSession({ body: bulkDeleteSchema }, async ({ body, conn }): Promise<BatchResponse> => {
  const results = await runEach(body.ids.map((id) => ({ id, name: '' })), ({ id }) => deleteImageAsOne(conn, id));
  return { results, skipped: 0 };
});
