// Mistral v2 cron triggers: create, list, show, delete (Mistral cannot update one: a change
// is a delete and a create). Creating one makes a Keystone trust in Mistral's name that
// impersonates the caller (mistral/services/security.py add_trust_id): every run acts as the
// user who created the trigger, in this project, until the trigger is deleted.
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { listAllPages } from '../pagination';
import { exactFilter, jsonObjectField, mistralTimeToIso, nextMarkerOf, nextSchema, pageOptsShape, sortQuery, workflowConn } from './common';

// ---------------------------------------------------------------- URL builders

const enc = encodeURIComponent;
export const cronTriggerUrls = {
  list: () => '/cron_triggers',
  one: (identifier: string) => `/cron_triggers/${enc(identifier)}`,
};

// ---------------------------------------------------------------- wire schema

/** resources.CronTrigger (capture: ../shared/mistral-spike/cron-trigger-response.json). */
export const wireCronTriggerSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  workflow_name: z.string(),
  workflow_id: z.string().nullable().optional(),
  // JSON strings on the wire ("{\"server_id\": …}").
  workflow_input: jsonObjectField,
  workflow_params: jsonObjectField,
  project_id: z.string().nullable().optional(),
  scope: z.string().nullable().optional(),
  pattern: z.string().nullable().optional(),
  remaining_executions: z.number().int().nullable().optional(),
  first_execution_time: z.string().nullable().optional(),
  // null once a trigger without a pattern has made its last run.
  next_execution_time: z.string().nullable().optional(),
  created_at: z.string(),
  // Absent from the creation answer.
  updated_at: z.string().nullable().optional(),
});
export type WireCronTrigger = z.infer<typeof wireCronTriggerSchema>;

// ---------------------------------------------------------------- app types

export interface CronTrigger {
  id: string;
  name: string;
  workflowName: string;
  workflowId: string | null;
  workflowInput: Record<string, unknown>;
  workflowParams: Record<string, unknown>;
  projectId: string | null;
  /** A cron pattern in UTC (croniter: 5 fields, or 6 with seconds last); null for a one-off. */
  pattern: string | null;
  /** null: no limit. Mistral deletes the trigger after its last counted run. */
  remainingExecutions: number | null;
  firstExecutionTime: string | null;
  nextExecutionTime: string | null;
  createdAt: string;
  updatedAt: string | null;
}

export function reshapeCronTrigger(w: WireCronTrigger): CronTrigger {
  return {
    id: w.id,
    name: w.name,
    workflowName: w.workflow_name,
    workflowId: w.workflow_id ?? null,
    workflowInput: w.workflow_input ?? {},
    workflowParams: w.workflow_params ?? {},
    projectId: w.project_id ?? null,
    pattern: w.pattern ?? null,
    remainingExecutions: w.remaining_executions ?? null,
    firstExecutionTime: mistralTimeToIso(w.first_execution_time),
    nextExecutionTime: mistralTimeToIso(w.next_execution_time),
    createdAt: mistralTimeToIso(w.created_at),
    updatedAt: mistralTimeToIso(w.updated_at),
  };
}

// ---------------------------------------------------------------- option schemas

/** Mistral needs a first run at least 60 s after its clock (triggers.validate_cron_trigger_input). */
export const FIRST_EXECUTION_MIN_AHEAD_MS = 60_000;

/** Mistral parses first_execution_time with strptime('%Y-%m-%d %H:%M'), in UTC: whole
 * minutes. A time between two minutes is rounded up, so it is never earlier than asked. */
