// The Instances list's view, one shape for the three places that read it: the page's URL
// (links and reloads keep the view, parsed in ./view.ts), the page component, and the
// /api/servers query the component sends. Pure, browser-safe, and free of zod, which stays
// out of the Instances page's JavaScript.
import type { ServerStatus } from '@/lib/openstack/compute/server-states';

export const PAGE_SIZES = [20, 50, 100] as const;
export const SORT_KEYS = ['name', 'created'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** The statuses a project's servers usually have, offered as filters (Nova takes them all). */
export const STATUS_FILTERS = [
  'ACTIVE', 'BUILD', 'ERROR', 'SHUTOFF', 'PAUSED', 'SUSPENDED', 'SHELVED_OFFLOADED', 'RESCUE', 'RESIZE', 'VERIFY_RESIZE', 'REBOOT', 'HARD_REBOOT', 'MIGRATING',
] as const satisfies readonly ServerStatus[];

/** The list's view: what the page's URL says (lib/instances/view.ts parses it). */
export interface InstancesView {
  name: string;
  status: ServerStatus | '';
  sort: SortKey;
  dir: 'asc' | 'desc';
  limit: (typeof PAGE_SIZES)[number];
  highlight: string[];
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
