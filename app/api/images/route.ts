import 'server-only';
import { listImages } from '@/lib/openstack/image/images';
import { withSession } from '@/lib/server/api';
import { scanBaseImages } from '@/lib/images/base-images';
import { toImageDto } from '@/lib/images/dto';
import { glanceListOptions, listQuerySchema } from '@/lib/images/list-query';
import type { ImageListResponse } from '@/lib/images/contract';

/** GET /api/images?tab=&name=&status=&visibility=&instance_uuid=&base_image_ref=&sort=&dir=&marker=&limit=
 * One Glance list call per page; tab=base scans Glance pages and drops snapshots and
 * backups (Glance cannot filter on a property's absence), up to a cap it reports. */
export const GET = withSession({ query: listQuerySchema }, async ({ query, session, conn }): Promise<ImageListResponse> => {
  const dto = (images: Parameters<typeof toImageDto>[0][]) => images.map((i) => toImageDto(i, session.project));
  if (query.tab === 'base') {
    const r = await scanBaseImages((marker, pageSize) => listImages(conn, glanceListOptions(query, marker, pageSize)), {
      limit: query.limit, ...(query.marker ? { marker: query.marker } : {}),
    });
    return { images: dto(r.images), nextMarker: r.nextMarker, scan: r.scan };
  }
  const page = await listImages(conn, glanceListOptions(query));
  return { images: dto(page.images), nextMarker: page.nextMarker, scan: null };
});
