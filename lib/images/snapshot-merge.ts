// The Snapshots tab is two Glance queries merged: image_type=snapshot (every snapshot of an
// image-backed instance, and the volume-backed ones Snapdeck made, which it tags so), and
// bdm_v2=True (volume-backed snapshots made elsewhere, which Nova does not tag: Glance cannot
// filter on "either property", docs/decisions/008-volume-backed-snapshots.md). Both are asked
// for one page in the same order after the same marker (Glance continues after the marker
// image's sort values, whether or not that image matches the filter), and the two pages are
// merged here, without repeats, into one.
import type { Image } from '@/lib/openstack/image/images';
import type { SortKey } from './list-query';

const valueOf: Record<SortKey, (i: Image) => string | number | null> = {
  created_at: (i) => i.createdAt,
  name: (i) => i.name,
  size: (i) => i.size,
};

/** SQL order: NULL before any value when ascending. */
const compareValues = (a: string | number | null, b: string | number | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

/** Glance's order for one sort key and direction: the key, then created_at and id as the
 * tie-breakers it adds, all in that direction (glance/db/sqlalchemy/api.py _image_get_all). */
export function glanceOrder(sortKey: SortKey, dir: 'asc' | 'desc'): (a: Image, b: Image) => number {
  const sign = dir === 'asc' ? 1 : -1;
  const keys = [valueOf[sortKey], valueOf.created_at, (i: Image) => i.id];
  return (a, b) => {
    for (const get of keys) {
      const c = compareValues(get(a), get(b));
      if (c !== 0) return sign * c;
    }
    return 0;
  };
}

export interface GlancePage {
  images: Image[];
  nextMarker: string | null;
}

/** One page of `limit` from pages that Glance sorted in `order` after the same marker. The
 * next marker is the last image shown, when any source may hold more after it. */
export function mergePages(pages: readonly GlancePage[], order: (a: Image, b: Image) => number, limit: number): GlancePage {
  const byId = new Map<string, Image>();
  for (const page of pages) for (const image of page.images) byId.set(image.id, image);
  const all = [...byId.values()].sort(order);
  const images = all.slice(0, limit);
  const more = all.length > limit || pages.some((p) => p.nextMarker !== null);
  return { images, nextMarker: more && images.length > 0 ? images[images.length - 1]!.id : null };
}
