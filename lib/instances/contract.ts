// The instance routes' inputs, each checked before anything is sent upstream.
import { z } from 'zod';
import { SERVER_STATUSES } from '@/lib/openstack/compute/server-states';
import { guid } from '@/lib/openstack/ids';
import { SORT_KEYS } from './list-query';

const uuid = (what: string) => guid(`not ${what} id (a UUID)`);
const emptyAsAbsent = (v: unknown) => (v === '' ? undefined : v);

export const serverParams = z.object({ id: uuid('an instance') });

export const listInstancesQuery = z.strictObject({
  limit: z.enum(['20', '50', '100'], { error: 'page size must be 20, 50 or 100' }).default('20').transform(Number),
  marker: z.preprocess(emptyAsAbsent, uuid('an instance').optional()),
  name: z.preprocess(emptyAsAbsent, z.string().trim().min(1).max(255).optional()),
  status: z.preprocess(emptyAsAbsent, z.enum(SERVER_STATUSES, { error: 'not a Nova server status' }).optional()),
  sort: z.enum(SORT_KEYS).default('created'),
  dir: z.enum(['asc', 'desc']).default('desc'),
});
export type ListInstancesQuery = z.output<typeof listInstancesQuery>;

export const consoleQuery = z.strictObject({
  length: z.coerce.number().int().min(1).max(1000).default(50),
});
