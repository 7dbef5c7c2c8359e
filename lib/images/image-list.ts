// One page of the Images list, as GET /api/images answers it and as the Images page renders
// it on the server: the same function behind both.
import 'server-only';
import type { Connection } from '@/lib/openstack/client';
import { listImages, type Image } from '@/lib/openstack/image/images';
import { scanBaseImages } from './base-images';
import type { ImageDto, ImageListResponse } from './contract';
import { getMember } from '@/lib/openstack/image/members';
import { lookup } from './batch';
import { toImageDto } from './dto';
import { glanceListOptions, type ListQuery } from './list-query';
import { glanceOrder, mergePages } from './snapshot-merge';

/** Shared with me: the project's answer to each image (one member read per image of the
 * page: Glance's list does not say it). A failed read leaves the status unknown. */
async function withMemberStatus(conn: Connection, images: ImageDto[], projectId: string): Promise<ImageDto[]> {
  return Promise.all(images.map(async (image) => {
    if (image.ownedByProject) return image;
    const found = await lookup(() => getMember(conn, image.id, projectId));
    return { ...image, memberStatus: 'found' in found ? found.found.status : null };
  }));
}

/** One Glance list call per page (two for the Snapshots tab, merged: lib/images/snapshot-merge.ts); tab=base scans Glance pages and drops snapshots and
 * backups (Glance cannot filter on a property's absence), up to a cap it reports. */
export async function loadImageList(conn: Connection, query: ListQuery, project: { id: string; name: string }): Promise<ImageListResponse> {
  const dto = (images: Image[]) => images.map((i) => toImageDto(i, project));
  if (query.tab === 'base') {
    const r = await scanBaseImages((marker, pageSize) => listImages(conn, glanceListOptions(query, marker, pageSize)), {
      limit: query.limit, ...(query.marker ? { marker: query.marker } : {}),
    });
    return { images: dto(r.images), nextMarker: r.nextMarker, scan: r.scan };
  }
  if (query.tab === 'snapshots' && !query.instance_uuid && !query.base_image_ref) {
    // Snapshots made elsewhere of volume-backed instances carry bdm_v2 but no image_type.
    const options = glanceListOptions(query);
    const [tagged, volumeBacked] = await Promise.all([
      listImages(conn, options),
      listImages(conn, { ...options, properties: { bdm_v2: 'True' } }),
    ]);
    const page = mergePages([tagged, volumeBacked], glanceOrder(query.sort, query.dir), query.limit);
    return { images: dto(page.images), nextMarker: page.nextMarker, scan: null };
  }
  const page = await listImages(conn, glanceListOptions(query));
  if (query.tab === 'shared') return { images: await withMemberStatus(conn, dto(page.images), project.id), nextMarker: page.nextMarker, scan: null };
  return { images: dto(page.images), nextMarker: page.nextMarker, scan: null };
}
