// Mistral v2 workflow executions: start one, list them with Mistral's filters and paging,
// show one with its output and state_info. A run started by a cron trigger has a description
// Mistral writes itself (mistral/services/periodic.py): JSON naming the trigger, which is how
// a schedule's runs are found (`description=has:<trigger id>`).
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { listAllPages } from '../pagination';
import { exactFilter, jsonObjectField, mistralTimeToIso, nextMarkerOf, nextSchema, pageOptsShape, sortQuery, workflowConn } from './common';

// ---------------------------------------------------------------- URL builders

const enc = encodeURIComponent;
export const executionUrls = {
  list: () => '/executions',
  one: (id: string) => `/executions/${enc(id)}`,
};

// ---------------------------------------------------------------- wire schema

/** mistral/workflow/states.py, as the API filters them (execution.py STATE_TYPES). */
export const EXECUTION_STATES = ['IDLE', 'RUNNING', 'SUCCESS', 'ERROR', 'PAUSED', 'CANCELLED'] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];

/** resources.Execution. Lists carry no `output` (a deferred column) unless include_output. */
export const wireExecutionSchema = z.looseObject({
  id: z.string(),
  workflow_id: z.string().nullable().optional(),
  workflow_name: z.string(),
  workflow_namespace: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  tags: z.array(z.string()).nullable().optional(),
  params: jsonObjectField,
  task_execution_id: z.string().nullable().optional(),
  root_execution_id: z.string().nullable().optional(),
  state: z.string(),
  state_info: z.string().nullable().optional(),
  input: jsonObjectField,
  output: jsonObjectField,
  created_at: z.string(),
  updated_at: z.string().nullable().optional(),
  project_id: z.string().nullable().optional(),
});
export type WireExecution = z.infer<typeof wireExecutionSchema>;

// ---------------------------------------------------------------- app types

export interface ExecutionTrigger {
  type: string;
  id: string;
  name: string | null;
}

export interface Execution {
  id: string;
  workflowId: string | null;
  workflowName: string;
  /** The description as written: for a cron-started run, Mistral's sentence naming the trigger. */
  description: string;
  /** The trigger that started the run; null for a run started through the API. */
  triggeredBy: ExecutionTrigger | null;
  /** One of EXECUTION_STATES, or a state this client does not know, as Mistral sent it. */
  state: string;
  /** Why it failed (or was paused, cancelled): Mistral's text, which quotes the failed task. */
  stateInfo: string | null;
  input: Record<string, unknown>;
  /** null when the answer had no output (lists without include_output). */
  output: Record<string, unknown> | null;
  params: Record<string, unknown>;
  projectId: string | null;
  createdAt: string;
  updatedAt: string | null;
}

const cronDescriptionSchema = z.looseObject({
  description: z.string().optional(),
  triggered_by: z.looseObject({ type: z.string(), id: z.string(), name: z.string().nullable().optional() }),
});

/** `{"description": "Workflow execution created by cron trigger '(<id>)'.", "triggered_by": {…}}`. */
function describe(raw: string | null | undefined): { description: string; triggeredBy: ExecutionTrigger | null } {
  const text = raw ?? '';
  if (!text.startsWith('{')) return { description: text, triggeredBy: null };
  try {
    const parsed = cronDescriptionSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return { description: text, triggeredBy: null };
    const t = parsed.data.triggered_by;
    return { description: parsed.data.description ?? text, triggeredBy: { type: t.type, id: t.id, name: t.name ?? null } };
  } catch {
    return { description: text, triggeredBy: null };
  }
}

export function reshapeExecution(w: WireExecution): Execution {
  return {
    id: w.id,
    workflowId: w.workflow_id ?? null,
    workflowName: w.workflow_name,
    ...describe(w.description),
    state: w.state,
    stateInfo: w.state_info ?? null,
    input: w.input ?? {},
    output: w.output,
    params: w.params ?? {},
    projectId: w.project_id ?? null,
    createdAt: mistralTimeToIso(w.created_at),
    updatedAt: mistralTimeToIso(w.updated_at),
  };
}

// ---------------------------------------------------------------- option schemas

// `has:` becomes SQL LIKE '%<text>%' (mistral/db/v2/sqlalchemy/filters.py): % and _ would be wildcards.
const likeSafe = z.string().min(1).max(255).regex(/^[^%_\\]+$/, 'no %, _ or \\ (Mistral matches with SQL LIKE)');

