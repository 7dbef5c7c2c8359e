// GET /v2/images: query parsing as glance's RequestDeserializer.index and ImagesController
// .index do it, the filters of glance.db.sqlalchemy.api._make_conditions_from_filters, and
// keyset paging after a marker. One pass over the images with a bounded heap keeps a page
// at O(n log limit), so the list stays fast with 10,000+ images.
import { z } from 'zod';
import { canSee, listable, type Caller } from './access';
import { fail } from './errors';
import type { CloudState, Image } from '../state/state';

const SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'] as const;
type SortKey = (typeof SORT_KEYS)[number];
type Dir = 'asc' | 'desc';

export const LIMIT_DEFAULT = 25; // limit_param_default
export const LIMIT_MAX = 1000; // api_limit_max

const sortKeySchema = z.enum(SORT_KEYS);
const sortDirSchema = z.enum(['asc', 'desc']);
const memberStatusSchema = z.enum(['pending', 'accepted', 'rejected', 'all']);
const visibilitySchema = z.enum(['community', 'public', 'private', 'shared', 'all']);
/** Python int(): optional sign and surrounding blanks, digits with single underscores. */
const pyIntSchema = z.string().regex(/^\s*[+-]?\d+(?:_\d+)*\s*$/).transform((s) => Number(s.trim().replace(/_/g, '')));
const boolWordSchema = z.enum(['true', 'false']);

export interface ListPlan {
  limit: number;
  marker: string | undefined;
  memberStatus: string;
  visibility: string | undefined;
  sortKeys: SortKey[];
  sortDirs: Dir[];
  matches: (image: Image) => boolean;
}

/** A webob MultiDict's pop: removes and returns the first value only. */
function popFirst(pairs: [string, string][], key: string): string | undefined {
  const i = pairs.findIndex(([k]) => k === key);
  if (i < 0) return undefined;
  const [, value] = pairs[i]!;
  pairs.splice(i, 1);
  return value;
}

function popAll(pairs: [string, string][], key: string): string[] {
  const values: string[] = [];
  for (let v = popFirst(pairs, key); v !== undefined; v = popFirst(pairs, key)) values.push(v);
  return values;
}

const invalidSortKey = (key: string) =>
  fail(400, `Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`);

function validSortKey(key: string): SortKey {
  const r = sortKeySchema.safeParse(key);
  return r.success ? r.data : invalidSortKey(key);
}

function validSortDir(dir: string): Dir {
  const r = sortDirSchema.safeParse(dir);
  return r.success ? r.data : fail(400, `Invalid sort direction: ${dir}`);
}

/** _get_sorting_params, then the defaults and tie-breakers _image_get_all adds. */
function sorting(pairs: [string, string][]): { sortKeys: SortKey[]; sortDirs: Dir[] } {
  let keys: SortKey[] = [];
  let dirs: Dir[] = [];
  if (pairs.some(([k]) => k === 'sort')) {
    if (pairs.some(([k]) => k === 'sort_key' || k === 'sort_dir')) fail(400, 'Old and new sorting syntax cannot be combined');
    for (const part of popFirst(pairs, 'sort')!.trim().split(',')) {
      const sep = part.indexOf(':');
      const key = sep < 0 ? part : part.slice(0, sep);
      const dir = sep < 0 || part.slice(sep + 1) === '' ? 'desc' : part.slice(sep + 1);
      keys.push(validSortKey(key.trim()));
      dirs.push(validSortDir(dir.trim()));
    }
  } else {
    keys = popAll(pairs, 'sort_key').map((k) => validSortKey(k.trim()));
    dirs = popAll(pairs, 'sort_dir').map((d) => validSortDir(d.trim()));
    if (dirs.length > 1 && dirs.length !== keys.length) fail(400, 'Number of sort dirs does not match the number of sort keys');
  }
  if (keys.length === 0) keys = ['created_at'];
  let tieDir: Dir = 'desc';
  if (dirs.length === 0) dirs = keys.map(() => 'desc');
  else if (dirs.length === 1) {
    tieDir = dirs[0]!;
    dirs = keys.map(() => tieDir);
  }
  for (const key of ['created_at', 'id'] as const) {
    if (!keys.includes(key)) {
      keys.push(key);
      dirs.push(tieDir);
    }
  }
  return { sortKeys: keys, sortDirs: dirs };
}

