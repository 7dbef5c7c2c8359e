// The local cloud's Mistral API against Mistral 15's wire shapes (the fixtures written from
// its source, and the spike's capture): status codes, key sets, JSON-string fields, error
// shapes, list filters, paging and next links, and what it refuses.
import { beforeEach, describe, expect, it } from 'vitest';
import cronCapture from '@/lib/testing/fixtures/openstack/mistral-cron-trigger-create-resp.json';
import executionCreate from '@/lib/testing/fixtures/openstack/mistral-execution-create-resp.json';
import executionShow from '@/lib/testing/fixtures/openstack/mistral-execution-show-success.json';
import executionsList from '@/lib/testing/fixtures/openstack/mistral-executions-list-paged.json';
import workflowsCreate from '@/lib/testing/fixtures/openstack/mistral-workflows-create-resp.json';
import workflowShow from '@/lib/testing/fixtures/openstack/mistral-workflow-show.json';
import zedActions from './std-actions.zed.json';
import { parseCli } from '../config';
import { SEED } from '../state/seed';
import { login, sortedKeys, testCloud } from '../test-helpers';
import { BACKUP_WORKFLOW, backupInput, mistral } from './test-kit';

type Cloud = ReturnType<typeof testCloud>;
const PUBLIC = 'http://cloud.test:5480';
const WSME_ERROR_KEYS = ['debuginfo', 'faultcode', 'faultstring'];

let cloud: Cloud;
let demo: string;
let alt: string;
const call = (token: string | null, method: string, path: string, body?: unknown) => mistral(cloud.app, token, method, `/v2${path}`, { body });
const createBackupWorkflow = async (token = demo, query = '?scope=private') => {
  const r = await call(token, 'POST', `/workflows${query}`, BACKUP_WORKFLOW);
  expect(r.status).toBe(201);
  return r.json.workflows[0];
};
const input = () => backupInput(PUBLIC, SEED.servers.web1);

beforeEach(async () => {
  cloud = testCloud({ publicUrl: PUBLIC });
  demo = await login(cloud.app);
  alt = await login(cloud.app, 'alt', 'alt-demo');
});

describe('the service', () => {
  it('is in the catalog as workflowv2 at /workflow/v2, in every region', async () => {
    const res = await cloud.app.request('/identity/v3/auth/catalog', { headers: { 'X-Auth-Token': demo } });
    const catalog = ((await res.json()) as any).catalog;
    const mistralEntry = catalog.find((s: any) => s.type === 'workflowv2');
    expect(mistralEntry.name).toBe('mistral');
    expect(mistralEntry.endpoints.map((e: any) => [e.interface, e.url])).toEqual([
      ['public', `${PUBLIC}/workflow/v2`], ['internal', `${PUBLIC}/workflow/v2`], ['admin', `${PUBLIC}/workflow/v2`],
    ]);
  });

  it('answers / and /v2/ without a token (AuthHook ALLOWED_WITHOUT_AUTH), and nothing else', async () => {
    const root = await mistral(cloud.app, null, 'GET', '/');
    expect(root.status).toBe(200);
    expect(root.json).toEqual({ versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: `${PUBLIC}/workflow/v2`, target: 'v2', rel: 'self' }] }] });
    expect((await mistral(cloud.app, null, 'GET', '/v2/')).json).toEqual({ uri: `${PUBLIC}/workflow/v2` });
    const none = await call(null, 'GET', '/workflows');
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ code: 401, title: 'Unauthorized', description: 'Failed to validate access token: Authentication required' });
    // Mistral echoes an invalid token in its answer (context.py AuthHook): clients must redact it.
    const bad = await call('gAAAAABnot-a-token', 'GET', '/workflows');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('Server-Error-Message')).toBe('Failed to validate access token: Auth token is invalid: gAAAAABnot-a-token');
    // Two WWW-Authenticate headers: the AuthHook's reason and keystonemiddleware's.
    expect(bad.headers.get('WWW-Authenticate')).toBe(`Failed to validate access token: Auth token is invalid: gAAAAABnot-a-token, Keystone uri="${PUBLIC}/identity/v3"`);
  });

  it('renders its 401 as pecan does for the Accept header: JSON, webob\'s HTML page, or plain text (Zed tier)', async () => {
    const as = (accept: string) => mistral(cloud.app, 'bogus', 'GET', '/v2/workflows', { headers: { Accept: accept } });
    const json = await as('application/json');
    expect([json.headers.get('content-type'), json.text]).toEqual(['application/json', '{"code":401,"title":"Unauthorized","description":"Failed to validate access token: Auth token is invalid: bogus"}']);
    const html = await as('*/*');
    expect(html.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(html.text).toBe('<html>\n <head>\n  <title>401 Unauthorized</title>\n </head>\n <body>\n  <h1>401 Unauthorized</h1>\n  This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.<br /><br />\nFailed to validate access token: Auth token is invalid: bogus\n\n\n </body>\n</html>');
    const text = await as('text/xml');
    expect(text.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(text.text).toMatch(/^401 Unauthorized\n\nThis server could not verify .* credentials required\.\n\n Failed to validate access token: Auth token is invalid: bogus {2}$/);
  });

  it('logs its requests as the workflow service and sends no request id (Mistral has no such middleware)', async () => {
    const r = await call(demo, 'GET', '/workflows');
    expect(r.headers.get('x-openstack-request-id')).toBeNull();
    expect(cloud.state.requestLog.at(-1)).toMatchObject({ service: 'workflow', path: '/workflow/v2/workflows', status: 200 });
  });

  it('refuses the parts of Mistral it does not implement with a 400 that says so; unknown paths are 404', async () => {
    for (const [method, path] of [['GET', '/workbooks'], ['PUT', '/executions/x'], ['DELETE', '/executions/x'], ['GET', '/action_executions'], ['GET', '/tasks'], ['POST', '/actions']]) {
      const r = await call(demo, method!, path!, method === 'GET' ? undefined : {});
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.json.faultstring).toBe(`The local cloud's Mistral does not implement ${method} /v2${path}.`);
    }
    expect((await call(demo, 'GET', '/nothing-here')).status).toBe(404);
  });
});

