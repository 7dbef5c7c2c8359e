// The Images list's query: the same names in the page URL and in GET /api/images, so a link
// such as /images?tab=snapshots&instance_uuid=<id> is also the API call. Pure (the browser
// parses its URL with it too).
import { z } from 'zod';
import { guid } from '@/lib/openstack/ids';
import { IMAGE_VISIBILITIES, LISTED_IMAGE_STATUSES } from '@/lib/openstack/image/image-states';

export const IMAGE_TABS = ['all', 'snapshots', 'backups', 'base', 'shared'] as const;
export type ImageTab = (typeof IMAGE_TABS)[number];

export const TAB_LABELS: Record<ImageTab, string> = {
  all: 'All',
  snapshots: 'Snapshots',
  backups: 'Backups',
  base: 'Base images',
  shared: 'Shared with me',
};

export const SORT_KEYS = ['created_at', 'name', 'size'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

// Glance takes any UUID an admin gave at creation, so the looser 8-4-4-4-12 form.
const id = guid('not an image or instance id (a UUID)');

export const listQuerySchema = z.strictObject({
  tab: z.enum(IMAGE_TABS).default('all'),
  name: z.string().trim().min(1).max(255).optional(),
  status: z.enum(LISTED_IMAGE_STATUSES).optional(),
  visibility: z.enum(IMAGE_VISIBILITIES).optional(),
  instance_uuid: id.optional(),
  base_image_ref: id.optional(),
  sort: z.enum(SORT_KEYS).default('created_at'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  marker: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  /** Show hidden: Glance's os_hidden=true, the hidden images only. */
  hidden: z.enum(['true']).optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;

/** Where Glance filters for us: `image_type` and the lineage properties are custom-property
 * query parameters (exact match), so they work the same on 10 or 100,000 images. */
export function glancePropertyFilters(q: ListQuery): Record<string, string> {
  const props: Record<string, string> = {};
  if (q.tab === 'snapshots') props.image_type = 'snapshot';
  if (q.tab === 'backups') props.image_type = 'backup';
  if (q.instance_uuid) props.instance_uuid = q.instance_uuid;
  if (q.base_image_ref) props.base_image_ref = q.base_image_ref;
  return props;
}

/** The options of the client's listImages for one page of this query. */
export function glanceListOptions(q: ListQuery, marker: string | undefined = q.marker, limit: number = q.limit) {
  const properties = glancePropertyFilters(q);
  return {
    limit,
    ...(marker ? { marker } : {}),
    sortKey: q.sort,
    sortDir: q.dir,
    ...(q.name ? { name: q.name } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.visibility ? { visibility: q.visibility } : {}),
    // Shared with me: images shared with the project whatever its answer (Glance lists only
    // accepted ones by default).
    ...(q.tab === 'shared' ? { visibility: 'shared' as const, memberStatus: 'all' as const } : {}),
    ...(q.hidden ? { hidden: true } : {}),
    ...(Object.keys(properties).length ? { properties } : {}),
  };
}

/** The query as URL parameters, defaults left out so that links stay short. */
export function toSearchParams(q: Partial<ListQuery>): URLSearchParams {
  const p = new URLSearchParams();
  if (q.tab && q.tab !== 'all') p.set('tab', q.tab);
  for (const key of ['name', 'status', 'visibility', 'instance_uuid', 'base_image_ref', 'hidden'] as const) {
    const v = q[key];
    if (v) p.set(key, v);
  }
  if (q.sort && q.sort !== 'created_at') p.set('sort', q.sort);
  if (q.dir && q.dir !== 'desc') p.set('dir', q.dir);
  if (q.marker) p.set('marker', q.marker);
  if (q.limit && q.limit !== 25) p.set('limit', String(q.limit));
  return p;
}

/** The page URL's query, tolerant: a bad parameter is dropped rather than breaking the page. */
export function parsePageQuery(params: URLSearchParams): ListQuery {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (k in listQuerySchema.shape) raw[k] = v;
  const r = listQuerySchema.safeParse(raw);
  if (r.success) return r.data;
  const bad = new Set(r.error.issues.map((i) => String(i.path[0])));
  return listQuerySchema.parse(Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k))));
}