/** iso8601.parse_date, as oslo's parse_isotime uses it: naive times are UTC. */
export function parseIsoTime(s: string): number | null {
  const m = /^(\d{4})-?(\d{1,2})-?(\d{1,2})(?:[T ](\d{2})(?::?(\d{2}))?(?::?(\d{1,2})(?:[.,](\d+))?)?(Z|([-+])(\d{2}):?(\d{2})?)?)?$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '0', tz, sign, tzh = '0', tzm = '0'] = m;
  const month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second, Number(`0.${frac}`) * 1000);
  if (new Date(ms).getUTCDate() !== day) return null; // 31 February and friends
  if (tz && tz !== 'Z') ms -= (sign === '-' ? -1 : 1) * (Number(tzh) * 60 + Number(tzm)) * 60_000;
  return ms;
}

/** glance.common.utils.split_filter_op: "op:value", unless the whole thing is a time. */
function splitFilterOp(expression: string): [string, string] {
  const sep = expression.indexOf(':');
  if (sep < 0 || parseIsoTime(expression) !== null) return ['eq', expression];
  return [expression.slice(0, sep), expression.slice(sep + 1)];
}

/** glance.common.utils.split_filter_value_for_quotes, with validate_quotes' checks. */
export function splitInValues(value: string): string[] {
  let open = true;
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '"' || (i > 0 && value[i - 1] === '\\')) continue;
    if (open && i > 0 && value[i - 1] !== ',') fail(400, `Invalid filter value ${value}. There is no comma before opening quotation mark.`);
    if (!open && i + 1 !== value.length && value[i + 1] !== ',') fail(400, `Invalid filter value ${value}. There is no comma after closing quotation mark.`);
    open = !open;
  }
  if (!open) fail(400, `Invalid filter value ${value}. The quote is not closed.`);
  return [...value.matchAll(/"([^"\\]*(?:\\.[^"\\]*)*)",?|([^,]+),?|,/g)].map((m) => m[1] || m[2] || '');
}

/** The image table's columns that filters and sorting can name. */
const COLUMNS: Record<string, (i: Image) => string | number | null> = {
  name: (i) => i.name,
  id: (i) => i.id,
  status: (i) => i.status,
  container_format: (i) => i.containerFormat,
  disk_format: (i) => i.diskFormat,
  owner: (i) => i.owner,
  checksum: (i) => i.checksum,
  os_hash_algo: (i) => i.osHashAlgo,
  os_hash_value: (i) => i.osHashValue,
  size: (i) => i.size,
  virtual_size: (i) => i.virtualSize,
  min_disk: (i) => i.minDisk,
  min_ram: (i) => i.minRam,
  created_at: (i) => i.createdAt, // one fixed format: text order is time order
  updated_at: (i) => i.updatedAt,
};
const NUMERIC = new Set(['size', 'virtual_size', 'min_disk', 'min_ram']);

type Predicate = (image: Image) => boolean;

function timeFilter(key: 'created_at' | 'updated_at', raw: string): Predicate {
  const [op, iso] = splitFilterOp(raw);
  const threshold = parseIsoTime(iso);
  if (threshold === null) fail(400, `Bad "${key}" query filter format. Use ISO 8601 DateTime notation.`);
  const compare: Record<string, (a: number, b: number) => boolean> = {
    gt: (a, b) => a > b, gte: (a, b) => a >= b, lt: (a, b) => a < b, lte: (a, b) => a <= b, neq: (a, b) => a !== b, eq: (a, b) => a === b,
  };
  const cmp = compare[op] ?? fail(400, 'Unable to filter on a unknown operator.');
  const get = key === 'created_at' ? (i: Image) => i.createdAt : (i: Image) => i.updatedAt;
  return (i) => cmp(Date.parse(get(i)), threshold!);
}

