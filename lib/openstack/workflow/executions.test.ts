import { describe, expect, it } from 'vitest';
import { fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { createExecution, getExecution, listAllExecutions, listExecutions } from './executions';
import { WORKFLOW_BASE, workflowConnection } from './test-connection';

const fake = withFakeServer();
const TR = '3e0b5413-f75e-4bb6-a27f-89bb308a12f7';
const WF = '45833756-2fe3-45a0-a7e6-03be97762320';
const SRV = '642ae7ec-6261-4b5b-bd0f-4112ef784610';
const executions = `${WORKFLOW_BASE}/executions`;

describe('createExecution', () => {
  it('starts a run with the input as a JSON string and reads it RUNNING (201)', async () => {
    const input = { compute_url: 'http://127.0.0.1:8774/v2.1', server_id: SRV, backup_name: 'spike-direct' };
    fake().expect({
      method: 'POST', path: executions, contentType: 'application/json',
      json: { workflow_name: 'nova_backup', input: JSON.stringify(input), description: 'spike direct run' },
      reply: { status: 201, json: fixture('mistral-execution-create-resp.json') },
    });
    const ex = await createExecution(workflowConnection(fake()), { workflowName: 'nova_backup', input, description: 'spike direct run' });
    expect(ex).toEqual({
      id: 'b4d3a1f2-6a0e-4c59-9a57-3f1f7b0c2e11', workflowId: WF, workflowName: 'nova_backup', description: 'spike direct run', triggeredBy: null,
      state: 'RUNNING', stateInfo: null, input: { ...input, backup_type: 'daily', rotation: 2 }, output: {}, params: { namespace: '', env: {} },
      projectId: '0e55503ea08b4f42bb62a27abe210838', createdAt: '2026-12-01T20:35:45Z', updatedAt: '2026-12-01T20:35:45Z',
    });
  });

  it('sends a given id (Mistral then answers the existing run instead of starting another) and params', async () => {
    const id = 'b4d3a1f2-6a0e-4c59-9a57-3f1f7b0c2e11';
    fake().expect({
      method: 'POST', path: executions,
      json: { id, workflow_id: WF, input: '{}', description: '', params: '{"env":{"k":1}}' },
      reply: { status: 201, json: fixture('mistral-execution-create-resp.json') },
    });
    expect((await createExecution(workflowConnection(fake()), { id, workflowId: WF, params: { env: { k: 1 } } })).id).toBe(id);
  });
});

describe('getExecution', () => {
  it('reads a cron-started run: the trigger from the description, the output published by the task', async () => {
    fake().expect({ method: 'GET', path: `${executions}/c9e8d7f6-1b2a-4c3d-8e9f-0a1b2c3d4e5f`, reply: { status: 200, json: fixture('mistral-execution-show-success.json') } });
    const ex = await getExecution(workflowConnection(fake()), 'c9e8d7f6-1b2a-4c3d-8e9f-0a1b2c3d4e5f');
    expect(ex).toMatchObject({
      state: 'SUCCESS', stateInfo: null, description: `Workflow execution created by cron trigger '(${TR})'.`,
      triggeredBy: { type: 'cron_trigger', id: TR, name: 'spike-cron' },
      output: { http_status: 202, image_id: '5b6a7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d' }, createdAt: '2026-12-01T20:36:00Z', updatedAt: '2026-12-01T20:36:02Z',
    });
  });

  it('reads a failed run: state_info names the task and quotes Nova\'s 404', async () => {
    fake().expect({ method: 'GET', path: `${executions}/d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6`, reply: { status: 200, json: fixture('mistral-execution-show-error.json') } });
    const ex = await getExecution(workflowConnection(fake()), 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6');
    expect(ex.state).toBe('ERROR');
    expect(ex.stateInfo).toMatch(/^Failure caused by error in tasks: create_backup\n/);
    expect(ex.stateInfo).toContain("'status': 404");
    expect(ex.output).toEqual({ result: ex.stateInfo });
  });

  it('keeps a description that merely looks like JSON as it is', async () => {
    fake().expect({ method: 'GET', path: `${executions}/x`, reply: { status: 200, json: { ...fixture<object>('mistral-execution-create-resp.json'), description: '{"a": 1}' } } });
    expect(await getExecution(workflowConnection(fake()), 'x')).toMatchObject({ description: '{"a": 1}', triggeredBy: null });
  });
});

describe('listExecutions', () => {
  it('finds a schedule\'s runs with description=has:<trigger id>, newest first, output included on request', async () => {
    fake().expect({
      method: 'GET', path: executions,
      query: { limit: '20', sort_keys: 'created_at,id', sort_dirs: 'desc,desc', workflow_name: 'nova_backup', description: `has:${TR}`, state: 'ERROR', include_output: 'true' },
      reply: { status: 200, json: fixture('mistral-executions-list-paged.json') },
    });
    const page = await listExecutions(workflowConnection(fake()), {
      limit: 20, sortDir: 'desc', workflowName: 'nova_backup', descriptionHas: TR, state: 'ERROR', includeOutput: true,
    });
    expect(page.nextMarker).toBe('d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6');
    expect(page.executions.map((e) => [e.state, e.output, e.triggeredBy?.id])).toEqual([['SUCCESS', null, TR], ['ERROR', null, TR]]);
  });

  it('refuses a description search holding a LIKE wildcard, and an unknown state', async () => {
    await expect(listExecutions(workflowConnection(fake()), { descriptionHas: '50%' })).rejects.toThrow(/LIKE/);
    await expect(listExecutions(workflowConnection(fake()), { state: 'DONE' as never })).rejects.toThrow();
  });

  it('listAllExecutions follows Mistral\'s next link (filters and id sort carried in it) on the catalog endpoint', async () => {
    fake().expect(
      {
        method: 'GET', path: executions, query: { limit: '1000', sort_keys: 'created_at,id', sort_dirs: 'asc,asc', workflow_id: WF },
        reply: { status: 200, json: fixture('mistral-executions-list-paged.json') },
      },
      {
        method: 'GET', path: executions,
        query: { sort_keys: 'created_at,id', sort_dirs: 'asc,asc', fields: '', workflow_name: 'eq:nova_backup', description: `has:${TR}`, limit: '2', marker: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6' },
        reply: { status: 200, json: { executions: [] } },
      },
    );
    expect(await listAllExecutions(workflowConnection(fake()), { workflowId: WF })).toHaveLength(2);
  });
});
