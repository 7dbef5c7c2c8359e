// Mistral's list parameters (rest_utils.get_all and filter_utils): `limit`, `marker`,
// `sort_keys`/`sort_dirs`, `fields`, and column filters written `<column>=<op>:<value>`
// (eq, neq, gt, gte, lt, lte, has, in, nin), with the `next` link Mistral builds.
import { badRequest, MistralFault, notFound } from './errors';
import { pyRepr } from './python';

export type Cell = string | number | boolean | null;

export interface ListResource<R> {
  /** The collection's key and URL segment: workflows, cron_triggers, executions, actions. */
  type: string;
  /** Filterable and sortable columns, in the order the controller passes its filters. */
  columns: Record<string, (r: R) => Cell>;
  /** Query parameters the controller has but the local cloud does not implement. */
  unsupported: string[];
  /** Other parameters the controller takes (e.g. include_output). */
  extra: string[];
  id: (r: R) => string;
  /** The marker's record, or the 404 Mistral answers for it. */
  markerNotFound: (marker: string) => string;
  defaultSortKeys: string[];
}

/**
 * MariaDB's utf8_general_ci, the collation of the Zed tier's Mistral tables: names, filters,
 * LIKE and ORDER BY ignore case there (`workflow_name=NOVA_BACKUP` finds nova_backup, a
 * workflow named Nova_Backup is a duplicate of it). Only case is followed here; the collation
 * also ignores accents and trailing spaces.
 */
export const collate = (text: string): string => text.toLowerCase();
export const sameText = (a: string, b: string): boolean => collate(a) === collate(b);

const OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'has', 'in', 'nin'] as const;
type Op = (typeof OPS)[number];
export interface Filter { column: string; op: Op; value: string | string[] }

/** filter_utils.extract_filter_type_and_value */
export function parseFilter(column: string, raw: string): Filter {
  const op = OPS.find((o) => raw.startsWith(`${o}:`));
  if (!op) return { column, op: 'eq', value: raw };
  const value = raw.slice(op.length + 1);
  return { column, op, value: op === 'in' || op === 'nin' ? value.split(',') : value };
}

/**
 * SQL LIKE '%value%' (filters.apply_filters for `has`): % is any run of characters, _ any
 * one. Matched without building a RegExp from the request (no backtracking blow-up): the
 * usual wildcard walk, which returns to the last % on a mismatch, O(length × pattern).
 */
export function likeContains(text: string, value: string): boolean {
  const pattern = `%${value}%`;
  let t = 0;
  let p = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '_' || pattern[p] === text[t])) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === '%') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '%') p++;
  return p === pattern.length;
}

export function matches(cell: Cell, f: Filter): boolean {
  const text = cell === null ? null : collate(typeof cell === 'boolean' ? (cell ? 'True' : 'False') : String(cell));
  const v = Array.isArray(f.value) ? f.value.map(collate) : collate(f.value);
  switch (f.op) {
    case 'eq': return text === v;
    case 'neq': return text !== v;
    case 'in': return text !== null && (v as string[]).includes(text);
    case 'nin': return text === null || !(v as string[]).includes(text);
    case 'has': return text !== null && likeContains(text, v as string);
    default: {
      if (text === null) return false;
      const c = typeof cell === 'number' && /^-?\d+(\.\d+)?$/.test(v as string) ? cell - Number(v) : text < (v as string) ? -1 : text > (v as string) ? 1 : 0;
      return f.op === 'gt' ? c > 0 : f.op === 'gte' ? c >= 0 : f.op === 'lt' ? c < 0 : c <= 0;
    }
  }
}

const compareCells = (a: Cell, b: Cell): number => {
  if (a === b) return 0;
  if (a === null) return -1; // MySQL sorts NULL first ascending
  if (b === null) return 1;
  const [x, y] = typeof a === 'string' && typeof b === 'string' ? [collate(a), collate(b)] : [a, b];
  return x < y ? -1 : x > y ? 1 : 0;
};

export interface ListResult<R> {
  items: R[];
  next?: string;
}