function columnOrPropertyFilter(key: string, value: string): Predicate {
  const column = COLUMNS[key];
  if (column && NUMERIC.has(key)) {
    // SQL compares the integer column with the string as a number.
    const n = pyIntSchema.safeParse(value);
    return (i) => n.success && column(i) === n.data;
  }
  if (column) return (i) => column(i) === value;
  if (key === 'deleted_at') return () => false; // never set on a listed image
  return (i) => Object.hasOwn(i.properties, key) && i.properties[key] === value;
}

/** Every remaining query parameter becomes a condition, in the order glance builds them. */
function buildPredicates(filters: Map<string, string>, tags: string[], osHidden: boolean, isProtected: boolean | undefined): Predicate[] {
  const preds: Predicate[] = [
    (i) => i.status !== 'deleted' && i.status !== 'killed',
    (i) => i.osHidden === osHidden,
  ];
  if (isProtected !== undefined) preds.push((i) => i.protected === isProtected);
  if (tags.length) preds.push((i) => tags.every((t) => i.tags.includes(t)));
  for (const [key, value] of filters) {
    if (['visibility', 'os_hidden', 'protected', 'deleted', 'changes-since'].includes(key)) continue;
    if (key.endsWith('_min') || key.endsWith('_max')) {
      const bound = pyIntSchema.safeParse(value);
      if (!bound.success) fail(400, 'Unable to filter on a range with a non-numeric value.');
      const name = key.slice(0, -4);
      const column = NUMERIC.has(name) ? (COLUMNS[name] as (i: Image) => number | null) : undefined;
      const min = key.endsWith('_min');
      // Glance would fail with a 500 on a range over something that is not a column.
      if (!column) preds.push(columnOrPropertyFilter(key, value));
      else preds.push((i) => { const v = column(i); return v !== null && (min ? v >= bound.data! : v <= bound.data!); });
    } else if (key === 'created_at' || key === 'updated_at') {
      preds.push(timeFilter(key, value));
    } else if (['name', 'id', 'status', 'container_format', 'disk_format'].includes(key)) {
      const get = COLUMNS[key]!;
      const [op, operand] = splitFilterOp(value);
      if (op === 'in') {
        const set = new Set<unknown>(splitInValues(operand));
        preds.push((i) => { const v = get(i); return v !== null && set.has(v); });
      } else if (op === 'eq') preds.push((i) => get(i) === operand);
      else fail(400, `Unable to filter by unknown operator '${op}'.`);
    } else {
      preds.push(columnOrPropertyFilter(key, value));
    }
  }
  return preds;
}

/** Parse a GET /v2/images query; throws GlanceError with Glance's 400 messages. */
export function parseListQuery(search: URLSearchParams): ListPlan {
  const pairs = [...search.entries()];
  const limitRaw = popFirst(pairs, 'limit');
  const marker = popFirst(pairs, 'marker');
  const memberStatus = popFirst(pairs, 'member_status') ?? 'accepted';
  const tags = popAll(pairs, 'tag').map((t) => t.trim());

  const filtersOf = () => {
    const m = new Map<string, string>(); // last value wins, first position kept, like dict(MultiDict)
    for (const [k, v] of pairs) m.set(k, v);
    return m;
  };
  let filters = filtersOf();
  const visibility = filters.get('visibility');
  if (visibility && !visibilitySchema.safeParse(visibility).success) fail(400, `Invalid visibility value: ${visibility}`);
  if (filters.get('changes-since')) fail(400, 'The "changes-since" filter is no longer available on v2.');
  if (!memberStatusSchema.safeParse(memberStatus).success) fail(400, `Invalid status: ${memberStatus}`);

  let limit = LIMIT_DEFAULT;
  if (limitRaw !== undefined) {
    const n = pyIntSchema.safeParse(limitRaw);
    if (!n.success) fail(400, 'limit param must be an integer');
    if (n.data! < 0) fail(400, 'limit param must be positive');
    limit = Math.min(LIMIT_MAX, n.data!);
  }
  const { sortKeys, sortDirs } = sorting(pairs);
  filters = filtersOf(); // the sort parameters are no filters

  const osHiddenRaw = (filters.get('os_hidden') ?? 'false').toLowerCase();
  if (!boolWordSchema.safeParse(osHiddenRaw).success) {
    fail(400, `Invalid value '${osHiddenRaw}' for 'os_hidden' filter. Valid values are 'true' or 'false'.`);
  }
  const protectedRaw = filters.get('protected');
  if (protectedRaw !== undefined && !boolWordSchema.safeParse(protectedRaw).success) {
    fail(400, `Invalid value '${protectedRaw}' for 'protected' filter. Valid values are 'true' or 'false'.`);
  }
  const preds = buildPredicates(filters, tags, osHiddenRaw === 'true', protectedRaw === undefined ? undefined : protectedRaw === 'true');
  return {
    limit, marker, memberStatus, visibility, sortKeys, sortDirs,
    matches: (image) => {
      for (const p of preds) if (!p(image)) return false;
      return true;
    },
  };
}

