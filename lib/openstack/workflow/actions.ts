// Mistral v2 actions, read only: which actions this Mistral can run. Debian's Mistral has
// only the 14 std.* actions; with mistral-extra it also has the OpenStack ones
// (`nova.servers_backup`), which need no token in the workflow input.
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { exactFilter, workflowConn } from './common';

export const actionUrls = { list: () => '/actions' };

/** resources.Action, as Mistral 15 builds it from an action descriptor (action.py). */
export const wireActionSchema = z.looseObject({
  name: z.string(),
  description: z.string().nullable().optional(),
  /** The parameters as one string: "url, method=\"GET\", …". */
  input: z.string().nullable().optional(),
  scope: z.string().nullable().optional(),
  namespace: z.string().nullable().optional(),
  is_system: z.boolean().nullable().optional(),
});
export type WireAction = z.infer<typeof wireActionSchema>;

export interface Action {
  name: string;
  description: string | null;
  input: string | null;
  scope: string | null;
}

export const reshapeAction = (w: WireAction): Action => ({
  name: w.name, description: w.description ?? null, input: w.input ?? null, scope: w.scope ?? null,
});

export const listActionsOptsSchema = z.object({
  /** Exact name. */
  name: z.string().min(1).max(255).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
});
export type ListActionsOpts = z.input<typeof listActionsOptsSchema>;

const actionsPageSchema = z.looseObject({ actions: z.array(wireActionSchema), next: z.string().optional() });

/**
 * GET /v2/actions, sorted by name. One page only: Mistral 15 pages actions by name and
 * starts the next page at the marker itself (action.py get_all), so following `next`
 * would repeat an action; ask for a name, or for enough at once.
 */
export async function listActions(conn: Connection, opts: ListActionsOpts = {}): Promise<Action[]> {
  const o = listActionsOptsSchema.parse(opts);
  const reply = await request(workflowConn(conn), {
    service: 'workflow', method: 'GET', path: actionUrls.list(), query: { name: exactFilter(o.name), limit: o.limit },
    ok: [200], parse: actionsPageSchema,
  });
  return reply.data.actions.map(reshapeAction);
}

/** Whether this Mistral has the action (e.g. `nova.servers_backup`, from mistral-extra). */
export async function hasAction(conn: Connection, name: string): Promise<boolean> {
  return (await listActions(conn, { name, limit: 1 })).some((a) => a.name === name);
}
