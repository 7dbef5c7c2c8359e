// The local cloud's Mistral engine, for real against the local Nova: the spike's backup
// workflow run by hand and by a cron trigger (rotation kept by Nova), failures explained in
// state_info as Mistral explains them, the clock control, the trust, persistence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../state/seed';
import { createLocalCloud } from '../server';
import { login, testCloud, until } from '../test-helpers';
import { compute } from '../nova/test-kit';
import { MAX_EXECUTIONS } from './engine';
import { advanceClock, BACKUP_WORKFLOW, backupInput, mistral } from './test-kit';

type Cloud = ReturnType<typeof testCloud>;
const PUBLIC = 'http://cloud.test:5480';
let cloud: Cloud;
let demo: string;

const call = (method: string, p: string, body?: unknown, token = demo) => mistral(cloud.app, token, method, `/v2${p}`, { body });
const execution = (id: string) => call('GET', `/executions/${id}`).then((r) => r.json);
const finished = (id: string) => until(`execution ${id} to finish`, async () => {
  const ex = await execution(id);
  return ex.state !== 'RUNNING' ? ex : undefined;
}, { timeoutMs: 5000, intervalMs: 5 });
const backupsOf = async (serverId: string, backupType: string) => {
  const res = await cloud.app.request(`/image/v2/images?image_type=backup&instance_uuid=${serverId}&backup_type=${backupType}`, { headers: { 'X-Auth-Token': demo } });
  return ((await res.json()) as any).images as any[];
};
const defineWorkflow = async (text: string) => {
  const r = await call('POST', '/workflows', text);
  expect(r.status, r.text).toBe(201);
  return r.json.workflows[0];
};
const newTrigger = async (body: Record<string, unknown>) => {
  const r = await call('POST', '/cron_triggers', body);
  expect(r.status, r.text).toBe(201);
  return r.json;
};
/** A server of project demo that the test may delete. */
const bootServer = async (name: string): Promise<string> => {
  const r = await compute(cloud.app, demo, 'POST', '/v2.1/servers', {
    version: '2.93', body: { server: { name, imageRef: SEED.images.debian12, flavorRef: 'd2-2', networks: 'none' } },
  });
  const id = r.json.server.id as string;
  await until(`${name} ACTIVE`, async () => (await compute(cloud.app, demo, 'GET', `/v2.1/servers/${id}`)).json.server.status === 'ACTIVE');
  return id;
};

beforeEach(async () => {
  cloud = testCloud({ publicUrl: PUBLIC });
  demo = await login(cloud.app);
});
afterEach(async () => {
  await cloud.dispose();
});

