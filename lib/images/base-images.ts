// The Base images tab: images without `image_type`. Glance filters custom properties only by
// equality, never by absence, so this lists Glance's pages in the chosen order and drops
// snapshots and backups here. Cost: a page of N base images may take several Glance pages
// when snapshots dominate; a cap bounds one request, and the user may scan further.
import type { ScanReport } from '@/lib/images/contract';

export const SCAN_PAGE_SIZE = 200;
export const SCAN_MAX_PAGES = 10;

/** Neither tagged by Nova (image_type) nor a volume-backed snapshot, which Nova registers
 * with a block_device_mapping and, when made outside Snapdeck, no image_type. */
export function isBaseImage(image: { properties: Record<string, string> }): boolean {
  return image.properties.image_type === undefined && image.properties.block_device_mapping === undefined;
}

export interface ScanPage<T> {
  images: T[];
  nextMarker: string | null;
}

/**
 * Up to `limit` base images after `marker`. The next marker is the id of the last image
 * examined, base or not, so the next request resumes exactly where this one stopped.
 */
export async function scanBaseImages<T extends { id: string; properties: Record<string, string> }>(
  fetchPage: (marker: string | undefined, pageSize: number) => Promise<ScanPage<T>>,
  opts: { limit: number; marker?: string; pageSize?: number; maxPages?: number },
): Promise<{ images: T[]; nextMarker: string | null; scan: ScanReport }> {
  const pageSize = opts.pageSize ?? SCAN_PAGE_SIZE;
  const maxPages = opts.maxPages ?? SCAN_MAX_PAGES;
  const out: T[] = [];
  let marker = opts.marker;
  let glancePages = 0;
  let examined = 0;
  while (glancePages < maxPages) {
    const page = await fetchPage(marker, pageSize);
    glancePages++;
    for (const [i, image] of page.images.entries()) {
      examined++;
      if (isBaseImage(image)) out.push(image);
      if (out.length === opts.limit) {
        const more = i < page.images.length - 1 || page.nextMarker !== null;
        return { images: out, nextMarker: more ? image.id : null, scan: { glancePages, examined, capped: false } };
      }
    }
    if (page.nextMarker === null || page.images.length === 0) {
      return { images: out, nextMarker: null, scan: { glancePages, examined, capped: false } };
    }
    marker = page.nextMarker;
  }
  return { images: out, nextMarker: marker ?? null, scan: { glancePages, examined, capped: true } };
}
