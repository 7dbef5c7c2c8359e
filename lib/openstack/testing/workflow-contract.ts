// The workflow service's part of the contract suite (issue 14): every call of
// lib/openstack/workflow against a live Mistral, and Snapdeck's backup workflow run for real
// (by hand, then by a cron trigger every minute with rotation 2, then against a deleted
// instance). Registered inside contractSuite's describe, after Nova's backup tests. A cloud
// whose catalog has no workflowv2 skips every test.
import { afterAll, expect, it } from 'vitest';
import { z } from 'zod';
import type { Connection } from '../client';
import { createServer, deleteServer, getServer } from '../compute/servers';
import { OpenStackError } from '../errors';
import { request } from '../http';
import { regionsOf, workflowEndpointFor } from '../identity/catalog';
import type { IssuedToken } from '../identity/tokens';
import { deleteImage, listImages } from '../image/images';
import { hasAction, listActions } from '../workflow/actions';
import { createCronTrigger, deleteCronTrigger, getCronTrigger, listCronTriggers } from '../workflow/cron-triggers';
import { createExecution, getExecution, listAllExecutions, listExecutions, type Execution } from '../workflow/executions';
import { createWorkflows, deleteWorkflow, getWorkflow, listWorkflows, updateWorkflows } from '../workflow/workflows';
import type { ContractTarget } from './contract-suite';
import { waitFor } from './wait-for';

/** What a target says of its workflow service, beside ContractTarget. */
export interface WorkflowTargetFacts {
  /** The operator policy of docs/security.md is applied: `action_executions:*` are
   * `rule:admin_only`, so a member cannot read the runs' tokens in the action inputs. */
  actionExecutionsAdminOnly?: boolean;
}

export interface WorkflowContractState {
  t: ContractTarget & WorkflowTargetFacts;
  token: IssuedToken;
  conn: Connection;
  /** The suite's server: ACTIVE, no task, with the suite's other backups. */
  serverId: string;
  run: string;
}

const TEST_TIMEOUT_MS = 120_000;
/** Three runs of a trigger firing every minute, on a real clock. */
const CRON_TIMEOUT_MS = 6 * 60_000;

/** Snapdeck's backup workflow as the spike ran it: std.http createBackup with the run's
 * token (a cron run has no service catalog, so the compute URL is an input). */
export const backupWorkflow = (name: string) => `---
version: '2.0'

${name}:
  description: Nova createBackup through std.http with the caller's (or trust's) token
  tags: [snapdeck-contract]
  input:
    - compute_url
    - server_id
    - backup_name
    - backup_type: daily
    - rotation: 2
  tasks:
    create_backup:
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
        http_status: <% task().result.status %>
        image_id: <% task().result.content.image_id %>
`;

async function httpError(p: Promise<unknown>): Promise<OpenStackError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof OpenStackError)) throw new Error(`expected an OpenStackError, got ${String(err)}`);
  return err;
}

