import { describe, expect, it } from 'vitest';
import { OpenStackCapabilityError, OpenStackError } from '../errors';
import { fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { WORKFLOW_BASE, workflowConnection } from './test-connection';
import { createWorkflows, deleteWorkflow, getWorkflow, listAllWorkflows, listWorkflows, updateWorkflows } from './workflows';

const fake = withFakeServer();
const WF = '45833756-2fe3-45a0-a7e6-03be97762320';
const DEFINITION = fixture<{ workflows: { definition: string }[] }>('mistral-workflows-create-resp.json').workflows[0]!.definition;
const workflows = `${WORKFLOW_BASE}/workflows`;
const listDefaults = { limit: '50', sort_keys: 'created_at,id', sort_dirs: 'asc,asc' };
// Mistral 15 answers 406 to POST/PUT /v2/workflows with `Accept: application/json` alone (Zed tier).
const YAML_ACCEPT = 'application/json, text/plain;q=0.9';

const expected = {
  id: WF, name: 'nova_backup', namespace: '', definition: DEFINITION,
  inputs: [
    { name: 'compute_url', required: true }, { name: 'server_id', required: true }, { name: 'backup_name', required: true },
    { name: 'backup_type', required: false, default: 'daily' }, { name: 'rotation', required: false, default: 2 },
  ],
  tags: [], scope: 'private', projectId: '0e55503ea08b4f42bb62a27abe210838', createdAt: '2026-12-01T20:35:40Z',
};

async function failure(p: Promise<unknown>): Promise<OpenStackError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof OpenStackError)) throw new Error(`expected an OpenStackError, got ${String(err)}`);
  return err;
}

describe('createWorkflows', () => {
  it('POSTs the YAML as text/plain, accepting text/plain, with ?scope=private and reads the interface object (201)', async () => {
    fake().expect({
      method: 'POST', path: workflows, query: { scope: 'private' }, contentType: 'text/plain', accept: YAML_ACCEPT, rawBody: DEFINITION, microversion: null,
      reply: { status: 201, json: fixture('mistral-workflows-create-resp.json') },
    });
    expect(await createWorkflows(workflowConnection(fake()), DEFINITION)).toEqual([{ ...expected, updatedAt: null }]);
  });

  it('keeps Mistral\'s faultstring: a duplicate name is 409', async () => {
    fake().expect({ method: 'POST', path: workflows, query: { scope: 'public', namespace: 'snapdeck' }, accept: YAML_ACCEPT, reply: { status: 409, json: fixture('mistral-409-workflow-duplicate.json') } });
    const err = await failure(createWorkflows(workflowConnection(fake()), DEFINITION, { scope: 'public', namespace: 'snapdeck' }));
    expect(err.is(409)).toBe(true);
    expect(err.service).toBe('workflow');
    expect(err.safeMessage).toBe("Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: nova_backup, , 0e55503ea08b4f42bb62a27abe210838");
  });

  it('sends nothing without a workflow endpoint (a cloud without Mistral)', async () => {
    const err = await createWorkflows(fakeConnection(fake()), DEFINITION).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackCapabilityError);
    expect((err as OpenStackCapabilityError).reason).toBe('no-workflow-service');
    expect(fake().requests).toEqual([]);
  });

  it('refuses an empty definition before sending', async () => {
    await expect(createWorkflows(workflowConnection(fake()), '')).rejects.toThrow();
  });

  it('an answer with another success code is invalid, not success', async () => {
    fake().expect({ method: 'POST', path: workflows, query: { scope: 'private' }, accept: YAML_ACCEPT, reply: { status: 200, json: fixture('mistral-workflows-create-resp.json') } });
    expect((await failure(createWorkflows(workflowConnection(fake()), DEFINITION))).kind).toBe('invalid-response');
  });
});

