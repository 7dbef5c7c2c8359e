// The launch form's sources, read from Glance: snapshots first, then backups, then images
// (all active), or the one source the form starts with.
import type { Connection } from '@/lib/openstack/client';
import { getImage, listImages } from '@/lib/openstack/image/images';
import { launchSourceOf, orderSources } from '@/lib/launch/rules';
import type { LaunchSource, SourcesAnswer } from '@/lib/launch/contract';

// Glance filters names by exact match only; a search reads one large page of each list
// and filters here (as Horizon does), saying when there were more images than that.
const BROWSE_LIMIT = 50;
const SEARCH_LIMIT = 1000;

export async function launchSource(conn: Connection, projectId: string, id: string): Promise<LaunchSource> {
  return launchSourceOf(await getImage(conn, id), projectId);
}

export async function searchLaunchSources(conn: Connection, projectId: string, q: string | undefined): Promise<SourcesAnswer> {
  const limit = q ? SEARCH_LIMIT : BROWSE_LIMIT;
  const [snapshots, all] = await Promise.all([
    listImages(conn, { status: 'active', properties: { image_type: 'snapshot' }, sortKey: 'created_at', sortDir: 'desc', limit }),
    listImages(conn, { status: 'active', sortKey: 'name', sortDir: 'asc', limit }),
  ]);
  return {
    sources: orderSources([...snapshots.images, ...all.images].map((i) => launchSourceOf(i, projectId)), q ?? ''),
    truncated: Boolean(q) && (snapshots.nextMarker !== null || all.nextMarker !== null),
  };
}
