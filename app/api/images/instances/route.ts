import 'server-only';
import { withSession } from '@/lib/server/api';
import { instanceRefs } from '@/lib/images/lineage';
import { instanceIdsQuery } from '@/lib/images/contract';
import type { InstanceNamesResponse } from '@/lib/images/contract';

/** GET /api/images/instances?ids=a,b: names of the instances snapshots came from (one Nova
 * call each, ≤ 25), or that they are gone. Asked apart from the list so that the list's
 * 2-second refresh never repeats these calls. */
export const GET = withSession({ query: instanceIdsQuery }, async ({ query, conn }): Promise<InstanceNamesResponse> => ({
  instances: await instanceRefs(conn, query.ids),
}));
