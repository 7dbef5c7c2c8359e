// Mistral v2 workflows: create and update (the body is the YAML definition, sent as
// text/plain), list, show, delete. Mistral keeps the definition text as it was sent when
// the text holds one workflow (mistral/services/workflows.py), which is what lets Snapdeck
// check that its workflow was not changed by someone else.
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { listAllPages } from '../pagination';
import { exactFilter, jsonObjectField, mistralTimeToIso, nextMarkerOf, nextSchema, pageOptsShape, sortQuery, workflowConn } from './common';

// ---------------------------------------------------------------- URL builders

const enc = encodeURIComponent;
export const workflowUrls = {
  list: () => '/workflows',
  one: (identifier: string) => `/workflows/${enc(identifier)}`,
};

// ---------------------------------------------------------------- wire schema

/** resources.Workflow. `interface` is an object in POST/PUT answers and a JSON string in GETs. */
export const wireWorkflowSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  namespace: z.string().nullable().optional(),
  definition: z.string(),
  input: z.string().nullable().optional(),
  interface: jsonObjectField,
  tags: z.array(z.string()).nullable().optional(),
  scope: z.string(),
  project_id: z.string().nullable().optional(),
  created_at: z.string(),
  // Absent from the answer that created it (the column is not loaded after the insert).
  updated_at: z.string().nullable().optional(),
});
export type WireWorkflow = z.infer<typeof wireWorkflowSchema>;

// ---------------------------------------------------------------- app types

/** One declared input: `- name` is required, `- name: default` is not. */
export interface WorkflowInput {
  name: string;
  required: boolean;
  default?: unknown;
}

export interface Workflow {
  id: string;
  name: string;
  namespace: string;
  /** The YAML text as Mistral keeps it. */
  definition: string;
  inputs: WorkflowInput[];
  tags: string[];
  scope: string;
  projectId: string | null;
  createdAt: string;
  updatedAt: string | null;
}

function inputsOf(iface: Record<string, unknown> | null): WorkflowInput[] {
  const list = Array.isArray(iface?.input) ? (iface.input as unknown[]) : [];
  return list.flatMap((item): WorkflowInput[] => {
    if (typeof item === 'string') return [{ name: item, required: true }];
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.entries(item).map(([name, value]) => ({ name, required: false, default: value }));
    }
    return [];
  });
}

export function reshapeWorkflow(w: WireWorkflow): Workflow {
  return {
    id: w.id,
    name: w.name,
    namespace: w.namespace ?? '',
    definition: w.definition,
    inputs: inputsOf(w.interface),
    tags: w.tags ?? [],
    scope: w.scope,
    projectId: w.project_id ?? null,
    createdAt: mistralTimeToIso(w.created_at),
    updatedAt: mistralTimeToIso(w.updated_at),
  };
}

// ---------------------------------------------------------------- option schemas

export const WORKFLOW_SCOPES = ['private', 'public'] as const;

/** A definition Mistral can read: YAML text, bounded. Its meaning is Mistral's to check. */
export const workflowDefinitionSchema = z.string().min(1).max(1_000_000);

export const writeWorkflowOptsSchema = z.object({
  scope: z.enum(WORKFLOW_SCOPES).default('private'),
  namespace: z.string().max(255).optional(),
});
export type WriteWorkflowOpts = z.input<typeof writeWorkflowOptsSchema>;

export const listWorkflowsOptsSchema = z.object({
  ...pageOptsShape,
  sortKey: z.enum(['created_at', 'updated_at', 'name']).default('created_at'),
  /** Exact name. */
  name: z.string().min(1).max(255).optional(),
  /** Workflows carrying every one of these tags. */
  tags: z.array(z.string().min(1).max(255).refine((t) => !t.includes(','), 'a tag cannot hold a comma')).min(1).max(20).optional(),
  scope: z.enum(WORKFLOW_SCOPES).optional(),
  namespace: z.string().max(255).optional(),
});
export type ListWorkflowsOpts = z.input<typeof listWorkflowsOptsSchema>;

// ---------------------------------------------------------------- calls

const workflowsPageSchema = z.looseObject({ workflows: z.array(wireWorkflowSchema), next: nextSchema });
const yamlBody = (definition: string) => new TextEncoder().encode(workflowDefinitionSchema.parse(definition));
// Mistral reads the body as text (pecan.request.text); JSON would be taken for YAML too, so say
// what it is. Its POST and PUT handlers are exposed as text/plain (pecan.expose(content_type=
// "text/plain")): pecan answers 406 to `Accept: application/json` alone, before any auth. It
// answers JSON either way; JSON first keeps pecan's own errors (401) in JSON.
const TEXT_PLAIN = { 'Content-Type': 'text/plain', Accept: 'application/json, text/plain;q=0.9' };