describe('updateWorkflows', () => {
  it('PUTs the text to /workflows, accepting text/plain, and reads the list (200)', async () => {
    fake().expect({
      method: 'PUT', path: workflows, query: { scope: 'private' }, contentType: 'text/plain', accept: YAML_ACCEPT, rawBody: DEFINITION,
      reply: { status: 200, json: fixture('mistral-workflows-create-resp.json') },
    });
    expect((await updateWorkflows(workflowConnection(fake()), DEFINITION)).map((w) => w.name)).toEqual(['nova_backup']);
  });

  it('with an identifier, PUTs to /workflows/<id> and reads the one workflow Mistral answers', async () => {
    const one = fixture<{ workflows: object[] }>('mistral-workflows-create-resp.json').workflows[0];
    fake().expect({ method: 'PUT', path: `${workflows}/${WF}`, query: { scope: 'private' }, accept: YAML_ACCEPT, rawBody: DEFINITION, reply: { status: 200, json: one } });
    expect(await updateWorkflows(workflowConnection(fake()), DEFINITION, { identifier: WF })).toEqual([{ ...expected, updatedAt: null }]);
  });
});

describe('getWorkflow, listWorkflows, deleteWorkflow', () => {
  it('gets one by name: interface is a JSON string there', async () => {
    fake().expect({ method: 'GET', path: `${workflows}/nova_backup`, reply: { status: 200, json: fixture('mistral-workflow-show.json') } });
    expect(await getWorkflow(workflowConnection(fake()), 'nova_backup')).toEqual({ ...expected, updatedAt: null });
  });

  it('404 keeps the faultstring of the WSME error shape', async () => {
    fake().expect({ method: 'GET', path: `${workflows}/nova_backup`, query: { namespace: 'x' }, reply: { status: 404, json: fixture('mistral-404-workflow.json') } });
    const err = await failure(getWorkflow(workflowConnection(fake()), 'nova_backup', { namespace: 'x' }));
    expect(err.is(404)).toBe(true);
    expect(err.safeMessage).toBe('Workflow not found [workflow_identifier=nova_backup, namespace=]');
  });

  it('lists with filters, sort and limit, and reads the marker of Mistral\'s absolute next link', async () => {
    fake().expect({
      method: 'GET', path: workflows,
      query: { limit: '1', sort_keys: 'name,id', sort_dirs: 'desc,desc', name: 'nova_backup', tags: 'snapdeck,backup', scope: 'private' },
      reply: { status: 200, json: fixture('mistral-workflows-list-paged.json') },
    });
    const page = await listWorkflows(workflowConnection(fake()), { limit: 1, sortKey: 'name', sortDir: 'desc', name: 'nova_backup', tags: ['snapdeck', 'backup'], scope: 'private' });
    expect(page.nextMarker).toBe(WF);
    expect(page.workflows[0]?.inputs).toHaveLength(5);
  });

  it('sends a name that starts with a filter operator as eq:<name>', async () => {
    fake().expect({ method: 'GET', path: workflows, query: { ...listDefaults, name: 'eq:has:x' }, reply: { status: 200, json: { workflows: [] } } });
    expect((await listWorkflows(workflowConnection(fake()), { name: 'has:x' })).nextMarker).toBeNull();
  });

  it('listAllWorkflows follows the next link on the catalog endpoint, never its host, and stops at an empty page', async () => {
    fake().expect(
      { method: 'GET', path: workflows, query: { ...listDefaults, limit: '1000' }, reply: { status: 200, json: fixture('mistral-workflows-list-paged.json') } },
      {
        method: 'GET', path: workflows, query: { sort_keys: 'created_at,id', sort_dirs: 'asc,asc', fields: '', limit: '1', marker: WF },
        reply: { status: 200, json: { workflows: [] } },
      },
    );
    expect((await listAllWorkflows(workflowConnection(fake()))).map((w) => w.id)).toEqual([WF]);
  });

  it('deletes (204); a workflow a cron trigger still uses is 400, with the trigger named', async () => {
    fake().expect(
      { method: 'DELETE', path: `${workflows}/nova_backup`, reply: { status: 400, json: fixture('mistral-400-delete-workflow-with-trigger.json') } },
      { method: 'DELETE', path: `${workflows}/nova_backup`, reply: { status: 204 } },
    );
    const err = await failure(deleteWorkflow(workflowConnection(fake()), 'nova_backup'));
    expect(err.is(400)).toBe(true);
    expect(err.safeMessage).toMatch(/^Can't delete workflow that has cron triggers associated\. .*3e0b5413-f75e-4bb6-a27f-89bb308a12f7\]$/);
    await deleteWorkflow(workflowConnection(fake()), 'nova_backup');
  });
});