/** SQL order: NULL before any value when ascending. */
const compareValues = (a: string | number | null, b: string | number | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

export function comparator(plan: Pick<ListPlan, 'sortKeys' | 'sortDirs'>): (a: Image, b: Image) => number {
  const keys = plan.sortKeys.map((k, i) => ({ get: COLUMNS[k]!, sign: plan.sortDirs[i] === 'asc' ? 1 : -1 }));
  return (a, b) => {
    for (const { get, sign } of keys) {
      const c = compareValues(get(a), get(b));
      if (c !== 0) return sign * c;
    }
    return 0;
  };
}

/** Keeps the k smallest items offered, by `cmp`, in a bounded max-heap. */
export class TopK<T> {
  private heap: T[] = [];
  constructor(private readonly k: number, private readonly cmp: (a: T, b: T) => number) {}

  offer(item: T): void {
    const { heap, cmp } = this;
    if (this.k <= 0) return;
    if (heap.length < this.k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (cmp(heap[i]!, heap[p]!) <= 0) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (cmp(item, heap[0]!) < 0) {
      heap[0] = item;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let top = i;
        if (l < heap.length && cmp(heap[l]!, heap[top]!) > 0) top = l;
        if (r < heap.length && cmp(heap[r]!, heap[top]!) > 0) top = r;
        if (top === i) break;
        [heap[i], heap[top]] = [heap[top]!, heap[i]!];
        i = top;
      }
    }
  }

  sorted(): T[] {
    return [...this.heap].sort(this.cmp);
  }
}

/** One page of the images the caller may list. `full` says whether the database page came
 * back full, which is when Glance adds `next`. */
export function listImages(state: CloudState, caller: Caller, plan: ListPlan): { images: Image[]; full: boolean } {
  const cmp = comparator(plan);
  let after: Image | undefined;
  if (plan.marker !== undefined) {
    after = state.image(plan.marker);
    if (!after || after.status === 'deleted') fail(400, `No image found with ID ${plan.marker}`);
    if (!canSee(caller, after!)) fail(403, `Forbidding request, image ${plan.marker} not visible`);
  }
  const page = new TopK(plan.limit, cmp);
  for (const image of state.data.images) {
    if (!listable(caller, image, plan.memberStatus, plan.visibility)) continue;
    if (after && cmp(image, after) <= 0) continue;
    if (plan.matches(image)) page.offer(image);
  }
  const images = page.sorted();
  return { images, full: images.length > 0 && images.length === plan.limit };
}

/** Python's urllib.parse.quote_plus. */
const quotePlus = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');

/** ResponseSerializer.index's `first` and `next`: dict(request.params) without marker
 * (repeated parameters keep their last value), urlencoded after the hard-coded /v2/images. */
export function pageLinks(search: URLSearchParams, nextMarker: string | undefined): { first: string; next?: string } {
  const params = new Map<string, string>();
  for (const [k, v] of search) params.set(k, v);
  params.delete('marker');
  const encode = (m: Map<string, string>) => [...m].map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
  const query = encode(params);
  const links: { first: string; next?: string } = { first: query ? `/v2/images?${query}` : '/v2/images' };
  if (nextMarker !== undefined) {
    params.set('marker', nextMarker);
    links.next = `/v2/images?${encode(params)}`;
  }
  return links;
}
