// What the Mistral (workflow v2) resources share: the endpoint check, Mistral's time format,
// its JSON-string fields, its list parameters and its `next` links.
//
// Mistral 15 answers through WSME: fields typed `json` (a workflow's interface, a cron
// trigger's workflow_input and workflow_params, an execution's input, output and params)
// come back as JSON *strings* (mistral/api/controllers/v2/types.py, JsonType.tobasetype),
// except in the POST/PUT answers of /v2/workflows, which pecan serialises as objects.
import { z } from 'zod';
import type { Connection } from '../client';
import { OpenStackCapabilityError } from '../errors';
import type { QueryValue } from '../http';
import { markerOf } from '../pagination';

/** The connection, checked to have a workflow endpoint; no request is sent without one. */
export function workflowConn(conn: Connection): Connection & { endpoints: { workflow: string } } {
  const endpoint = conn.endpoints.workflow;
  if (!endpoint) {
    throw new OpenStackCapabilityError('no-workflow-service', "The cloud's catalog has no workflow service (Mistral, workflowv2) in this region.");
  }
  return conn as Connection & { endpoints: { workflow: string } };
}

const MISTRAL_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?$/;

/** Mistral's `YYYY-MM-DD HH:MM:SS` (UTC, no zone: mistral_lib datetime_to_str) as ISO 8601 with Z. */
export function mistralTimeToIso(value: string): string;
export function mistralTimeToIso(value: string | null | undefined): string | null;
export function mistralTimeToIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = MISTRAL_TIME.exec(value);
  const date = new Date(m ? `${m[1]}T${m[2]}${m[3] ?? ''}Z` : value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString().replace(/\.000Z$/, 'Z');
}

/** A Mistral JSON field: a JSON string (WSME) or an object (pecan); null when absent. */
export const jsonObjectField = z
  .union([z.string(), z.record(z.string(), z.unknown()), z.null()])
  .optional()
  .transform((value, ctx): Record<string, unknown> | null => {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') return value;
    if (value === '') return {};
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed === null) return null;
      if (typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'is not a JSON object' });
    return z.NEVER;
  });

export const SORT_DIRS = ['asc', 'desc'] as const;

/** Mistral lists: no limit means every item (rest_utils.get_all); the client always sends one. */
export const pageOptsShape = {
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  marker: z.guid().optional(),
  sortDir: z.enum(SORT_DIRS).default('asc'),
};

/**
 * Mistral filter values are `<op>:<value>` when they start with a known operator
 * (mistral/utils/filter_utils.py): a plain value that happens to start with one is sent as
 * `eq:<value>`, so that it keeps its meaning.
 */
const FILTER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'has', 'in', 'nin'];
export const exactFilter = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : FILTER_OPS.some((op) => value.startsWith(`${op}:`)) ? `eq:${value}` : value;

/** Sort by `key` then by id, as Mistral itself does when it paginates (sqlalchemy api,
 * _paginate_query), so that the order is total and the marker is unambiguous. */
export function sortQuery(key: string, dir: 'asc' | 'desc'): Record<string, QueryValue> {
  return { sort_keys: `${key},id`, sort_dirs: `${dir},${dir}` };
}

/** Mistral's `next` is an absolute URL ("http://host:8989/v2/executions?…&marker=<id>"),
 * present whenever a page is full, even when nothing follows. */
export const nextSchema = z.string().optional();
export const nextMarkerOf = (next: string | undefined): string | null => markerOf(next);
