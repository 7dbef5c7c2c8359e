// Cinder's list mechanics (cinder/api/common.py): limit/marker/offset, sort=key:dir (or
// sort_key/sort_dir), the filters a member may use (resource_filters.json; unknown ones are a
// 400 from 3.31, dropped before), and the next link when a page is full.
import type { Context } from 'hono';
import type { ApiVersion } from '../nova/microversion';
import { atLeast } from '../nova/microversion';
import { cinderFault } from './errors';
import { cinderUrls } from './views';

/** osapi_max_limit */
export const MAX_LIMIT = 1000;
const PAGING_KEYS = ['limit', 'marker', 'offset', 'sort', 'sort_key', 'sort_dir', 'with_count'];

export interface ListRequest {
  limit: number;
  /** Whether the caller named a limit (a full page then has a next link). */
  marker: string | null;
  offset: number;
  sort: { key: string; dir: 1 | -1 }[];
  filters: Record<string, string>;
  withCount: boolean;
}

type Parsed = { ok: true; req: ListRequest } | { ok: false; response: Response };

export function parseList(c: Context, version: ApiVersion, allowed: readonly string[], sortKeys: readonly string[]): Parsed {
  const q = c.req.query();
  const fail = (status: number, m: string): Parsed => ({ ok: false, response: cinderFault(c, status, m) });
  let limit = MAX_LIMIT;
  if (q.limit !== undefined) {
    if (!/^-?\d+$/.test(q.limit)) return fail(400, 'limit param must be an integer');
    if (Number(q.limit) < 0) return fail(400, 'limit param must be positive');
    limit = Math.min(Number(q.limit), MAX_LIMIT);
  }
  let offset = 0;
  if (q.offset !== undefined) {
    if (!/^\d+$/.test(q.offset)) return fail(400, `Invalid offset: ${q.offset}`);
    offset = Number(q.offset);
  }
  const sort: ListRequest['sort'] = [];
  const parts = q.sort !== undefined
    ? q.sort.split(',').map((p) => p.trim().split(':'))
    : (q.sort_key ?? 'created_at').split(',').map((k, i) => [k.trim(), (q.sort_dir ?? 'desc').split(',')[i]?.trim() ?? 'desc']);
  for (const [rawKey, rawDir] of parts) {
    const key = rawKey === 'name' ? 'name' : rawKey ?? '';
    const dir = (rawDir ?? 'desc').toLowerCase();
    if (dir !== 'asc' && dir !== 'desc') return fail(400, `Invalid sort dirs passed: ${rawDir}`);
    if (!sortKeys.includes(key)) return fail(400, `Invalid input received: Invalid sort key ${key}`);
    sort.push({ key, dir: dir === 'asc' ? 1 : -1 });
  }
  if (!sort.some((s) => s.key === 'created_at')) sort.push({ key: 'created_at', dir: sort[0]?.dir ?? -1 });
  sort.push({ key: 'id', dir: sort[0]?.dir ?? -1 });
  const filters: Record<string, string> = {};
  const invalid: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (PAGING_KEYS.includes(k)) continue;
    if (allowed.includes(k)) filters[k] = v;
    else invalid.push(k);
  }
  if (invalid.length && atLeast(version, '3.31')) return fail(400, `Invalid filters ${invalid.join(',')} are found in query options.`);
  return { ok: true, req: { limit, marker: q.marker ?? null, offset, sort, filters, withCount: atLeast(version, '3.45') && ['true', '1', 'yes'].includes((q.with_count ?? '').toLowerCase()) } };
}

/** Sorts, pages after the marker and builds the next link (the query kept, marker set). */
export function page<T extends { id: string }>(
  c: Context, publicUrl: string, projectId: string, collection: string, all: T[], req: ListRequest,
  value: (item: T, key: string) => string | number | null,
): { ok: true; items: T[]; links: { rel: string; href: string }[] } | { ok: false; response: Response } {
  const sorted = [...all].sort((a, b) => {
    for (const { key, dir } of req.sort) {
      const x = value(a, key);
      const y = value(b, key);
      if (x === y) continue;
      if (x === null) return -dir;
      if (y === null) return dir;
      return (x < y ? -1 : 1) * dir;
    }
    return 0;
  });
  let start = 0;
  if (req.marker !== null) {
    const at = sorted.findIndex((x) => x.id === req.marker);
    if (at < 0) return { ok: false, response: cinderFault(c, 404, `Marker ${req.marker} could not be found.`) };
    start = at + 1;
  }
  const items = sorted.slice(start + req.offset, start + req.offset + req.limit);
  const links: { rel: string; href: string }[] = [];
  const last = items.at(-1);
  if (last && req.limit <= items.length) {
    const params = new URLSearchParams(c.req.query());
    params.set('marker', last.id);
    links.push({ rel: 'next', href: `${cinderUrls(publicUrl).api}/${projectId}/${collection}?${params.toString()}` });
  }
  return { ok: true, items, links };
}
