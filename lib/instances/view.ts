// The Instances page's URL as a view, parsed on the server with zod: anything unexpected
// falls back to the default rather than failing the page.
import { z } from 'zod';
import { SERVER_STATUSES } from '@/lib/openstack/compute/server-states';
import { isGuid } from '@/lib/openstack/ids';
import { SORT_KEYS, type InstancesView } from './list-query';

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export const instancesViewSchema: z.ZodType<InstancesView, unknown> = z.object({
  name: z.preprocess(first, z.string().transform((s) => s.slice(0, 255))).catch(''),
  status: z.preprocess(first, z.enum(SERVER_STATUSES).or(z.literal(''))).catch(''),
  sort: z.preprocess(first, z.enum(SORT_KEYS)).catch('created'),
  dir: z.preprocess(first, z.enum(['asc', 'desc'])).catch('desc'),
  limit: z.preprocess((v) => Number(first(v)), z.union([z.literal(20), z.literal(50), z.literal(100)])).catch(20),
  highlight: z.preprocess(first, z.string().transform((s) => s.split(',').filter(isGuid).slice(0, 10))).catch([]),
});

export function viewFromSearch(sp: Record<string, string | string[] | undefined>): InstancesView {
  return instancesViewSchema.parse(sp);
}
