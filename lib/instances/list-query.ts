// The Instances list's view, one schema for the three places that read it: the page's URL
// (links and reloads keep the view), the page component, and the /api/servers query the
// component sends. Pure, browser-safe.
import { z } from 'zod';
import { SERVER_STATUSES, type ServerStatus } from '@/lib/openstack/compute/server-states';
import { isGuid } from '@/lib/openstack/ids';

export const PAGE_SIZES = [20, 50, 100] as const;
export const SORT_KEYS = ['name', 'created'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** The statuses a project's servers usually have, offered as filters (Nova takes them all). */
export const STATUS_FILTERS = [
  'ACTIVE', 'BUILD', 'ERROR', 'SHUTOFF', 'PAUSED', 'SUSPENDED', 'SHELVED_OFFLOADED', 'RESCUE', 'RESIZE', 'VERIFY_RESIZE', 'REBOOT', 'HARD_REBOOT', 'MIGRATING',
] as const satisfies readonly ServerStatus[];

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** Anything unexpected in the URL falls back to the default rather than failing the page. */
export const instancesViewSchema = z.object({
  name: z.preprocess(first, z.string().transform((s) => s.slice(0, 255))).catch(''),
  status: z.preprocess(first, z.enum(SERVER_STATUSES).or(z.literal(''))).catch(''),
  sort: z.preprocess(first, z.enum(SORT_KEYS)).catch('created'),
  dir: z.preprocess(first, z.enum(['asc', 'desc'])).catch('desc'),
  limit: z.preprocess((v) => Number(first(v)), z.union([z.literal(20), z.literal(50), z.literal(100)])).catch(20),
  highlight: z.preprocess(first, z.string().transform((s) => s.split(',').filter(isGuid).slice(0, 10))).catch([]),
});
export type InstancesView = z.output<typeof instancesViewSchema>;

export function viewFromSearch(sp: Record<string, string | string[] | undefined>): InstancesView {
  return instancesViewSchema.parse(sp);
}

/** The page's URL for a view: defaults left out. */
export function searchOfView(v: InstancesView): string {
  const p = new URLSearchParams();
  if (v.name) p.set('name', v.name);
  if (v.status) p.set('status', v.status);
  if (v.sort !== 'created') p.set('sort', v.sort);
  if (v.dir !== 'desc') p.set('dir', v.dir);
  if (v.limit !== 20) p.set('limit', String(v.limit));
  if (v.highlight.length) p.set('highlight', v.highlight.join(','));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The /api/servers query for a view and a page marker (the route's listInstancesQuery). */
export function apiQueryOfView(v: InstancesView, marker: string | undefined): URLSearchParams {
  const params = new URLSearchParams({ limit: String(v.limit), sort: v.sort, dir: v.dir });
  if (v.name) params.set('name', v.name);
  if (v.status) params.set('status', v.status);
  if (marker) params.set('marker', marker);
  return params;
}
