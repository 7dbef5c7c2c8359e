// Nova's limit/marker paging (nova/api/openstack/common.py): a page of at most
// min(limit, max_limit) items after the marker, and a "next" link only when the page came
// back full, carrying the request's own (sorted) parameters plus the new marker.
import type { Context } from 'hono';
import { z } from 'zod';
import { computeUrls } from './views';
import { noMatch, notOfType } from './validation';

/** [api] max_limit. */
export const MAX_LIMIT = 1000;

/** multi_params(non_negative_integer) and multi_params({type: string}) for the query. */
export const limitParam = z.array(z.string(notOfType("'string'")).regex(/^[0-9]*$/, noMatch('^[0-9]*$'))).optional();
export const stringParam = z.array(z.string()).optional();

/** The last value of a repeated parameter, as webob's MultiDict.get returns it. */
export const last = (values: string[] | undefined): string | undefined => values?.[values.length - 1];

/** The page size: min(limit, max_limit); "" is not an integer (get_limit_and_marker). */
export function pageSize(limit: string[] | undefined): number | 'invalid' {
  const value = last(limit);
  if (value === undefined) return MAX_LIMIT;
  if (value === '') return 'invalid';
  return Math.min(Number(value), MAX_LIMIT);
}

/** The items after the marker (by the list's own order) and at most `size` of them. */
export function pageAfter<T>(sorted: T[], size: number, after?: (item: T) => boolean): T[] {
  const start = after ? sorted.findIndex(after) : 0;
  return start < 0 ? [] : sorted.slice(start, start + size);
}

/** `<compute>/v2.1/<collection>?<sorted params>&marker=<id>` (common._get_next_link). */
export function nextLink(c: Context, root: string, collection: string, marker: string): { rel: 'next'; href: string } {
  const url = new URL(c.req.url);
  const pairs = [...url.searchParams.entries()].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  // An OrderedDict of the sorted pairs: one entry per key, the last value wins.
  const params = new Map<string, string>();
  for (const [k, v] of pairs) params.set(k, v);
  params.set('marker', marker);
  return { rel: 'next', href: `${computeUrls(root).api}/${collection}?${new URLSearchParams([...params]).toString()}` };
}

/** The `<collection>_links` list: a next link when the page is full. */
export function collectionLinks(c: Context, root: string, collection: string, page: { id: string }[], size: number) {
  const lastItem = page[page.length - 1];
  return size > 0 && page.length === size && lastItem ? [nextLink(c, root, collection, lastItem.id)] : [];
}