export const createExecutionOptsSchema = z.object({
  /** Makes the call idempotent: Mistral answers the existing execution when the id is taken. */
  id: z.guid().optional(),
  workflowName: z.string().min(1).max(255).optional(),
  workflowId: z.guid().optional(),
  input: z.record(z.string(), z.unknown()).default({}),
  description: z.string().max(255).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
}).refine((o) => (o.workflowName === undefined) !== (o.workflowId === undefined), 'give the workflow by name or by id, not both');
export type CreateExecutionOpts = z.input<typeof createExecutionOptsSchema>;

export const listExecutionsOptsSchema = z.object({
  ...pageOptsShape,
  sortKey: z.enum(['created_at', 'updated_at']).default('created_at'),
  workflowName: z.string().min(1).max(255).optional(),
  workflowId: z.guid().optional(),
  state: z.enum(EXECUTION_STATES).optional(),
  /** Runs whose description contains this text: a trigger's id finds the runs it started. */
  descriptionHas: likeSafe.optional(),
  /** Ask for each run's output in the list (Mistral leaves it out by default). */
  includeOutput: z.boolean().optional(),
});
export type ListExecutionsOpts = z.input<typeof listExecutionsOptsSchema>;

// ---------------------------------------------------------------- calls

const executionsPageSchema = z.looseObject({ executions: z.array(wireExecutionSchema), next: nextSchema });

/** POST /v2/executions (201): the run is RUNNING when the answer comes (or already done). */
export async function createExecution(conn: Connection, opts: CreateExecutionOpts): Promise<Execution> {
  const o = createExecutionOptsSchema.parse(opts);
  // JSON strings for input and params, as python-mistralclient sends them.
  const body: Record<string, unknown> = { input: JSON.stringify(o.input), description: o.description ?? '' };
  if (o.id !== undefined) body.id = o.id;
  if (o.workflowId !== undefined) body.workflow_id = o.workflowId;
  if (o.workflowName !== undefined) body.workflow_name = o.workflowName;
  if (o.params !== undefined) body.params = JSON.stringify(o.params);
  const reply = await request(workflowConn(conn), {
    service: 'workflow', method: 'POST', path: executionUrls.list(), json: body, ok: [201], parse: wireExecutionSchema,
  });
  return reshapeExecution(reply.data);
}

function executionsQuery(o: z.output<typeof listExecutionsOptsSchema>) {
  return {
    limit: o.limit, marker: o.marker, ...sortQuery(o.sortKey, o.sortDir),
    workflow_name: exactFilter(o.workflowName), workflow_id: o.workflowId,
    // The state parameter is an enum in Mistral's API: no `eq:` form.
    state: o.state,
    description: o.descriptionHas === undefined ? undefined : `has:${o.descriptionHas}`,
    include_output: o.includeOutput,
  };
}

/** One page of executions, oldest first unless `sortDir: 'desc'`. */
export async function listExecutions(conn: Connection, opts: ListExecutionsOpts = {}): Promise<{ executions: Execution[]; nextMarker: string | null }> {
  const reply = await request(workflowConn(conn), {
    service: 'workflow', method: 'GET', path: executionUrls.list(), query: executionsQuery(listExecutionsOptsSchema.parse(opts)),
    ok: [200], parse: executionsPageSchema,
  });
  return { executions: reply.data.executions.map(reshapeExecution), nextMarker: nextMarkerOf(reply.data.next) };
}

export async function listAllExecutions(conn: Connection, opts: Omit<ListExecutionsOpts, 'marker'> = {}, maxPages?: number): Promise<Execution[]> {
  return listAllPages(workflowConn(conn), {
    service: 'workflow', path: executionUrls.list(), query: executionsQuery(listExecutionsOptsSchema.parse({ limit: 1000, ...opts })),
    parse: executionsPageSchema, items: (d) => d.executions.map(reshapeExecution), next: (d) => d.next ?? null, maxPages,
  });
}

/** One execution with its output and state_info. */
export async function getExecution(conn: Connection, id: string): Promise<Execution> {
  const reply = await request(workflowConn(conn), {
    service: 'workflow', method: 'GET', path: executionUrls.one(id), ok: [200], parse: wireExecutionSchema,
  });
  return reshapeExecution(reply.data);
}
