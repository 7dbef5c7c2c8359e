import 'server-only';
import { withSession } from '@/lib/server/api';
import { runEach } from '@/lib/images/batch';
import type { BatchResponse } from '@/lib/images/contract';
import { FLAG_WORDS, bulkFlagBodySchema } from '@/lib/sharing/contract';
import { setFlag } from '@/lib/sharing/sharing';

/** POST /api/images/bulk-flag {ids, flag, value}: the same flag on each image, each on its
 * own (another project's image fails alone); 200 with one result per id. */
export const POST = withSession({ body: bulkFlagBodySchema }, async ({ body, conn }): Promise<BatchResponse> => {
  const words = FLAG_WORDS[body.flag];
  const results = await runEach(body.ids.map((id) => ({ id, name: '' })), async ({ id }) => {
    const image = await setFlag(conn, id, body.flag, body.value, false);
    return { name: image.name ?? '', message: body.value ? words.on : words.off };
  });
  return { results, skipped: 0 };
});
