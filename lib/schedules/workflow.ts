import 'server-only';
// Snapdeck's backup workflow: one per project, private, named and versioned, written by
// Snapdeck and checked by Snapdeck before anything runs it (docs/decisions/010). Mistral
// keeps a one-workflow text exactly as it was sent (mistral/services/workflows.py), so "still
// ours" is a byte comparison with the text below.
//
// Two bodies, one contract: the same inputs, the same published `image_id`.
// - std.http (every Mistral 15 here, and Debian's, which has no mistral-extra): the run's
//   own token (`$.openstack.auth_token`: the trust's for a cron run) goes to Nova's
//   createBackup at the compute URL passed as input, since cron-started runs have no catalog.
// - nova.servers_backup, when the cloud's Mistral has the OpenStack actions: no URL and no
//   token in the run's input at all.
import { createHash } from 'node:crypto';
import type { Connection } from '@/lib/openstack/client';
import { Refusal } from '@/lib/server/api';
import { OpenStackError } from '@/lib/openstack/errors';
import { hasAction } from '@/lib/openstack/workflow/actions';
import { createWorkflows, getWorkflow, updateWorkflows, type Workflow } from '@/lib/openstack/workflow/workflows';

export type WorkflowVia = 'std.http' | 'nova-action';

export interface WorkflowVersion {
  name: string;
  via: WorkflowVia;
  definition: string;
}

const HEADER = (name: string) => `---
version: '2.0'

${name}:
  description: Snapdeck scheduled backup (Nova createBackup with rotation). Written by Snapdeck, which checks it before each use; do not edit.
  tags: [snapdeck]
`;

const HTTP_NAME = 'snapdeck_backup_v1';
const NOVA_NAME = 'snapdeck_backup_nova_v1';

export const HTTP_WORKFLOW: WorkflowVersion = {
  name: HTTP_NAME,
  via: 'std.http',
  definition: `${HEADER(HTTP_NAME)}  input:
    - compute_url
    - server_id
    - backup_name
    - backup_type
    - rotation
    - snapdeck: {}
  output:
    image_id: <% $.image_id %>
  tasks:
    backup:
      action: std.http
      input:
        url: <% $.compute_url %>/servers/<% $.server_id %>/action
        method: POST
        headers:
          X-Auth-Token: <% $.openstack.auth_token %>
          X-OpenStack-Nova-API-Version: "2.45"
          Content-Type: application/json
        body:
          createBackup:
            name: <% $.backup_name %>
            backup_type: <% $.backup_type %>
            rotation: <% $.rotation %>
      publish:
        image_id: <% task().result.content.image_id %>
`,
};

export const NOVA_WORKFLOW: WorkflowVersion = {
  name: NOVA_NAME,
  via: 'nova-action',
  definition: `${HEADER(NOVA_NAME)}  input:
    - server_id
    - backup_name
    - backup_type
    - rotation
    - compute_url: null
    - snapdeck: {}
  output:
    image_id: <% $.image_id %>
  tasks:
    backup:
      action: nova.servers_backup
      input:
        server: <% $.server_id %>
        backup_name: <% $.backup_name %>
        backup_type: <% $.backup_type %>
        rotation: <% $.rotation %>
      publish:
        image_id: <% task().result.image_id %>
`,
};

export const WORKFLOW_VERSIONS: readonly WorkflowVersion[] = [HTTP_WORKFLOW, NOVA_WORKFLOW];
export const versionNamed = (name: string): WorkflowVersion | null => WORKFLOW_VERSIONS.find((v) => v.name === name) ?? null;

export const definitionHash = (definition: string): string => createHash('sha256').update(definition).digest('hex');

/** Which body this cloud's Mistral can run: the OpenStack action when it has it. */
export async function workflowVersionFor(conn: Connection): Promise<WorkflowVersion> {
  return (await hasAction(conn, 'nova.servers_backup')) ? NOVA_WORKFLOW : HTTP_WORKFLOW;
}

export type WorkflowCheck =
  | { state: 'ours'; workflow: Workflow }
  | { state: 'missing' }
  /** Someone changed the text (a PUT by any project member): nothing may run it until restored. */
  | { state: 'changed'; workflow: Workflow };

/** Whether the project's workflow of this version is still exactly Snapdeck's. */
export async function checkWorkflow(conn: Connection, version: WorkflowVersion): Promise<WorkflowCheck> {
  try {
    const workflow = await getWorkflow(conn, version.name);
    return workflow.definition === version.definition ? { state: 'ours', workflow } : { state: 'changed', workflow };
  } catch (err) {
    if (err instanceof OpenStackError && err.is(404)) return { state: 'missing' };
    throw err;
  }
}

/** A schedule operation Snapdeck refuses, with its status and, for the form, the field. */
export class ScheduleRefusal extends Refusal {
  override name = 'ScheduleRefusal';
  constructor(override readonly status: 400 | 404 | 409, message: string, fields?: Record<string, string>) {
    super(status, message, fields);
  }
}

/** Thrown where Snapdeck would run a workflow that is not its own. */
export class WorkflowChanged extends ScheduleRefusal {
  constructor(readonly workflowName: string) {
    super(409, `The workflow ${workflowName} was changed outside Snapdeck. Snapdeck runs and schedules nothing with it until it is restored (Restore workflow on the Schedules page).`);
  }
}

/** The workflow, created when the project has none; refused (WorkflowChanged) when changed. */
export async function ensureWorkflow(conn: Connection, version: WorkflowVersion): Promise<Workflow> {
  const check = await checkWorkflow(conn, version);
  if (check.state === 'ours') return check.workflow;
  if (check.state === 'changed') throw new WorkflowChanged(version.name);
  try {
    const [created] = await createWorkflows(conn, version.definition, { scope: 'private' });
    if (created) return created;
  } catch (err) {
    // Created at the same moment by another request (409 Duplicate entry): read it back.
    if (!(err instanceof OpenStackError && err.is(409))) throw err;
  }
  return ensureWorkflow(conn, version);
}

/** Puts Snapdeck's text back (PUT by name); the triggers that use it keep their ids. */
export async function restoreWorkflow(conn: Connection, version: WorkflowVersion): Promise<Workflow> {
  const check = await checkWorkflow(conn, version);
  if (check.state === 'ours') return check.workflow;
  if (check.state === 'missing') return ensureWorkflow(conn, version);
  const [restored] = await updateWorkflows(conn, version.definition, { scope: 'private' });
  if (!restored) throw new Error('Mistral answered the update without the workflow');
  return restored;
}
