// The launch form's sources, read from Glance: snapshots first, then backups, then images
// (all active), or the one source the form starts with.
import type { Connection } from '@/lib/openstack/client';
import { OpenStackError } from '@/lib/openstack/errors';
import { getImage, listImages } from '@/lib/openstack/image/images';
import { InputError } from '@/lib/server/api';
import { launchSourceOf, orderSources } from '@/lib/launch/rules';
import type { LaunchSource, SourcesAnswer } from '@/lib/launch/contract';

// Glance filters names by exact match only; a search reads one large page of each list
// and filters here (as Horizon does), saying when there were more images than that.
const BROWSE_LIMIT = 50;
const SEARCH_LIMIT = 1000;

/** The session's region has Cinder: the form may offer boot from volume. */
export const hasBlockStorage = (conn: Connection): boolean => Boolean(conn.endpoints.volume);

export async function launchSource(conn: Connection, projectId: string, id: string): Promise<LaunchSource> {
  return launchSourceOf(await getImage(conn, id), projectId);
}

/** The source a POST /api/launch names, read again from Glance (the browser's copy is not
 * trusted for the Cinder snapshots it names); one Glance cannot show is a field error. */
export async function sourceToLaunch(conn: Connection, projectId: string, id: string): Promise<LaunchSource> {
  try {
    return await launchSource(conn, projectId, id);
  } catch (err) {
    if (err instanceof OpenStackError && err.is(404)) {
      const message = 'The image service does not show this source to the project (deleted, or not shared with it). Choose another source.';
      throw new InputError(message, { sourceId: message });
    }
    throw err;
  }
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
    blockStorage: hasBlockStorage(conn),
  };
}