/** Parses the query, filters, sorts, pages, and builds `next` (Resources.convert_with_links). */
export function listQuery<R>(res: ListResource<R>, all: R[], query: URLSearchParams, applicationUrl: string): ListResult<R> {
  const known = new Set(['marker', 'limit', 'sort_keys', 'sort_dirs', 'fields', ...Object.keys(res.columns), ...res.unsupported, ...res.extra]);
  for (const key of query.keys()) {
    if (!known.has(key)) throw badRequest(`Unknown argument: "${key}"`);
  }
  for (const key of res.unsupported) {
    const v = query.get(key);
    if (v !== null && v !== '' && v !== 'false' && v !== 'False') {
      throw new MistralFault(400, `The local cloud's Mistral does not implement the "${key}" parameter of GET /v2/${res.type}.`);
    }
  }
  const fields = query.get('fields') ?? '';
  if (fields !== '') throw new MistralFault(400, `The local cloud's Mistral does not implement the "fields" parameter of GET /v2/${res.type}.`);

  let limit: number | null = null;
  const rawLimit = query.get('limit');
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit)) throw badRequest(`Invalid input for field/attribute limit. Value: '${rawLimit}'. unable to convert to int`);
    limit = Number(rawLimit);
    if (limit <= 0) throw badRequest('Limit must be positive.');
  }
  const list = (name: string, fallback: string[]) => {
    const raw = query.get(name);
    return raw === null || raw === '' ? [...fallback] : raw.split(',').map((s) => s.trim()).filter(Boolean);
  };
  const sortKeys = [...new Set(list('sort_keys', res.defaultSortKeys))];
  const sortDirs = list('sort_dirs', ['asc']);
  // rest_utils.validate_query_params
  if (sortKeys.length < sortDirs.length) throw badRequest('Length of sort_keys must be equal or greater than sort_dirs.');
  while (sortDirs.length < sortKeys.length) sortDirs.push('asc');
  if (sortDirs.some((d) => d !== 'asc' && d !== 'desc')) throw badRequest("Unknown sort direction, must be 'desc' or 'asc'.");
  for (const key of sortKeys) {
    if (key !== 'id' && !res.columns[key]) throw badRequest(`Invalid sort key: ${key}`);
  }
  const marker = query.get('marker');
  // _paginate_query: with a marker or a limit, id ends the sort (the caller's list grows too).
  if ((marker || limit !== null) && !sortKeys.includes('id')) {
    sortKeys.push('id');
    sortDirs.push('asc');
  }

  const filters: Filter[] = [];
  for (const column of Object.keys(res.columns)) {
    const raw = query.get(column);
    if (raw !== null) filters.push(parseFilter(column, raw));
  }
  const cellOf = (r: R, key: string): Cell => (key === 'id' ? res.id(r) : res.columns[key]!(r));
  const compare = (a: R, b: R) => {
    for (let i = 0; i < sortKeys.length; i++) {
      const c = compareCells(cellOf(a, sortKeys[i]!), cellOf(b, sortKeys[i]!));
      if (c !== 0) return sortDirs[i] === 'desc' ? -c : c;
    }
    return 0;
  };

  let items = all.filter((r) => filters.every((f) => matches(cellOf(r, f.column), f)));
  items.sort(compare);
  if (marker) {
    const markerRecord = all.find((r) => res.id(r) === marker);
    if (!markerRecord) throw notFound(res.markerNotFound(marker));
    items = items.filter((r) => compare(r, markerRecord) > 0);
  }
  if (limit !== null) items = items.slice(0, limit);

  // ResourceList.get_next: a full page gets a link, whether more follow or not.
  if (limit === null || items.length === 0 || items.length !== limit) return { items };
  // No `fields=` when none were asked for (Zed tier)
  let args = `sort_keys=${sortKeys.join(',')}&sort_dirs=${sortDirs.join(',')}&`;
  for (const f of filters) args += `${f.column}=${f.op}:${Array.isArray(f.value) ? pyRepr(f.value) : f.value}&`;
  return { items, next: `${applicationUrl}/v2/${res.type}?${args}limit=${limit}&marker=${res.id(items[items.length - 1]!)}` };
}
