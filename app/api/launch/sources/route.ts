import 'server-only';
import { z } from 'zod';
import { launchSourceOf, orderSources } from '@/lib/launch/rules';
import type { SourcesAnswer } from '@/lib/launch/types';
import { getImage, listImages } from '@/lib/openstack/image/images';
import { withSession } from '@/lib/server/api';

const querySchema = z.object({
  id: z.guid('not an image id').optional(),
  q: z.string().trim().max(255, 'At most 255 characters.').optional(),
});

// Glance filters names by exact match only; a search reads one large page of each list
// and filters here (as Horizon does), saying when there were more images than that.
const BROWSE_LIMIT = 50;
const SEARCH_LIMIT = 1000;

/** GET /api/launch/sources: snapshots first, then backups, then images (all active), or
 * `?id=<uuid>` for the one source the form starts with. */
export const GET = withSession({ query: querySchema }, async ({ query, conn, session }) => {
  const project = session.project.id;
  if (query.id) return { source: launchSourceOf(await getImage(conn, query.id), project) };

  const limit = query.q ? SEARCH_LIMIT : BROWSE_LIMIT;
  const [snapshots, all] = await Promise.all([
    listImages(conn, { status: 'active', properties: { image_type: 'snapshot' }, sortKey: 'created_at', sortDir: 'desc', limit }),
    listImages(conn, { status: 'active', sortKey: 'name', sortDir: 'asc', limit }),
  ]);
  const answer: SourcesAnswer = {
    sources: orderSources([...snapshots.images, ...all.images].map((i) => launchSourceOf(i, project)), query.q ?? ''),
    truncated: Boolean(query.q) && (snapshots.nextMarker !== null || all.nextMarker !== null),
  };
  return answer;
});
