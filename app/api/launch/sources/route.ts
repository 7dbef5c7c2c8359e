import 'server-only';
import { z } from 'zod';
import { hasBlockStorage, launchSource, searchLaunchSources } from '@/lib/launch/sources';
import type { SourceAnswer } from '@/lib/launch/contract';
import { guid } from '@/lib/openstack/ids';
import { withSession } from '@/lib/server/api';

const querySchema = z.object({
  id: guid('not an image id').optional(),
  q: z.string().trim().max(255, 'At most 255 characters.').optional(),
});

/** GET /api/launch/sources: snapshots first, then backups, then images (all active), or
 * `?id=<uuid>` for the one source the form starts with. */
export const GET = withSession({ query: querySchema }, async ({ query, conn, session }) =>
  query.id
    ? ({ source: await launchSource(conn, session.project.id, query.id), blockStorage: hasBlockStorage(conn) } satisfies SourceAnswer)
    : searchLaunchSources(conn, session.project.id, query.q));