export function formatFirstExecutionTime(date: Date): string {
  const ms = Math.ceil(date.getTime() / 60_000) * 60_000;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

// Names end up in URLs and in a `description=has:` search: keep them plain.
const triggerName = z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits, ".", "_", ":" and "-"');

export const createCronTriggerOptsSchema = z.object({
  name: triggerName,
  /** The workflow by name, or by id (recommended by Mistral: names repeat across namespaces). */
  workflowName: z.string().min(1).max(255).optional(),
  workflowId: z.guid().optional(),
  workflowInput: z.record(z.string(), z.unknown()).default({}),
  workflowParams: z.record(z.string(), z.unknown()).optional(),
  pattern: z.string().min(1).max(100).optional(),
  firstExecutionTime: z.date().optional(),
  remainingExecutions: z.number().int().min(1).optional(),
}).refine((o) => (o.workflowName === undefined) !== (o.workflowId === undefined), 'give the workflow by name or by id, not both')
  .refine((o) => o.pattern !== undefined || o.firstExecutionTime !== undefined, 'give a pattern, a first execution time, or both');
export type CreateCronTriggerOpts = z.input<typeof createCronTriggerOptsSchema>;

export const listCronTriggersOptsSchema = z.object({
  ...pageOptsShape,
  sortKey: z.enum(['created_at', 'updated_at', 'name', 'next_execution_time']).default('created_at'),
  name: z.string().min(1).max(200).optional(),
  /** Names containing this text (sent as `name=has:`, a SQL LIKE: refused with % or _). */
  nameHas: z.string().min(1).max(200).regex(/^[^%_\\]+$/, 'no %, _ or \\ (Mistral matches with SQL LIKE)').optional(),
  workflowName: z.string().min(1).max(255).optional(),
  workflowId: z.guid().optional(),
});
export type ListCronTriggersOpts = z.input<typeof listCronTriggersOptsSchema>;

// ---------------------------------------------------------------- calls

const cronTriggersPageSchema = z.looseObject({ cron_triggers: z.array(wireCronTriggerSchema), next: nextSchema });

/**
 * POST /v2/cron_triggers (201). The input and params go as JSON strings, as
 * python-mistralclient sends them. A first execution time sooner than 60 s from `now` is
 * refused here (Mistral would answer 400).
 */
export async function createCronTrigger(conn: Connection, opts: CreateCronTriggerOpts, clock: { now?: Date } = {}): Promise<CronTrigger> {
  const o = createCronTriggerOptsSchema.parse(opts);
  const body: Record<string, unknown> = {
    name: o.name,
    workflow_input: JSON.stringify(o.workflowInput),
  };
  if (o.workflowId !== undefined) body.workflow_id = o.workflowId;
  if (o.workflowName !== undefined) body.workflow_name = o.workflowName;
  if (o.workflowParams !== undefined) body.workflow_params = JSON.stringify(o.workflowParams);
  if (o.pattern !== undefined) body.pattern = o.pattern;
  if (o.remainingExecutions !== undefined) body.remaining_executions = o.remainingExecutions;
  if (o.firstExecutionTime !== undefined) {
    const first = formatFirstExecutionTime(o.firstExecutionTime);
    const now = (clock.now ?? new Date()).getTime();
    if (Date.parse(`${first.replace(' ', 'T')}:00Z`) < now + FIRST_EXECUTION_MIN_AHEAD_MS) {
      throw new z.ZodError([{ code: 'custom', path: ['firstExecutionTime'], message: 'must be at least 60 s ahead (Mistral refuses it otherwise)', input: o.firstExecutionTime }]);
    }
    body.first_execution_time = first;
  }
  const reply = await request(workflowConn(conn), {
    service: 'workflow', method: 'POST', path: cronTriggerUrls.list(), json: body, ok: [201], parse: wireCronTriggerSchema,
  });
  return reshapeCronTrigger(reply.data);
}

function cronTriggersQuery(o: z.output<typeof listCronTriggersOptsSchema>) {
  return {
    limit: o.limit, marker: o.marker, ...sortQuery(o.sortKey, o.sortDir),
    name: o.nameHas !== undefined ? `has:${o.nameHas}` : exactFilter(o.name),
    workflow_name: exactFilter(o.workflowName), workflow_id: o.workflowId,
  };
}

export async function listCronTriggers(conn: Connection, opts: ListCronTriggersOpts = {}): Promise<{ cronTriggers: CronTrigger[]; nextMarker: string | null }> {
  const reply = await request(workflowConn(conn), {
    service: 'workflow', method: 'GET', path: cronTriggerUrls.list(), query: cronTriggersQuery(listCronTriggersOptsSchema.parse(opts)),
    ok: [200], parse: cronTriggersPageSchema,
  });
  return { cronTriggers: reply.data.cron_triggers.map(reshapeCronTrigger), nextMarker: nextMarkerOf(reply.data.next) };
}

export async function listAllCronTriggers(conn: Connection, opts: Omit<ListCronTriggersOpts, 'marker'> = {}, maxPages?: number): Promise<CronTrigger[]> {
  return listAllPages(workflowConn(conn), {
    service: 'workflow', path: cronTriggerUrls.list(), query: cronTriggersQuery(listCronTriggersOptsSchema.parse({ limit: 1000, ...opts })),
    parse: cronTriggersPageSchema, items: (d) => d.cron_triggers.map(reshapeCronTrigger), next: (d) => d.next ?? null, maxPages,
  });
}

/** By name or id. */
export async function getCronTrigger(conn: Connection, identifier: string): Promise<CronTrigger> {
  const reply = await request(workflowConn(conn), {
    service: 'workflow', method: 'GET', path: cronTriggerUrls.one(identifier), ok: [200], parse: wireCronTriggerSchema,
  });
  return reshapeCronTrigger(reply.data);
}

/** DELETE (204); Mistral deletes the trigger's trust with it. */
export async function deleteCronTrigger(conn: Connection, identifier: string): Promise<void> {
  await request(workflowConn(conn), {
    service: 'workflow', method: 'DELETE', path: cronTriggerUrls.one(identifier), ok: [204], parse: 'none',
  });
}