describe('workflows', () => {
  it('POST text/plain YAML: 201, the definition verbatim, the sample\'s keys and interface object', async () => {
    const r = await call(demo, 'POST', '/workflows?scope=private', BACKUP_WORKFLOW);
    expect(r.status).toBe(201);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const w = r.json.workflows[0];
    expect(sortedKeys(w)).toEqual(sortedKeys(workflowsCreate.workflows[0]));
    expect(w).toMatchObject({ name: 'nova_backup', namespace: '', definition: BACKUP_WORKFLOW, scope: 'private', project_id: SEED.projects.demo, tags: [] });
    expect(w.interface).toEqual(workflowsCreate.workflows[0]!.interface);
    expect(w.input).toBe(workflowsCreate.workflows[0]!.input);
    expect(w.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('GET by name or id: interface as a JSON string, updated_at null, the sample\'s keys', async () => {
    const w = await createBackupWorkflow();
    for (const id of ['nova_backup', w.id]) {
      const r = await call(demo, 'GET', `/workflows/${id}`);
      expect(r.status).toBe(200);
      expect(sortedKeys(r.json)).toEqual(sortedKeys(workflowShow));
      expect(r.json.interface).toBe(workflowShow.interface);
      expect(r.json.updated_at).toBeNull();
    }
    const missing = await call(demo, 'GET', '/workflows/nope');
    expect(missing.status).toBe(404);
    expect(sortedKeys(missing.json)).toEqual(WSME_ERROR_KEYS);
    expect(missing.json).toEqual({ faultcode: 'Client', faultstring: 'Workflow not found [workflow_identifier=nope, namespace=]', debuginfo: null });
    // Another project's private workflow is not there for it.
    expect((await call(alt, 'GET', '/workflows/nova_backup')).status).toBe(404);
  });

  it('a second POST of the same name is 409 in pecan\'s {faultstring} shape; a bad scope is 400', async () => {
    await createBackupWorkflow();
    const dup = await call(demo, 'POST', '/workflows', BACKUP_WORKFLOW);
    expect(dup.status).toBe(409);
    // "None" where the project id would be: Mistral formats the record before it is written (Zed tier).
    expect(dup.json).toEqual({ faultstring: "Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: nova_backup, , None" });
    // Names compare as MariaDB's utf8_general_ci does: another case is the same name (Zed tier).
    const upper = await call(demo, 'POST', '/workflows', BACKUP_WORKFLOW.replace('nova_backup:', 'NOVA_BACKUP:'));
    expect([upper.status, upper.json.faultstring]).toEqual([409, "Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: NOVA_BACKUP, , None"]);
    expect((await call(demo, 'GET', '/workflows/Nova_Backup')).json.name).toBe('nova_backup');
    const scope = await call(demo, 'POST', '/workflows?scope=shared', BACKUP_WORKFLOW);
    expect(scope.status).toBe(400);
    expect(scope.json).toEqual({ faultstring: "Scope must be one of the following: ['private', 'public']; actual: shared" });
    // The same name in another namespace, or in another project, is another workflow.
    expect((await call(demo, 'POST', '/workflows?namespace=snapdeck', BACKUP_WORKFLOW)).status).toBe(201);
    expect((await call(alt, 'POST', '/workflows', BACKUP_WORKFLOW)).status).toBe(201);
  });

  it('POST and PUT answer 406 to an Accept without text/plain, before the token is looked at (pecan routes, then hooks; Zed tier)', async () => {
    const send = (method: string, path: string, accept: string, token: string | null = demo) =>
      cloud.app.request(`/workflow/v2${path}`, { method, headers: { ...(token ? { 'X-Auth-Token': token } : {}), 'Content-Type': 'text/plain', Accept: accept }, body: BACKUP_WORKFLOW });
    for (const [method, path] of [['POST', '/workflows'], ['PUT', '/workflows'], ['PUT', '/workflows/nova_backup']] as const) {
      for (const token of [demo, null]) {
        const refused = await send(method, path, 'application/json', token);
        expect([method, path, refused.status, refused.headers.get('content-type'), await refused.text()])
          .toEqual([method, path, 406, 'application/json', '{"code":406,"title":"Not Acceptable","description":null}']);
      }
    }
    expect((await send('POST', '/workflows', 'image/png')).status).toBe(500);
    expect((await send('POST', '/workflows', 'application/json, text/plain;q=0.9')).status).toBe(201);
    expect((await send('POST', '/workflows?namespace=b', '*/*')).status).toBe(201);
    // The JSON routes take application/json as before.
    expect((await call(demo, 'GET', '/workflows')).status).toBe(200);
  });

  it('PUT replaces the definition (by name, or by id answering the one workflow); PUT of an unknown one is 404', async () => {
    const w = await createBackupWorkflow();
    const changed = BACKUP_WORKFLOW.replace('X-OpenStack-Nova-API-Version: "2.45"', 'X-OpenStack-Nova-API-Version: "2.93"');
    const byName = await call(demo, 'PUT', '/workflows', changed);
    expect(byName.status).toBe(200);
    expect(byName.json.workflows[0]).toMatchObject({ id: w.id, definition: changed, updated_at: expect.stringMatching(/^\d{4}-/) });
    const byId = await call(demo, 'PUT', `/workflows/${w.id}`, BACKUP_WORKFLOW);
    expect(byId.status).toBe(200);
    expect(byId.json).toMatchObject({ id: w.id, definition: BACKUP_WORKFLOW });
    // A PUT that changes nothing writes nothing: updated_at stays as it was (Zed tier: null on a new workflow).
    const fresh = await createBackupWorkflow(demo, '?namespace=same');
    const same = await call(demo, 'PUT', '/workflows?namespace=same', BACKUP_WORKFLOW);
    expect(same.json.workflows[0]).toMatchObject({ id: fresh.id, updated_at: null });
    expect((await call(demo, 'GET', `/workflows/${fresh.id}`)).json.updated_at).toBeNull();
    // Renaming by id onto the name of another workflow is the unique key's 409.
    await call(demo, 'POST', '/workflows', BACKUP_WORKFLOW.replace('nova_backup:', 'taken_name:'));
    const clash = await call(demo, 'PUT', `/workflows/${w.id}`, BACKUP_WORKFLOW.replace('nova_backup:', 'taken_name:'));
    expect(clash.status).toBe(409);
    expect(clash.json.faultstring).toMatch(/^Duplicate entry for WorkflowDefinition/);
    const unknown = await call(demo, 'PUT', '/workflows', BACKUP_WORKFLOW.replace('nova_backup:', 'other_backup:'));
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ faultstring: 'Workflow not found [workflow_identifier=other_backup, namespace=]' });
  });

  it('a public workflow is visible to other projects, which cannot change or delete it (403)', async () => {
    await createBackupWorkflow(demo, '?scope=public');
    expect((await call(alt, 'GET', '/workflows/nova_backup')).json.scope).toBe('public');
    const put = await call(alt, 'PUT', '/workflows', BACKUP_WORKFLOW);
    expect(put.status).toBe(403);
    expect(put.json.faultstring).toMatch(/^Can not access WorkflowDefinition resource of other projects, ID: /);
    expect((await call(alt, 'DELETE', '/workflows/nova_backup')).status).toBe(403);
  });

  it('DELETE is 204; while a cron trigger uses the workflow it is 400 with Mistral\'s sentence', async () => {
    await createBackupWorkflow();
    const t = await call(demo, 'POST', '/cron_triggers', { name: 'nightly', workflow_name: 'nova_backup', pattern: '0 3 * * *', workflow_input: JSON.stringify(input()) });
    const refused = await call(demo, 'DELETE', '/workflows/nova_backup');
    expect(refused.status).toBe(400);
    expect(refused.json.faultstring).toBe(`Can't delete workflow that has cron triggers associated. [workflow_identifier=nova_backup, namespace=], [cron_trigger_id(s)=${t.json.id}]`);
    expect((await call(demo, 'DELETE', '/cron_triggers/nightly')).status).toBe(204);
    expect((await call(demo, 'DELETE', '/workflows/nova_backup')).status).toBe(204);
    expect((await call(demo, 'GET', '/workflows/nova_backup')).status).toBe(404);
  });

  it('an invalid definition is 400 in pecan\'s shape', async () => {
    const r = await call(demo, 'POST', '/workflows', "version: '2.0'\nwf:\n  tasks:\n    t:\n      action: std.noop\n      retry: {count: 2}\n");
    expect(r.status).toBe(400);
    expect(sortedKeys(r.json)).toEqual(['faultstring']);
    expect(r.json.faultstring).toMatch(/^The local cloud's Mistral cannot run this workflow: task 't' of workflow 'wf' uses 'retry'/);
  });

  it('lists with filters, sort, limit and Mistral\'s next link (the filters and the id sort carried in it)', async () => {
    for (const name of ['wf_a', 'wf_b', 'wf_c']) {
      expect((await call(demo, 'POST', '/workflows', `version: '2.0'\n${name}:\n  tags: [snapdeck]\n  tasks:\n    t:\n      action: std.noop\n`)).status).toBe(201);
    }
    const page = await call(demo, 'GET', '/workflows?limit=2&sort_keys=name&sort_dirs=desc&name=neq:wf_a');
    expect(page.json.workflows.map((w: any) => w.name)).toEqual(['wf_c', 'wf_b']);
    // No `fields=` in the link when no fields were asked for (Zed tier).
    expect(page.json.next).toBe(`${PUBLIC}/workflow/v2/workflows?sort_keys=name,id&sort_dirs=desc,asc&name=neq:wf_a&limit=2&marker=${page.json.workflows[1].id}`);
    const rest = await mistral(cloud.app, demo, 'GET', new URL(page.json.next).pathname.replace('/workflow', '') + new URL(page.json.next).search);
    expect(rest.json).toEqual({ workflows: [] });
    expect((await call(demo, 'GET', '/workflows?name=has:_b')).json.workflows.map((w: any) => w.name)).toEqual(['wf_b']);
    expect((await call(demo, 'GET', '/workflows?name=in:wf_a,wf_c')).json.workflows.map((w: any) => w.name)).toEqual(['wf_a', 'wf_c']);
    // utf8_general_ci: filters ignore case, and LIKE's _ matches any one character.
    expect((await call(demo, 'GET', '/workflows?name=WF_B')).json.workflows.map((w: any) => w.name)).toEqual(['wf_b']);
    expect((await call(demo, 'GET', '/workflows?name=has:F_C')).json.workflows.map((w: any) => w.name)).toEqual(['wf_c']);
    expect((await call(demo, 'GET', '/workflows')).json.next).toBeUndefined();
  });

  it('refuses bad list parameters as Mistral does, and those it does not implement', async () => {
    expect((await call(demo, 'GET', '/workflows?limit=0')).json.faultstring).toBe('Limit must be positive.');
    expect((await call(demo, 'GET', '/workflows?limit=x')).status).toBe(400);
    expect((await call(demo, 'GET', '/workflows?sort_dirs=up')).json.faultstring).toBe("Unknown sort direction, must be 'desc' or 'asc'.");
    expect((await call(demo, 'GET', '/workflows?sort_keys=name&sort_dirs=asc,desc')).json.faultstring).toBe('Length of sort_keys must be equal or greater than sort_dirs.');
    expect((await call(demo, 'GET', '/workflows?colour=blue')).json.faultstring).toBe('Unknown argument: "colour"');
    expect((await call(demo, 'GET', '/workflows?tags=x')).json.faultstring).toMatch(/does not implement the "tags" parameter/);
    expect((await call(demo, 'GET', '/workflows?fields=name')).status).toBe(400);
    const marker = await call(demo, 'GET', '/workflows?marker=00000000-0000-4000-8000-000000000000');
    expect(marker.status).toBe(404);
    expect(marker.json.faultstring).toBe('Workflow not found [workflow_id=00000000-0000-4000-8000-000000000000]');
  });
});

describe('cron triggers', () => {
  beforeEach(async () => {
    await createBackupWorkflow();
  });
  const post = (body: Record<string, unknown>) => call(demo, 'POST', '/cron_triggers', { workflow_name: 'nova_backup', workflow_input: JSON.stringify(input()), ...body });

  it('POST: 201 with the capture\'s keys, workflow_input a JSON string, next run the coming minute', async () => {
    const r = await post({ name: 'spike-cron', pattern: '* * * * *' });
    expect(r.status).toBe(201);
    expect(sortedKeys(r.json)).toEqual(sortedKeys(cronCapture));
    expect(r.json).toMatchObject({ name: 'spike-cron', workflow_name: 'nova_backup', workflow_params: '{}', scope: 'private', pattern: '* * * * *', remaining_executions: null, first_execution_time: null, project_id: SEED.projects.demo });
    expect(JSON.parse(r.json.workflow_input)).toEqual(input());
    expect(r.json.workflow_input).toContain('", "server_id": "'); // json.dumps' separators
    const created = Date.parse(`${r.json.created_at.replace(' ', 'T')}Z`);
    const next = Date.parse(`${r.json.next_execution_time.replace(' ', 'T')}Z`);
    expect(next % 60_000).toBe(0);
    expect(next - created).toBeGreaterThan(0);
    expect(next - created).toBeLessThanOrEqual(60_000);
    // A GET shows updated_at (null until the first run), by name or by id.
    const got = await call(demo, 'GET', `/cron_triggers/${r.json.id}`);
    expect(got.json.updated_at).toBeNull();
    expect((await call(demo, 'GET', '/cron_triggers/spike-cron')).json.id).toBe(r.json.id);
  });

  it('takes the input as an object too, and the workflow by id; a one-off at first_execution_time counts 1', async () => {
    const wf = (await call(demo, 'GET', '/workflows/nova_backup')).json;
    const first = new Date(Date.now() + 3 * 60_000).toISOString().slice(0, 16).replace('T', ' ');
    const r = await call(demo, 'POST', '/cron_triggers', { name: 'once', workflow_id: wf.id, workflow_input: input(), first_execution_time: first });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ pattern: null, first_execution_time: `${first}:00`, next_execution_time: `${first}:00`, remaining_executions: 1 });
  });

  it('refuses bad triggers with Mistral\'s 400s', async () => {
    const soon = new Date(Date.now() + 30_000).toISOString().slice(0, 16).replace('T', ' ');
    const cases: [Record<string, unknown>, string | RegExp][] = [
      [{ name: 'a' }, 'Pattern or first_execution_time must be specified.'],
      [{ name: 'a', pattern: '61 * * * *' }, 'The specified pattern is not valid: 61 * * * *'],
      [{ name: 'a', first_execution_time: soon }, 'first_execution_time must be at least 1 minute in the future.'],
      [{ name: 'a', first_execution_time: '2030-01-01 10:00:00' }, 'unconverted data remains: :00'],
      [{ name: 'a', first_execution_time: 'tomorrow' }, "time data 'tomorrow' does not match format '%Y-%m-%d %H:%M'"],
      [{ name: 'a', first_execution_time: '2030-01-01 10:00', remaining_executions: 2 }, 'Pattern must be provided if count is superior to 1.'],
      [{ name: 'a', pattern: '@daily', remaining_executions: 0 }, /remaining_executions.*greater or equal to 1/],
      [{ name: 'a', pattern: '@daily', workflow_input: '[1]' }, 'JsonType field value must be a dictionary [actual=[1]]'],
      [{ name: 'a', pattern: '@daily', workflow_input: JSON.stringify({ server_id: 'x' }) }, "Invalid input [name=nova_backup, class=DirectWorkflowSpec, missing=['compute_url', 'backup_name']]"],
      [{ name: 'a', pattern: '@daily', workflow_input: JSON.stringify({ ...input(), extra: 1 }) }, "Invalid input [name=nova_backup, class=DirectWorkflowSpec, unexpected=['extra']]"],
      [{ name: 'a', pattern: '@daily', colour: 'blue' }, 'Unknown attribute for argument cron_trigger: colour'],
      [{ pattern: '@daily' }, 'Invalid input: a cron trigger needs a name.'],
    ];
    for (const [body, message] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      if (typeof message === 'string') expect(r.json.faultstring).toBe(message);
      else expect(r.json.faultstring).toMatch(message);
      expect(sortedKeys(r.json)).toEqual(WSME_ERROR_KEYS);
    }
    expect((await post({ name: 'a', pattern: '@daily', workflow_name: 'nope' })).status).toBe(404);
    const text = await cloud.app.request('/workflow/v2/cron_triggers', { method: 'POST', headers: { 'X-Auth-Token': demo, 'Content-Type': 'text/plain' }, body: 'name: a' });
    expect(text.status).toBe(415);
  });

  it('a name is unique in its project (409); another project has its own names and sees none of these', async () => {
    expect((await post({ name: 'nightly', pattern: '0 3 * * *' })).status).toBe(201);
    const dup = await post({ name: 'nightly', pattern: '0 4 * * *' });
    expect(dup.status).toBe(409);
    expect(dup.json.faultstring).toBe("Duplicate entry for cron trigger ['name', 'project_id']: nightly, None");
    expect((await post({ name: 'NIGHTLY', pattern: '0 4 * * *' })).status).toBe(409);
    expect((await call(demo, 'GET', '/cron_triggers/Nightly')).json.name).toBe('nightly');
    expect((await call(alt, 'GET', '/cron_triggers')).json.cron_triggers).toEqual([]);
    expect((await call(alt, 'GET', '/cron_triggers/nightly')).status).toBe(404);
    expect((await call(alt, 'DELETE', '/cron_triggers/nightly')).status).toBe(404);
  });

  it('lists by workflow and name, pages; DELETE is 204 then 404', async () => {
    for (const name of ['s-1', 's-2', 'other']) expect((await post({ name, pattern: '0 3 * * *' })).status).toBe(201);
    const page = await call(demo, 'GET', '/cron_triggers?workflow_name=nova_backup&name=has:s-&limit=1&sort_keys=name');
    expect(page.json.cron_triggers.map((t: any) => t.name)).toEqual(['s-1']);
    // In the controller's order of filters (name before workflow_name).
    expect(page.json.next).toContain('sort_keys=name,id&sort_dirs=asc,asc&name=has:s-&workflow_name=eq:nova_backup&limit=1&marker=');
    const deleted = await call(demo, 'DELETE', '/cron_triggers/s-1');
    expect(deleted.status).toBe(204);
    const again = await call(demo, 'DELETE', '/cron_triggers/s-1');
    expect(again.json).toEqual({ faultcode: 'Client', faultstring: 'Cron trigger not found [identifier=s-1]', debuginfo: null });
  });
});