describe('running the backup workflow', () => {
  it('by hand: std.http POSTs createBackup to the local Nova with the caller\'s token; the output is what the task published', async () => {
    await defineWorkflow(BACKUP_WORKFLOW);
    const started = await call('POST', '/executions', { workflow_name: 'nova_backup', input: JSON.stringify(backupInput(PUBLIC, SEED.servers.web1, 'manual', 1)) });
    expect(started.json.state).toBe('RUNNING');
    const ex = await finished(started.json.id);
    expect(ex).toMatchObject({ state: 'SUCCESS', state_info: null });
    const output = JSON.parse(ex.output);
    expect(output).toEqual({ http_status: 202, image_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const backups = await until('the backup image', async () => {
      const list = await backupsOf(SEED.servers.web1, 'manual');
      return list.length === 1 ? list : undefined;
    });
    expect(backups[0]).toMatchObject({ id: output.image_id, name: 'manual-backup', image_type: 'backup', backup_type: 'manual', instance_uuid: SEED.servers.web1 });
    // Nova saw a createBackup at microversion 2.45 (the workflow's header), as the request log shows.
    expect(cloud.state.requestLog.some((r) => r.method === 'POST' && r.path === `/compute/v2.1/servers/${SEED.servers.web1}/action` && r.status === 202)).toBe(true);
  });

  it('by a cron trigger every minute with rotation 2: three minutes later, three runs and exactly two backups', async () => {
    await defineWorkflow(BACKUP_WORKFLOW);
    const serverId = await bootServer('cron-target');
    const trigger = await newTrigger({ name: 'snapdeck-every-minute', workflow_name: 'nova_backup', pattern: '* * * * *', workflow_input: JSON.stringify(backupInput(PUBLIC, serverId, 'minutely', 2)) });
    const moved = await advanceClock(cloud.app, 180);
    expect(moved.status).toBe(200);
    expect(moved.json.settled).toBe(true);
    expect(moved.json.executions).toHaveLength(3);
    const runs = (await call('GET', `/executions?description=has:${trigger.id}&sort_keys=created_at&sort_dirs=asc`)).json.executions;
    expect(runs.map((r: any) => r.state)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    // One a minute, on the minute of Mistral's clock.
    const times = runs.map((r: any) => Date.parse(`${r.created_at.replace(' ', 'T')}Z`));
    expect(times.map((t: number) => t % 60_000)).toEqual([0, 0, 0]);
    expect([times[1] - times[0], times[2] - times[1]]).toEqual([60_000, 60_000]);
    expect(JSON.parse(runs[0].description)).toEqual({
      description: `Workflow execution created by cron trigger '(${trigger.id})'.`,
      triggered_by: { type: 'cron_trigger', id: trigger.id, name: 'snapdeck-every-minute' },
    });
    const made = await Promise.all(runs.map(async (r: any) => JSON.parse((await execution(r.id)).output).image_id as string));
    const backups = await backupsOf(serverId, 'minutely');
    expect(backups).toHaveLength(2);
    expect(backups.map((b) => b.id).sort()).toEqual(made.slice(1).sort());
    const after = (await call('GET', `/cron_triggers/${trigger.id}`)).json;
    expect(Date.parse(`${after.next_execution_time.replace(' ', 'T')}Z`)).toBe(times[2] + 60_000);
    expect(after.updated_at).not.toBeNull();
  });

  it('against a deleted instance: ERROR, and state_info says the instance could not be found (Nova\'s 404), as Mistral words it', async () => {
    await defineWorkflow(BACKUP_WORKFLOW);
    const serverId = await bootServer('doomed');
    await newTrigger({ name: 'orphan', workflow_name: 'nova_backup', pattern: '* * * * *', workflow_input: JSON.stringify(backupInput(PUBLIC, serverId)) });
    expect((await compute(cloud.app, demo, 'DELETE', `/v2.1/servers/${serverId}`)).status).toBe(204);
    await until('the server to be gone', async () => (await compute(cloud.app, demo, 'GET', `/v2.1/servers/${serverId}`)).status === 404);
    const moved = await advanceClock(cloud.app, 60);
    expect(moved.json.executions).toHaveLength(1);
    const ex = await execution(moved.json.executions[0].id);
    expect(ex.state).toBe('ERROR');
    expect(ex.state_info).toMatch(/^Failure caused by error in tasks: create_backup\n\n {2}create_backup \[task_ex_id=[0-9a-f-]{36}\] -> \{'content': \{'itemNotFound': \{'code': 404, 'message': 'Instance [0-9a-f-]{36} could not be found\.'\}\}, 'status': 404, /);
    expect(ex.state_info).toMatch(/\n {4}\[action_ex_id=[0-9a-f-]{36}, idx=0\]: \{'content': /);
    expect(ex.state_info).toContain("'reason': 'Not Found'");
    expect(JSON.parse(ex.output)).toEqual({ result: ex.state_info });
    expect((await call('GET', '/executions?state=ERROR')).json.executions.map((e: any) => e.id)).toEqual([ex.id]);
  });

  it('a busy instance: the second run\'s createBackup is Nova\'s 409, in the run\'s state_info', async () => {
    await defineWorkflow(BACKUP_WORKFLOW);
    // Hold Nova's simulated work, so that the first backup stays in task_state image_backup.
    const held: [number, () => void][] = [];
    const laterFn = cloud.cloud.later;
    cloud.cloud.later = (ms, fn) => void held.push([ms, fn]);
    try {
      const first = await finished((await call('POST', '/executions', { workflow_name: 'nova_backup', input: JSON.stringify(backupInput(PUBLIC, SEED.servers.web1, 'busy', 1)) })).json.id);
      expect(first.state).toBe('SUCCESS');
      const second = await finished((await call('POST', '/executions', { workflow_name: 'nova_backup', input: JSON.stringify(backupInput(PUBLIC, SEED.servers.web1, 'busy', 1)) })).json.id);
      expect(second.state).toBe('ERROR');
      expect(second.state_info).toContain(`'conflictingRequest': {'code': 409, 'message': "Cannot 'createBackup' instance ${SEED.servers.web1} while it is in task_state image_backup"}`);
    } finally {
      cloud.cloud.later = laterFn;
      for (const [ms, fn] of held.splice(0)) laterFn(ms, fn);
    }
  });
});

describe('what the engine runs and how it fails', () => {
  const flow = (tasks: string, extra = '') => `---\nversion: '2.0'\nflow:\n  input:\n    - x: 1\n${extra}  tasks:\n${tasks}`;
  const run = async (text: string, input: Record<string, unknown> = {}) => {
    await defineWorkflow(text);
    const r = await call('POST', '/executions', { workflow_name: 'flow', input: JSON.stringify(input) });
    expect(r.status, r.text).toBe(201);
    return finished(r.json.id);
  };

  it('follows on-success and on-complete, publishes, and evaluates the workflow output', async () => {
    const ex = await run(flow(
      '    a:\n      action: std.echo\n      input:\n        output: <% $.x %>\n      publish:\n        got: <% task().result %>\n      on-success: [b]\n'
      + '    b:\n      action: std.echo\n      input:\n        output: "a gave <% $.got %>"\n      publish:\n        said: <% task().result %>\n',
      "  output:\n    said: <% $.said %>\n    a_state: <% task('a').state %>\n",
    ), { x: 41 });
    expect(ex.state).toBe('SUCCESS');
    expect(JSON.parse(ex.output)).toEqual({ said: 'a gave 41', a_state: 'SUCCESS' });
  });

  it('an error handled by on-error goes on; std.fail\'s error is the task\'s state_info', async () => {
    const handled = await run(flow('    a:\n      action: std.fail\n      on-error: [b]\n    b:\n      action: std.echo\n      input: {output: recovered}\n      publish: {r: <% task().result %>}\n'));
    expect(handled.state).toBe('SUCCESS');
    expect(JSON.parse(handled.output)).toEqual({ r: 'recovered' });
    const unhandled = await call('PUT', '/workflows', flow('    a:\n      action: std.fail\n      input: {error_data: {why: disk full}}\n'));
    expect(unhandled.status).toBe(200);
    const ex = await finished((await call('POST', '/executions', { workflow_name: 'flow' })).json.id);
    expect(ex.state).toBe('ERROR');
    expect(ex.state_info).toMatch(/^Failure caused by error in tasks: a\n\n {2}a \[task_ex_id=[0-9a-f-]+\] -> \{'why': 'disk full'\}\n {4}\[action_ex_id=[0-9a-f-]+, idx=0\]: \{'why': 'disk full'\}\n$/);
  });

  it('an action Mistral does not have fails the run as Mistral does', async () => {
    const ex = await run(flow('    a:\n      action: nova.servers_backup\n      input: {server: x}\n'));
    expect(ex.state).toBe('ERROR');
    expect(ex.state_info).toMatch(/^Failure caused by error in tasks: a\n\n {2}a \[task_ex_id=[0-9a-f-]+\] -> Failed to find action \[action_name=nova\.servers_backup, namespace=\]\n$/);
  });

  it('std.http elsewhere than this cloud fails the run saying why, instead of calling out', async () => {
    const ex = await run(flow('    a:\n      action: std.http\n      input: {url: "https://example.org/x"}\n'));
    expect(ex.state).toBe('ERROR');
    expect(ex.state_info).toContain("Failed to send HTTP request: the local cloud's std.http reaches only this cloud's own services (http://cloud.test:5480/…), not https://example.org");
  });

  it('std.http\'s timeout: a Nova slower than it (an injected latency) fails the run with requests\' words', async () => {
    cloud.state.faults.push({ id: 'slow', path: '/compute/v2.1/flavors', times: 1, action: { type: 'latency', ms: 1500 } });
    const ex = await run(flow(`    a:\n      action: std.http\n      input:\n        url: ${PUBLIC}/compute/v2.1/flavors\n        timeout: 0.2\n`));
    expect(ex.state).toBe('ERROR');
    expect(ex.state_info).toContain("Failed to send HTTP request: HTTPConnectionPool(host='cloud.test', port=5480): Read timed out. (read timeout=0.2)");
  });

  it('std.http: a status within 200–306 is a success (requests\' range in HTTPAction), 307 and above a failure', async () => {
    cloud.state.faults.push({ id: 'moved', path: '^/compute/v2.1/moved$', times: 1, action: { type: 'status', status: 302, body: '', contentType: 'text/plain' } });
    const moved = await run(flow(`    a:\n      action: std.http\n      input:\n        url: ${PUBLIC}/compute/v2.1/moved\n      publish:\n        s: <% task().result.status %>\n`));
    expect(JSON.parse(moved.output)).toEqual({ s: 302 });
    cloud.state.faults.push({ id: 'temp', path: '^/compute/v2.1/temp$', times: 1, action: { type: 'status', status: 307, body: '', contentType: 'text/plain' } });
    await call('PUT', '/workflows', flow(`    a:\n      action: std.http\n      input:\n        url: ${PUBLIC}/compute/v2.1/temp\n`));
    const temp = await finished((await call('POST', '/executions', { workflow_name: 'flow' })).json.id);
    expect(temp.state).toBe('ERROR');
    expect(temp.state_info).toContain("'status': 307");
  });

  it('params other than env and namespace are refused, at the start and on a trigger', async () => {
    await defineWorkflow(flow('    a:\n      action: std.noop\n'));
    const start = await call('POST', '/executions', { workflow_name: 'flow', params: JSON.stringify({ notify: [{ type: 'webhook', url: 'http://x' }] }) });
    expect(start.status).toBe(400);
    expect(start.json.faultstring).toBe("The local cloud's Mistral does not implement the execution params 'notify'.");
    const trigger = await call('POST', '/cron_triggers', { name: 'n', workflow_name: 'flow', pattern: '@daily', workflow_params: { task_name: 'a' } });
    expect(trigger.status).toBe(400);
    expect((await call('POST', '/executions', { workflow_name: 'flow', params: JSON.stringify({ env: { a: 1 } }) })).status).toBe(201);
  });

  it('an expression that cannot be evaluated fails the task with Mistral\'s YAQL message', async () => {
    const ex = await run(flow('    a:\n      action: std.echo\n      input:\n        output: <% $.x.y %>\n'), { x: 3 });
    expect(ex.state).toBe('ERROR');
    expect(ex.state_info).toContain('Can not evaluate YAQL expression [expression=$.x.y, error=No method "#operator_." for receiver int');
  });

  it('$.openstack: a run by hand has the caller\'s token and the catalog; a cron run, the trust\'s token and none', async () => {
    await defineWorkflow(flow('    a:\n      action: std.echo\n      input:\n        output: <% $.openstack %>\n      publish:\n        os: <% task().result %>\n'));
    const byHand = await finished((await call('POST', '/executions', { workflow_name: 'flow' })).json.id);
    const os = JSON.parse(byHand.output).os;
    expect(os).toMatchObject({ auth_token: demo, user_name: 'demo', project_name: 'demo', is_trust_scoped: false, trust_id: null, roles: ['member', 'reader'] });
    expect(typeof os.service_catalog).toBe('string');
    await newTrigger({ name: 'who', workflow_name: 'flow', pattern: '* * * * *' });
    const moved = await advanceClock(cloud.app, 60);
    const cron = JSON.parse((await execution(moved.json.executions[0].id)).output).os;
    expect(cron).toMatchObject({ user_name: 'demo', project_name: 'demo', is_trust_scoped: true, service_catalog: null });
    expect(cron.auth_token).not.toBe(demo);
    expect(cloud.state.token(cron.auth_token)).toMatchObject({ userId: SEED.users.demo, projectId: SEED.projects.demo, revoked: false });
  });
});

describe('history', () => {
  it('keeps at most MAX_EXECUTIONS runs, dropping the oldest finished ones (Mistral\'s expiration policy)', async () => {
    await defineWorkflow(`version: '2.0'\nflow:\n  tasks:\n    a:\n      action: std.noop\n`);
    const data = cloud.state.data.mistral!;
    const wf = data.workflows[0]!;
    for (let i = 0; i < MAX_EXECUTIONS; i++) {
      data.executions.push({
        id: `old-${i}`, workflowId: wf.id, workflowName: wf.name, workflowNamespace: '', description: '', tags: [], params: {}, state: 'SUCCESS',
        stateInfo: null, input: {}, output: {}, projectId: SEED.projects.demo, userId: SEED.users.demo, cronTriggerId: null, tasks: [], createdAt: i, updatedAt: i,
      });
    }
    const r = await call('POST', '/executions', { workflow_name: 'flow' });
    expect(r.status).toBe(201);
    expect(data.executions).toHaveLength(MAX_EXECUTIONS);
    expect(data.executions.some((e) => e.id === 'old-0')).toBe(false);
    expect(data.executions.some((e) => e.id === 'old-1')).toBe(true);
    expect(data.executions.some((e) => e.id === r.json.id)).toBe(true);
  });
});

describe('cron triggers over time', () => {
  const noop = `version: '2.0'\nflow:\n  tasks:\n    a:\n      action: std.noop\n`;

  it('remaining_executions counts down, and the trigger goes after its last run', async () => {
    await defineWorkflow(noop);
    await newTrigger({ name: 'twice', workflow_name: 'flow', pattern: '*/5 * * * *', remaining_executions: 2 });
    const moved = await advanceClock(cloud.app, 3600);
    expect(moved.json.executions).toHaveLength(2);
    expect((await call('GET', '/cron_triggers/twice')).status).toBe(404);
  });

  it('a one-off at first_execution_time runs once, then is gone; a pattern with a first time starts then', async () => {
    await defineWorkflow(noop);
    const clock = Date.parse((await (await cloud.app.request('/__admin/clock')).json() as any).now);
    const at = new Date(Math.ceil((clock + 5 * 60_000) / 60_000) * 60_000);
    const first = at.toISOString().slice(0, 16).replace('T', ' ');
    await newTrigger({ name: 'once', workflow_name: 'flow', first_execution_time: first });
    await newTrigger({ name: 'hourly-from', workflow_name: 'flow', first_execution_time: first, pattern: '0 * * * *' });
    expect((await advanceClock(cloud.app, 60)).json.executions).toHaveLength(0);
    const moved = await advanceClock(cloud.app, 5 * 60);
    expect(moved.json.executions).toHaveLength(2);
    const runs = (await call('GET', '/executions')).json.executions;
    expect(runs.map((r: any) => r.created_at)).toEqual([`${first}:00`, `${first}:00`]);
    expect((await call('GET', '/cron_triggers/once')).status).toBe(404);
    const hourly = (await call('GET', '/cron_triggers/hourly-from')).json;
    expect(Date.parse(`${hourly.next_execution_time.replace(' ', 'T')}Z`) % 3_600_000).toBe(0);
  });

  it('fires on its own, in real time, once due (the once-a-second check of Mistral\'s API process)', async () => {
    await defineWorkflow(noop);
    const t = await newTrigger({ name: 'soon', workflow_name: 'flow', pattern: '* * * * *' });
    const next = Date.parse(`${t.next_execution_time.replace(' ', 'T')}Z`);
    const clock = Date.parse((await (await cloud.app.request('/__admin/clock')).json() as any).now);
    // Up to 1.5 s before the run: the clock does not reach it, the next check (≤ 1 s) fires it, up to 2 s early as Mistral does.
    expect((await advanceClock(cloud.app, Math.max(0, Math.floor((next - clock - 1500) / 1000)))).json.executions).toEqual([]);
    const runs = await until('the trigger to fire by itself', async () => {
      const list = (await call('GET', `/executions?description=has:${t.id}`)).json.executions;
      return list.length > 0 ? list : undefined;
    }, { timeoutMs: 4000, intervalMs: 20 });
    expect(runs).toHaveLength(1);
  });

  it('the clock control is a loopback admin API: JSON only, no web page, a bounded number', async () => {
    const post = (body: string, headers: Record<string, string> = {}) => cloud.app.request('/__admin/clock', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
    expect((await post('{"advanceSeconds": -5}')).status).toBe(400);
    expect((await post('{"advanceSeconds": 1.5}')).status).toBe(400);
    expect((await post('{"seconds": 60}')).status).toBe(400);
    expect((await post('{"advanceSeconds": 60}', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('advanceSeconds=60', { 'Content-Type': 'text/plain' })).status).toBe(415);
    const before = Date.parse((await (await cloud.app.request('/__admin/clock')).json() as any).now);
    const moved = await post('{"advanceSeconds": 3600}');
    expect(Date.parse(((await moved.json()) as any).now) - before).toBeGreaterThanOrEqual(3_600_000);
  });

  it('a reset forgets Mistral\'s records, and triggers made afterwards fire', async () => {
    await defineWorkflow(noop);
    await newTrigger({ name: 'before', workflow_name: 'flow', pattern: '* * * * *' });
    expect((await cloud.app.request('/__admin/reset', { method: 'POST' })).status).toBe(200);
    demo = await login(cloud.app);
    expect((await call('GET', '/cron_triggers')).json.cron_triggers).toEqual([]);
    await defineWorkflow(noop);
    await newTrigger({ name: 'after', workflow_name: 'flow', pattern: '* * * * *' });
    expect((await advanceClock(cloud.app, 60)).json.executions).toHaveLength(1);
  });
});

describe('the state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mistral-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps workflows, triggers, executions and the clock; a run the stop cut short is ERROR after', async () => {
    const file = path.join(dir, 'state.json');
    const first = createLocalCloud({ publicUrl: PUBLIC, stateFile: file, timings: { snapshotPhaseMs: 5, buildMs: 5, powerMs: 5 } });
    cloud = first as Cloud;
    demo = await login(first.app);
    await defineWorkflow(BACKUP_WORKFLOW);
    const trigger = await newTrigger({ name: 'kept', workflow_name: 'nova_backup', pattern: '0 3 * * *', workflow_input: JSON.stringify(backupInput(PUBLIC, SEED.servers.web1)) });
    await advanceClock(first.app, 86_400);
    const clockBefore = Date.parse((await (await first.app.request('/__admin/clock')).json() as any).now);
    // A run caught mid-way by the stop.
    const cut = await call('POST', '/executions', { workflow_name: 'nova_backup', input: JSON.stringify(backupInput(PUBLIC, SEED.servers.web1)) });
    await finished(cut.json.id);
    first.state.data.mistral!.executions.find((e) => e.id === cut.json.id)!.state = 'RUNNING';
    first.state.touch();
    await first.dispose();

    const second = createLocalCloud({ publicUrl: PUBLIC, stateFile: file, timings: { snapshotPhaseMs: 5, buildMs: 5, powerMs: 5 } });
    cloud = second as Cloud;
    demo = await login(second.app);
    expect((await call('GET', '/workflows/nova_backup')).json.definition).toBe(BACKUP_WORKFLOW);
    expect((await call('GET', '/cron_triggers/kept')).json.id).toBe(trigger.id);
    const clockAfter = Date.parse((await (await second.app.request('/__admin/clock')).json() as any).now);
    expect(clockAfter).toBeGreaterThanOrEqual(clockBefore);
    const runs = (await call('GET', `/executions?description=has:${trigger.id}`)).json.executions;
    expect(runs.length).toBe(1);
    const interrupted = await execution(cut.json.id);
    expect(interrupted.state).toBe('ERROR');
    expect(interrupted.state_info).toMatch(/stopped while this execution was running/);
  });
});
