import { expect, it } from 'vitest';
import { bulkDeleteSchema, emptyBody, imageIdParams, instanceIdsQuery } from '@/lib/images/contract';

const id = (n: number) => `a0000001-0000-4000-8000-${String(n).padStart(12, '0')}`;

it('image ids are UUIDs, nothing else reaches a Glance path', () => {
  expect(imageIdParams.safeParse({ id: id(1) }).success).toBe(true);
  for (const bad of ['../v2/images', 'web-1', `${id(1)}/file`, '']) expect(imageIdParams.safeParse({ id: bad }).success, bad).toBe(false);
});

it('bulk delete takes 1 to 100 distinct ids', () => {
  expect(bulkDeleteSchema.safeParse({ ids: [id(1), id(2)] }).success).toBe(true);
  expect(bulkDeleteSchema.safeParse({ ids: [] }).success).toBe(false);
  expect(bulkDeleteSchema.safeParse({ ids: [id(1), id(1)] }).success).toBe(false);
  expect(bulkDeleteSchema.safeParse({ ids: Array.from({ length: 101 }, (_, i) => id(i)) }).success).toBe(false);
  expect(bulkDeleteSchema.safeParse({ ids: [id(1)], force: true }).success).toBe(false);
});

it('instance name lookups take at most 25 ids', () => {
  expect(instanceIdsQuery.parse({ ids: `${id(1)},${id(2)}` }).ids).toEqual([id(1), id(2)]);
  expect(instanceIdsQuery.safeParse({ ids: Array.from({ length: 26 }, (_, i) => id(i)).join(',') }).success).toBe(false);
  expect(instanceIdsQuery.safeParse({ ids: 'x' }).success).toBe(false);
});

it('bulk enable takes an empty JSON object only', () => {
  expect(emptyBody.safeParse({}).success).toBe(true);
  expect(emptyBody.safeParse({ property: 'owner' }).success).toBe(false);
});