function writeQuery(opts: WriteWorkflowOpts) {
  const o = writeWorkflowOptsSchema.parse(opts);
  return { scope: o.scope, namespace: o.namespace };
}

/** POST /v2/workflows (201): one or more workflows from one YAML text. */
export async function createWorkflows(conn: Connection, definition: string, opts: WriteWorkflowOpts = {}): Promise<Workflow[]> {
  const reply = await request(workflowConn(conn), {
    service: 'workflow', method: 'POST', path: workflowUrls.list(), query: writeQuery(opts), body: yamlBody(definition),
    headers: TEXT_PLAIN, ok: [201], parse: workflowsPageSchema,
  });
  return reply.data.workflows.map(reshapeWorkflow);
}

/**
 * PUT /v2/workflows (200): replaces the definitions of the workflows the text names (by
 * name). With `identifier` (PUT /v2/workflows/<id>) the text must hold one workflow, and
 * Mistral answers that workflow alone rather than a list.
 */
export async function updateWorkflows(
  conn: Connection, definition: string, opts: WriteWorkflowOpts & { identifier?: string } = {},
): Promise<Workflow[]> {
  const common = { service: 'workflow', method: 'PUT', query: writeQuery(opts), body: yamlBody(definition), headers: TEXT_PLAIN, ok: [200] } as const;
  if (opts.identifier !== undefined) {
    const reply = await request(workflowConn(conn), { ...common, path: workflowUrls.one(opts.identifier), parse: wireWorkflowSchema });
    return [reshapeWorkflow(reply.data)];
  }
  const reply = await request(workflowConn(conn), { ...common, path: workflowUrls.list(), parse: workflowsPageSchema });
  return reply.data.workflows.map(reshapeWorkflow);
}

function workflowsQuery(o: z.output<typeof listWorkflowsOptsSchema>) {
  return {
    limit: o.limit, marker: o.marker, ...sortQuery(o.sortKey, o.sortDir),
    name: exactFilter(o.name), tags: o.tags?.join(','), scope: o.scope, namespace: o.namespace,
  };
}

/** One page of workflows (the project's and public ones). */
export async function listWorkflows(conn: Connection, opts: ListWorkflowsOpts = {}): Promise<{ workflows: Workflow[]; nextMarker: string | null }> {
  const reply = await request(workflowConn(conn), {
    service: 'workflow', method: 'GET', path: workflowUrls.list(), query: workflowsQuery(listWorkflowsOptsSchema.parse(opts)),
    ok: [200], parse: workflowsPageSchema,
  });
  return { workflows: reply.data.workflows.map(reshapeWorkflow), nextMarker: nextMarkerOf(reply.data.next) };
}

export async function listAllWorkflows(conn: Connection, opts: Omit<ListWorkflowsOpts, 'marker'> = {}, maxPages?: number): Promise<Workflow[]> {
  return listAllPages(workflowConn(conn), {
    service: 'workflow', path: workflowUrls.list(), query: workflowsQuery(listWorkflowsOptsSchema.parse({ limit: 1000, ...opts })),
    parse: workflowsPageSchema, items: (d) => d.workflows.map(reshapeWorkflow), next: (d) => d.next ?? null, maxPages,
  });
}

/** By name or id; 404 when it does not exist or belongs to another project (and is private). */
export async function getWorkflow(conn: Connection, identifier: string, opts: { namespace?: string } = {}): Promise<Workflow> {
  const reply = await request(workflowConn(conn), {
    service: 'workflow', method: 'GET', path: workflowUrls.one(identifier), query: { namespace: opts.namespace },
    ok: [200], parse: wireWorkflowSchema,
  });
  return reshapeWorkflow(reply.data);
}

/**
 * DELETE (204). Mistral refuses with 400 (DBError, not 409) while a cron trigger still uses
 * the workflow: "Can't delete workflow that has cron triggers associated."
 */
export async function deleteWorkflow(conn: Connection, identifier: string, opts: { namespace?: string } = {}): Promise<void> {
  await request(workflowConn(conn), {
    service: 'workflow', method: 'DELETE', path: workflowUrls.one(identifier), query: { namespace: opts.namespace },
    ok: [204], parse: 'none',
  });
}