describe('executions', () => {
  beforeEach(async () => {
    await createBackupWorkflow();
  });

  it('POST: 201 RUNNING with the sample\'s keys; input with defaults, as a JSON string; GET adds output and published_global', async () => {
    const required = { compute_url: input().compute_url, server_id: input().server_id, backup_name: input().backup_name };
    const r = await call(demo, 'POST', '/executions', { workflow_name: 'nova_backup', input: JSON.stringify(required), description: 'by hand' });
    expect(r.status).toBe(201);
    expect(sortedKeys(r.json)).toEqual(sortedKeys(executionCreate));
    expect(r.json).toMatchObject({ state: 'RUNNING', description: 'by hand', params: '{"namespace": "", "env": {}}', output: '{}', project_id: SEED.projects.demo });
    expect(JSON.parse(r.json.input)).toEqual({ ...required, backup_type: 'daily', rotation: 2 });
    const got = await call(demo, 'GET', `/executions/${r.json.id}`);
    expect(sortedKeys(got.json)).toEqual(sortedKeys(executionShow));
    expect(got.json.published_global).toBe('{}');
  });

  it('refuses a bad start as Mistral does', async () => {
    const cases: [Record<string, unknown>, number, string | RegExp][] = [
      [{ input: '{}' }, 400, 'Workflow ID or workflow name must be provided. Workflow ID is recommended.'],
      [{ workflow_name: 'nope' }, 404, 'Workflow not found [workflow_identifier=nope, namespace=]'],
      [{ workflow_name: 'nova_backup', input: '{}' }, 400, "Invalid input [name=nova_backup, class=DirectWorkflowSpec, missing=['compute_url', 'server_id', 'backup_name']]"],
      [{ workflow_name: 'nova_backup', input: 'not json' }, 400, /input.*not a valid JSON/],
      [{ workflow_name: 'nova_backup', source_execution_id: 'x' }, 400, /does not implement "source_execution_id"/],
      [{ workflow_name: 'nova_backup', input: JSON.stringify(input()), params: JSON.stringify({ env: 'prod' }) }, 400, /params\.env as an object only/],
    ];
    for (const [body, status, message] of cases) {
      const r = await call(demo, 'POST', '/executions', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      if (typeof message === 'string') expect(r.json.faultstring).toBe(message);
      else expect(r.json.faultstring).toMatch(message);
    }
  });

  it('POST with an id that exists answers that execution and starts nothing', async () => {
    const first = await call(demo, 'POST', '/executions', { workflow_name: 'nova_backup', input: JSON.stringify(input()) });
    const again = await call(demo, 'POST', '/executions', { id: first.json.id, workflow_name: 'nova_backup', input: JSON.stringify(input()) });
    expect(again.status).toBe(201);
    expect(again.json.id).toBe(first.json.id);
    expect((await call(demo, 'GET', '/executions')).json.executions).toHaveLength(1);
  });

  it('lists: no output unless include_output, filters by workflow, state and description=has:, pages newest first', async () => {
    const ids: string[] = [];
    for (const d of ['first run', 'second run', 'third run']) {
      ids.push((await call(demo, 'POST', '/executions', { workflow_name: 'nova_backup', input: JSON.stringify(input()), description: d })).json.id);
    }
    const all = await call(demo, 'GET', '/executions');
    expect(all.json.executions).toHaveLength(3);
    expect(sortedKeys(all.json.executions[0])).toEqual(sortedKeys(executionsList.executions[0]));
    expect(all.json.executions[0]).not.toHaveProperty('output');
    expect((await call(demo, 'GET', '/executions?include_output=true')).json.executions[0]).toHaveProperty('output');
    expect((await call(demo, 'GET', '/executions?description=has:second')).json.executions.map((e: any) => e.id)).toEqual([ids[1]]);
    expect((await call(demo, 'GET', '/executions?workflow_name=other')).json.executions).toEqual([]);
    // state is a column filter, not an enum: any value, any operator, any case (Zed tier).
    expect((await call(demo, 'GET', '/executions?state=DONE')).json).toEqual({ executions: [] });
    expect((await call(demo, 'GET', '/executions?state=in:running,success,error')).json.executions).toHaveLength(3);
    const newest = await call(demo, 'GET', '/executions?sort_keys=created_at,id&sort_dirs=desc,desc&limit=2&workflow_name=nova_backup');
    expect(newest.json.executions).toHaveLength(2);
    expect(newest.json.next).toMatch(/\?sort_keys=created_at,id&sort_dirs=desc,desc&workflow_name=eq:nova_backup&limit=2&marker=/);
    const next = new URL(newest.json.next);
    const rest = await mistral(cloud.app, demo, 'GET', `${next.pathname.replace('/workflow', '')}${next.search}`);
    const seen = [...newest.json.executions, ...rest.json.executions].map((e: any) => e.id);
    expect(seen.sort()).toEqual([...ids].sort());
    expect((await call(alt, 'GET', '/executions')).json.executions).toEqual([]);
    expect((await call(alt, 'GET', `/executions/${ids[0]}`)).status).toBe(404);
  });
});

describe('actions', () => {
  it('lists Debian\'s 14 std actions, none of the OpenStack ones, as the Zed tier lists them; by name', async () => {
    const all = await call(demo, 'GET', '/actions');
    expect(all.json.actions).toHaveLength(14);
    expect(all.json.actions).toEqual(zedActions);
    expect(all.json.actions.every((a: any) => a.name.startsWith('std.'))).toBe(true);
    const http = await call(demo, 'GET', '/actions?name=std.http');
    expect(http.json.actions.map((a: any) => a.name)).toEqual(['std.http']);
    expect((await call(demo, 'GET', '/actions?name=nova.servers_backup')).json.actions).toEqual([]);
    expect((await call(demo, 'GET', '/actions/nova.servers_backup')).status).toBe(404);
    // The Python actions have no scope; only populate's ad-hoc std.wait_ssh is public.
    expect((await call(demo, 'GET', '/actions/std.http')).json).toMatchObject({ id: 'std.http', name: 'std.http', is_system: false, scope: null });
    expect((await call(demo, 'GET', '/actions?name=in:std.echo,std.noop')).json.actions.map((a: any) => a.name)).toEqual(['std.echo', 'std.noop']);
    expect((await call(demo, 'GET', '/actions?scope=private')).json.actions).toEqual([]);
    expect((await call(demo, 'GET', '/actions?scope=public')).json.actions.map((a: any) => a.name)).toEqual(['std.wait_ssh']);
    // Mistral 15 pages actions from the marker itself: the last of a page comes again. The
    // link sorts by name and id and always carries the namespace filter.
    const page = await call(demo, 'GET', '/actions?limit=2');
    expect(page.json.next).toBe(`${PUBLIC}/workflow/v2/actions?sort_keys=name,id&sort_dirs=asc,asc&namespace=eq:&limit=2&marker=std.echo`);
    const wait = await call(demo, 'GET', '/actions?scope=public&name=has:std&limit=1');
    expect(wait.json.next).toBe(`${PUBLIC}/workflow/v2/actions?sort_keys=name,id&sort_dirs=asc,asc&name=has:std&scope=eq:public&namespace=eq:&limit=1&marker=${wait.json.actions[0].id}`);
    expect((await call(demo, 'GET', '/actions?limit=2&marker=std.echo')).json.actions.map((a: any) => a.name)).toEqual(['std.echo', 'std.email']);
    for (const q of ['sort_keys=description', 'sort_dirs=desc', 'fields=name', 'is_system=false']) {
      expect((await call(demo, 'GET', `/actions?${q}`)).status, q).toBe(400);
    }
  });
});

describe('--no-mistral', () => {
  it('is a command-line switch and an option of startLocalCloud, on by default', () => {
    expect(parseCli([], {}).options.mistral).toBe(true);
    expect(parseCli(['--no-mistral'], {}).options.mistral).toBe(false);
  });

  it('leaves workflowv2 out of the catalog and /workflow unknown', async () => {
    const c = testCloud({ publicUrl: PUBLIC, mistral: false });
    const token = await login(c.app);
    const catalog = ((await (await c.app.request('/identity/v3/auth/catalog', { headers: { 'X-Auth-Token': token } })).json()) as any).catalog;
    expect(catalog.map((s: any) => s.type)).not.toContain('workflowv2');
    expect(catalog.map((s: any) => s.type)).toContain('compute');
    expect((await mistral(c.app, token, 'GET', '/v2/workflows')).status).toBe(404);
    expect((await c.app.request('/__admin/clock')).status).toBe(404);
  });
});