export function workflowContract(get: () => WorkflowContractState): void {
  let wconn: Connection | null = null;
  const workflows = new Set<string>();
  const triggers = new Set<string>();
  const images = new Set<string>();
  const servers = new Set<string>();
  /** The run the createExecution test made: SUCCESS, with one std.http task. */
  let manualRunId: string | null = null;

  /** The connection with the workflow endpoint of the suite's region, or a skip. */
  const mistralOr = (ctx: { skip: (note?: string) => void }): { s: WorkflowContractState; conn: Connection } | null => {
    const s = get();
    if (!wconn) {
      const region = s.t.region ?? regionsOf(s.token.catalog)[0] ?? '';
      const workflow = workflowEndpointFor(s.token.catalog, { region, interface: s.t.interface ?? 'public' });
      if (workflow === null) {
        ctx.skip('the catalog has no workflow service (workflowv2)');
        return null;
      }
      wconn = { ...s.conn, endpoints: { ...s.conn.endpoints, workflow } };
    }
    return { s, conn: wconn };
  };
  const wfName = (s: WorkflowContractState) => `snapdeck_contract_${s.run.replace(/[^A-Za-z0-9]/g, '_')}`;
  const computeUrl = (s: WorkflowContractState) => s.conn.endpoints.compute;
  const finished = (conn: Connection, id: string, timeoutMs = 60_000) => waitFor(async () => {
    const ex = await getExecution(conn, id);
    return ex.state === 'RUNNING' || ex.state === 'IDLE' ? null : ex;
  }, { what: `execution ${id} to finish`, timeoutMs, intervalMs: 200 });
  const serverIdle = (conn: Connection, id: string, timeoutMs: number) => waitFor(async () => {
    const server = await getServer(conn, id);
    return server.taskState === null ? server : null;
  }, { what: `server ${id} to leave its task state`, timeoutMs, intervalMs: 100 });

  afterAll(async () => {
    const conn = wconn;
    if (!conn) return;
    for (const id of triggers) await deleteCronTrigger(conn, id).catch(() => undefined);
    for (const id of workflows) await deleteWorkflow(conn, id).catch(() => undefined);
    for (const id of images) await deleteImage(conn, id).catch(() => undefined);
    for (const id of servers) await deleteServer(conn, id).catch(() => undefined);
  });

  it('workflow: listActions and hasAction (std.http is there)', async (ctx) => {
    const m = mistralOr(ctx);
    if (!m) return;
    const [http] = await listActions(m.conn, { name: 'std.http' });
    expect(http).toMatchObject({ name: 'std.http', input: expect.stringMatching(/^url, method="GET"/) });
    expect(await hasAction(m.conn, 'std.http')).toBe(true);
    expect(await hasAction(m.conn, 'snapdeck.no_such_action')).toBe(false);
    // nova.servers_backup exists only with mistral-extra (not in Debian's packages): either answer is a fact of the cloud.
    expect(typeof (await hasAction(m.conn, 'nova.servers_backup'))).toBe('boolean');
  }, TEST_TIMEOUT_MS);

  it('workflow: createWorkflows (text/plain YAML, private; 406 to Accept: application/json alone), getWorkflow keeps the text (by its name in any case), listWorkflows, updateWorkflows; a duplicate is 409', async (ctx) => {
    const m = mistralOr(ctx);
    if (!m) return;
    const name = wfName(m.s);
    const text = backupWorkflow(name);
    const [created] = await createWorkflows(m.conn, text, { scope: 'private' });
    workflows.add(created!.id);
    expect(created).toMatchObject({ name, scope: 'private', definition: text, tags: ['snapdeck-contract'], projectId: m.s.token.project?.id });
    expect(created!.inputs).toEqual([
      { name: 'compute_url', required: true }, { name: 'server_id', required: true }, { name: 'backup_name', required: true },
      { name: 'backup_type', required: false, default: 'daily' }, { name: 'rotation', required: false, default: 2 },
    ]);
    const got = await getWorkflow(m.conn, name);
    expect(got.definition).toBe(text);
    expect(got.id).toBe(created!.id);
    expect((await getWorkflow(m.conn, created!.id)).name).toBe(name);
    const listed = await listWorkflows(m.conn, { name });
    expect(listed.workflows.map((w) => w.id)).toEqual([created!.id]);
    const changed = text.replace('X-OpenStack-Nova-API-Version: "2.45"', 'X-OpenStack-Nova-API-Version: "2.93"');
    const [updated] = await updateWorkflows(m.conn, changed);
    expect(updated).toMatchObject({ id: created!.id, definition: changed });
    expect(updated!.updatedAt).not.toBeNull();
    const [back] = await updateWorkflows(m.conn, text, { identifier: created!.id });
    expect(back!.definition).toBe(text);
    const dup = await httpError(createWorkflows(m.conn, text));
    expect(dup.status).toBe(409);
    // "None": Mistral formats the record before the database fills in its project_id.
    expect(dup.safeMessage).toBe(`Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: ${name}, , None`);
    expect((await httpError(getWorkflow(m.conn, `${name}_missing`))).status).toBe(404);
    // Names compare case-insensitively (MariaDB's utf8_general_ci on the Zed tier).
    expect((await getWorkflow(m.conn, name.toUpperCase())).id).toBe(created!.id);
    // The handler is exposed as text/plain: pecan answers 406 to `Accept: application/json`
    // alone, the request's default, which createWorkflows therefore does not send.
    const refused = await httpError(request(m.conn, {
      service: 'workflow', method: 'POST', path: '/workflows', body: new TextEncoder().encode(text), headers: { 'Content-Type': 'text/plain' }, ok: [201], parse: 'none',
    }));
    expect(refused.status).toBe(406);
  }, TEST_TIMEOUT_MS);

  it('workflow: createExecution runs the backup workflow (std.http createBackup with the run\'s token); getExecution has the image id; listExecutions finds it', async (ctx) => {
    const m = mistralOr(ctx);
    if (!m) return;
    const { s, conn } = m;
    await serverIdle(conn, s.serverId, s.t.snapshotTimeoutMs);
    const backupType = `${s.run}-wf-manual`;
    const started = await createExecution(conn, {
      workflowName: wfName(s), description: `${s.run} by hand`,
      input: { compute_url: computeUrl(s), server_id: s.serverId, backup_name: `${s.run}-wf-manual`, backup_type: backupType, rotation: 1 },
    });
    expect(started).toMatchObject({ workflowName: wfName(s), description: `${s.run} by hand`, triggeredBy: null });
    expect(['RUNNING', 'SUCCESS']).toContain(started.state);
    const done = await finished(conn, started.id);
    expect(done).toMatchObject({ state: 'SUCCESS', stateInfo: null });
    manualRunId = done.id;
    expect(done.output).toMatchObject({ http_status: 202, image_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    images.add(done.output!.image_id as string);
    const backups = (await listImages(conn, { properties: { image_type: 'backup', backup_type: backupType, instance_uuid: s.serverId } })).images;
    expect(backups.map((i) => i.id)).toEqual([done.output!.image_id]);
    const found = await listExecutions(conn, { workflowName: wfName(s), descriptionHas: `${s.run} by hand`, includeOutput: true });
    expect(found.executions.map((e) => [e.id, e.state, e.output?.image_id])).toEqual([[started.id, 'SUCCESS', done.output!.image_id]]);
    expect(await getExecution(conn, started.id)).toMatchObject({ input: { server_id: s.serverId, rotation: 1 }, params: { env: {} } });
    await serverIdle(conn, s.serverId, s.t.snapshotTimeoutMs);
  }, TEST_TIMEOUT_MS);

  it('workflow: a member gets 403 on GET /v2/action_executions (by list, by id, by task), where the inputs hold the runs\' tokens; the run itself succeeded', async (ctx) => {
    const m = mistralOr(ctx);
    if (!m) return;
    // The local cloud has no action_executions routes at all (400: not implemented).
    if (!m.s.t.actionExecutionsAdminOnly) return ctx.skip('the target does not apply the action_executions policy');
    if (!manualRunId) return ctx.skip('no run to look into (the createExecution test failed)');
    const tasks = await request(m.conn, {
      service: 'workflow', method: 'GET', path: `/executions/${manualRunId}/tasks`, ok: [200],
      parse: z.looseObject({ tasks: z.array(z.looseObject({ id: z.string(), name: z.string(), state: z.string() })) }),
    });
    expect(tasks.data.tasks.map((t) => [t.name, t.state])).toEqual([['create_backup', 'SUCCESS']]);
    const taskId = tasks.data.tasks[0]!.id;
    // By id: any id, since Mistral checks the policy before it looks the record up.
    const reads: [string, Record<string, string>][] = [
      ['/action_executions', {}], ['/action_executions', { task_execution_id: taskId }],
      [`/tasks/${taskId}/action_executions`, {}], [`/action_executions/${manualRunId}`, {}],
    ];
    for (const [path, query] of reads) {
      const refused = await httpError(request(m.conn, { service: 'workflow', method: 'GET', path, query, ok: [200], parse: 'none' }));
      expect([path, refused.status, refused.safeMessage]).toEqual([path, 403, 'Operation forbidden (insufficient permissions)']);
    }
  }, TEST_TIMEOUT_MS);

  it('workflow: createCronTrigger (input as a JSON string), getCronTrigger, listCronTriggers, deleteCronTrigger; deleteWorkflow is 400 while a trigger uses it', async (ctx) => {
    const m = mistralOr(ctx);
    if (!m) return;
    const { s, conn } = m;
    const input = { compute_url: computeUrl(s), server_id: s.serverId, backup_name: `${s.run}-never`, backup_type: `${s.run}-never`, rotation: 1 };
    // Once a year, on the 1st of January: it will not fire during the suite.
    const trigger = await createCronTrigger(conn, { name: `${s.run}-yearly`, workflowName: wfName(s), workflowInput: input, pattern: '0 0 1 1 *' });
    triggers.add(trigger.id);
    expect(trigger).toMatchObject({ name: `${s.run}-yearly`, workflowName: wfName(s), workflowInput: input, workflowParams: {}, pattern: '0 0 1 1 *', remainingExecutions: null, firstExecutionTime: null, updatedAt: null });
    expect(trigger.nextExecutionTime).toMatch(/^\d{4}-01-01T00:00:00Z$/);
    expect(await getCronTrigger(conn, trigger.id)).toMatchObject({ id: trigger.id, workflowInput: input });
    expect((await getCronTrigger(conn, `${s.run}-yearly`)).id).toBe(trigger.id);
    const listed = await listCronTriggers(conn, { workflowName: wfName(s) });
    expect(listed.cronTriggers.map((t) => t.id)).toEqual([trigger.id]);
    const refused = await httpError(deleteWorkflow(conn, wfName(s)));
    expect(refused.status).toBe(400);
    expect(refused.safeMessage).toMatch(/^Can't delete workflow that has cron triggers associated/);
    // Mistral's own refusal of a first run less than a minute ahead (the client refuses it before sending).
    const now = new Date();
    const soon = await httpError(request(conn, {
      service: 'workflow', method: 'POST', path: '/cron_triggers', ok: [201], parse: 'none',
      json: { name: `${s.run}-soon`, workflow_name: wfName(s), workflow_input: JSON.stringify(input), first_execution_time: now.toISOString().slice(0, 16).replace('T', ' ') },
    }));
    expect(soon.status).toBe(400);
    expect(soon.safeMessage).toBe('first_execution_time must be at least 1 minute in the future.');
    await deleteCronTrigger(conn, trigger.id);
    triggers.delete(trigger.id);
    expect((await httpError(getCronTrigger(conn, trigger.id))).status).toBe(404);
  }, TEST_TIMEOUT_MS);

  it('workflow: a cron trigger every minute with rotation 2 makes three runs and leaves exactly two backups; a run against a deleted instance is ERROR and says why', async (ctx) => {
    const m = mistralOr(ctx);
    if (!m) return;
    const { s, conn } = m;
    const b = s.t.boot;
    if (!b) return ctx.skip('this target cannot boot a server to delete');
    await serverIdle(conn, s.serverId, s.t.snapshotTimeoutMs);
    // A second server, deleted before the first run, for the failing trigger.
    const doomed = await createServer(conn, { name: `${s.run}-wf-doomed`, imageRef: b.imageId, flavorRef: b.flavorRef, networks: 'none' });
    servers.add(doomed.id);
    await waitFor(async () => (await getServer(conn, doomed.id)).status === 'ACTIVE', { what: 'the doomed server to be ACTIVE', timeoutMs: s.t.snapshotTimeoutMs, intervalMs: 100 });
    await deleteServer(conn, doomed.id);
    await waitFor(async () => (await getServer(conn, doomed.id).then(() => false, (e: unknown) => e instanceof OpenStackError && e.is(404))), { what: 'the doomed server to be gone', timeoutMs: s.t.snapshotTimeoutMs, intervalMs: 100 });
    servers.delete(doomed.id);

    const backupType = `${s.run}-wf-minutely`;
    const every = await createCronTrigger(conn, {
      name: `${s.run}-every-minute`, workflowName: wfName(s), pattern: '* * * * *',
      workflowInput: { compute_url: computeUrl(s), server_id: s.serverId, backup_name: `${s.run}-wf-minutely`, backup_type: backupType, rotation: 2 },
    });
    triggers.add(every.id);
    const orphan = await createCronTrigger(conn, {
      name: `${s.run}-orphan`, workflowName: wfName(s), pattern: '* * * * *', remainingExecutions: 1,
      workflowInput: { compute_url: computeUrl(s), server_id: doomed.id, backup_name: `${s.run}-wf-orphan`, backup_type: `${s.run}-wf-orphan`, rotation: 1 },
    });
    triggers.add(orphan.id);

    const runsOf = (triggerId: string) => listAllExecutions(conn, { workflowName: wfName(s), descriptionHas: triggerId, includeOutput: true });
    const three = async (): Promise<Execution[] | null> => {
      const runs = await runsOf(every.id);
      const done = runs.filter((r) => r.state !== 'RUNNING' && r.state !== 'IDLE');
      return done.length >= 3 ? done : null;
    };
    let runs: Execution[];
    if (s.t.workflowClock) {
      await s.t.workflowClock(180);
      runs = await waitFor(three, { what: 'three finished runs', timeoutMs: 30_000, intervalMs: 100 });
    } else {
      runs = await waitFor(three, { what: 'three finished runs of the every-minute trigger', timeoutMs: CRON_TIMEOUT_MS - 30_000, intervalMs: 2000 });
    }
    await deleteCronTrigger(conn, every.id);
    triggers.delete(every.id);
    runs = runs.slice(0, 3);
    expect(runs.map((r) => r.state)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    expect(runs.every((r) => r.triggeredBy?.type === 'cron_trigger' && r.triggeredBy.id === every.id)).toBe(true);
    for (const r of runs) images.add(r.output!.image_id as string);
    await serverIdle(conn, s.serverId, s.t.snapshotTimeoutMs);
    const backups = await waitFor(async () => {
      const list = (await listImages(conn, { properties: { image_type: 'backup', backup_type: backupType, instance_uuid: s.serverId } })).images;
      return list.length === 2 ? list : null;
    }, { what: "Nova's rotation to leave two backups", timeoutMs: s.t.snapshotTimeoutMs, intervalMs: 100 });
    const allRuns = await runsOf(every.id);
    const made = allRuns.filter((r) => r.state === 'SUCCESS').map((r) => r.output!.image_id as string);
    expect(backups.every((i) => made.includes(i.id))).toBe(true);

    const [failed] = await waitFor(async () => {
      const list = (await runsOf(orphan.id)).filter((r) => r.state !== 'RUNNING');
      return list.length > 0 ? list : null;
    }, { what: 'the orphan trigger\'s run', timeoutMs: 90_000, intervalMs: 500 });
    triggers.delete(orphan.id); // remaining_executions 1: Mistral deleted it after its run
    expect(failed!.state).toBe('ERROR');
    expect(failed!.stateInfo).toMatch(/^Failure caused by error in tasks: create_backup\n/);
    expect(failed!.stateInfo).toMatch(/'status': 404/);
    expect(failed!.stateInfo).toMatch(/could not be found/);
    expect(failed!.output).toEqual({ result: failed!.stateInfo });
    expect((await httpError(getCronTrigger(conn, orphan.id))).status).toBe(404);
  }, CRON_TIMEOUT_MS);

  it('workflow: deleteWorkflow once no trigger uses it (204), then 404', async (ctx) => {
    const m = mistralOr(ctx);
    if (!m) return;
    for (const id of triggers) await deleteCronTrigger(m.conn, id);
    triggers.clear();
    await deleteWorkflow(m.conn, wfName(m.s));
    workflows.clear();
    expect((await httpError(getWorkflow(m.conn, wfName(m.s)))).status).toBe(404);
    for (const id of images) {
      await deleteImage(m.conn, id).catch((err: unknown) => {
        if (!(err instanceof OpenStackError && err.is(404))) throw err;
      });
    }
    images.clear();
  }, TEST_TIMEOUT_MS);
}
