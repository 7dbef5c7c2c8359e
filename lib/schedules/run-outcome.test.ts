// Runs of the backup workflow as the History table shows them. The failures are made by the
// local cloud's Mistral engine, which writes state_info as Mistral 15 does, running the
// spike's workflow against the local Nova (refusals from Nova itself or injected faults).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '@/lib/localcloud/state/seed';
import { login, testCloud, until } from '@/lib/localcloud/test-helpers';
import { BACKUP_WORKFLOW, backupInput, mistral } from '@/lib/localcloud/mistral/test-kit';
import { compute } from '@/lib/localcloud/nova/test-kit';
import { excerpt, redact, runOutcome, TRUST_REFUSED, type ExecutionFacts } from './run-outcome';

const PUBLIC = 'http://cloud.test:5480';
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('against the local cloud\'s Mistral engine', () => {
  let cloud: ReturnType<typeof testCloud>;
  let demo: string;
  const call = (method: string, p: string, body?: unknown) => mistral(cloud.app, demo, method, `/v2${p}`, { body });
  /** Runs a workflow by hand and reads the execution back as the client would. */
  const run = async (workflow: string, input: Record<string, unknown>): Promise<ExecutionFacts & { raw: string }> => {
    const name = /^(\w+):$/m.exec(workflow.replace(/^version:.*$/m, ''))![1]!;
    if ((await call('GET', `/workflows/${name}`)).status === 404) expect((await call('POST', '/workflows', workflow)).status).toBe(201);
    const started = await call('POST', '/executions', { workflow_name: name, input: JSON.stringify(input) });
    expect(started.status, started.text).toBe(201);
    const ex = await until('the run to end', async () => {
      const r = (await call('GET', `/executions/${started.json.id}`)).json;
      return r.state !== 'RUNNING' ? r : undefined;
    }, { timeoutMs: 5000, intervalMs: 5 });
    return { state: ex.state, stateInfo: ex.state_info, output: ex.output ? JSON.parse(ex.output) : null, raw: ex.state_info ?? '' };
  };
  const backup = (serverId: string = SEED.servers.web1) => run(BACKUP_WORKFLOW, backupInput(PUBLIC, serverId, 'daily', 2));
  const fault = (action: Record<string, unknown>) => cloud.state.faults.push({ id: `f${cloud.state.faults.length}`, method: 'POST', path: '/action$', times: 1, action } as never);

  beforeAll(async () => {
    cloud = testCloud({ publicUrl: PUBLIC });
    demo = await login(cloud.app);
  });
  afterAll(async () => {
    await cloud.dispose();
  });

  it('a run that made a backup: succeeded, with the image Nova named', async () => {
    const ex = await backup();
    expect(ex.state).toBe('SUCCESS');
    expect(runOutcome(ex)).toEqual({ status: 'succeeded', imageId: ex.output!.image_id, reason: null });
    expect(runOutcome(ex).imageId).toMatch(GUID);
  });

  it('an instance that no longer exists (Nova\'s 404)', async () => {
    const ex = await backup('4f6c5a49-7a6e-4b4e-9d7e-000000000404');
    expect(ex.raw).toMatch(/'itemNotFound': \{'code': 404, 'message': 'Instance 4f6c5a49-7a6e-4b4e-9d7e-000000000404 could not be found\.'\}/);
    expect(runOutcome(ex)).toEqual({ status: 'failed', imageId: null, reason: 'The instance no longer exists (404).' });
  });

  it('a busy instance (Nova\'s 409, task_state): Nova\'s words quoted', async () => {
    await until('web1 to end the last backup', async () => (await compute(cloud.app, demo, 'GET', `/v2.1/servers/${SEED.servers.web1}`)).json.server['OS-EXT-STS:task_state'] === null);
    // Hold Nova's simulated work, so that the first backup stays in task_state image_backup.
    const held: [number, () => void][] = [];
    const later = cloud.cloud.later;
    cloud.cloud.later = (ms, fn) => void held.push([ms, fn]);
    try {
      const first = await backup();
      expect(first.state, first.raw).toBe('SUCCESS');
      const ex = await backup();
      expect(ex.raw).toContain("'conflictingRequest': {'code': 409, 'message': \"Cannot 'createBackup' instance");
      expect(runOutcome(ex).reason).toBe(`The instance was busy with another task (409): Nova said “Cannot 'createBackup' instance ${SEED.servers.web1} while it is in task_state image_backup”.`);
    } finally {
      cloud.cloud.later = later;
      for (const [ms, fn] of held.splice(0)) later(ms, fn);
    }
  });

  it('a token Nova refuses (401): the trust sentence', async () => {
    const bad = BACKUP_WORKFLOW.replace('nova_backup:', 'nova_backup_bad_token:').replace('<% $.openstack.auth_token %>', 'not-a-token');
    expect(bad).not.toBe(BACKUP_WORKFLOW);
    const ex = await run(bad, backupInput(PUBLIC, SEED.servers.web1));
    expect(ex.raw).toContain("'status': 401");
    expect(runOutcome(ex)).toEqual({ status: 'failed', imageId: null, reason: TRUST_REFUSED });
  });

  it('quota: a 403 that says so, and a 413; another 403 is a refusal', async () => {
    fault({ type: 'status', status: 403, body: JSON.stringify({ forbidden: { code: 403, message: 'Quota exceeded for images: Requested 1, but already used 10 of 10 images' } }) });
    expect(runOutcome(await backup()).reason).toBe('Quota exceeded (403): Nova said “Quota exceeded for images: Requested 1, but already used 10 of 10 images”.');
    fault({ type: 'status', status: 413, body: JSON.stringify({ overLimit: { code: 413, message: 'Maximum number of images exceeded' } }) });
    expect(runOutcome(await backup()).reason).toBe('Quota exceeded (413): Nova said “Maximum number of images exceeded”.');
    fault({ type: 'status', status: 403, body: JSON.stringify({ forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:servers:create_image to be performed." } }) });
    expect(runOutcome(await backup()).reason).toBe("Nova refused the backup (403): Nova said “Policy doesn't allow os_compute_api:servers:create_image to be performed.”.");
  });

  it('Nova failing (5xx): its message, or the status line behind a proxy\'s HTML page', async () => {
    fault({ type: 'status', status: 500 });
    expect(runOutcome(await backup()).reason).toMatch(/^Nova failed \(500\): Nova said “Unexpected API Error\. Please report this at http:\/\/bugs\.launchpad\.net\/nova\/ and attach the Nova API log if possible\. <class 'Exception'>”\.$/);
    fault({ type: 'html', status: 502 });
    expect(runOutcome(await backup()).reason).toBe('Nova failed (502 Bad Gateway).');
  });

  it('Nova out of reach: requests\' words, short', async () => {
    fault({ type: 'reset' });
    const ex = await backup();
    expect(ex.raw).toContain('Failed to send HTTP request: ');
    expect(runOutcome(ex).reason).toMatch(/^Nova could not be reached: \S/);
  });

  it('a failure that holds the run\'s token (std.fail of $.openstack): the token is never in the reason', async () => {
    const leak = "---\nversion: '2.0'\nleaky:\n  tasks:\n    t:\n      action: std.fail\n      input:\n        error_data: <% $.openstack %>\n";
    const ex = await run(leak, {});
    expect(ex.state).toBe('ERROR');
    expect(ex.raw).toContain(`'auth_token': '${demo}'`);
    const { status, reason } = runOutcome(ex);
    expect(status).toBe('failed');
    expect(reason).toMatch(/^The backup run failed: \{/);
    expect(reason!.length).toBeLessThanOrEqual(200);
    for (const piece of [demo, demo.slice(0, 40), demo.slice(-40)]) expect(reason).not.toContain(piece);
    expect(reason).not.toMatch(/[A-Za-z0-9_-]{40,}/);
  });
});

describe('runOutcome', () => {
  const ERROR = (stateInfo: string | null, output: Record<string, unknown> | null = null): ExecutionFacts => ({ state: 'ERROR', stateInfo, output });
  /** Mistral 15's _build_fail_info_message around a task's state_info. */
  const failure = (detail: string) => `Failure caused by error in tasks: create_backup\n\n  create_backup [task_ex_id=6a1f0d37-3f0c-4a5e-8d3c-2d1f4e0b9a11] -> ${detail}\n    [action_ex_id=0e2f44c1-5d36-4c55-9b1e-7d6f6c3f2a10, idx=0]: ${detail}\n`;
  const http = (status: number, content: string, reason = 'Conflict') => `{'content': ${content}, 'status': ${status}, 'headers': {'Content-Type': 'application/json', 'X-Openstack-Request-Id': 'req-5b7f0c6e-1d2a-4c8b-9e3f-0a1b2c3d4e5f'}, 'url': 'http://127.0.0.1:8774/v2.1/servers/8f0c/action', 'history': [], 'encoding': 'utf-8', 'reason': '${reason}', 'cookies': {}, 'elapsed': 0.05}`;

  it('maps Mistral\'s states', () => {
    for (const [state, status] of [['RUNNING', 'running'], ['IDLE', 'running'], ['SUCCESS', 'succeeded'], ['ERROR', 'failed'], ['CANCELLED', 'cancelled'], ['PAUSED', 'paused']] as const) {
      expect(runOutcome({ state, stateInfo: null, output: null }).status, state).toBe(status);
    }
    expect(runOutcome({ state: 'WEIRD', stateInfo: null, output: null })).toEqual({ status: 'failed', imageId: null, reason: 'Mistral reported the state “WEIRD”, which Snapdeck does not know.' });
    expect(runOutcome({ state: 'CANCELLED', stateInfo: 'Cancelled tasks: create_backup', output: null }).reason).toBe('Mistral says: “Cancelled tasks: create_backup”');
  });

  it('takes the image id only when it is a UUID', () => {
    const id = '5b2ad5b6-4a4e-4a0e-9a43-0a4c2b1e5f10';
    expect(runOutcome({ state: 'SUCCESS', stateInfo: null, output: { http_status: 202, image_id: id } }).imageId).toBe(id);
    for (const image_id of [null, 42, 'not-a-uuid', `${id}x`, { id }]) {
      expect(runOutcome({ state: 'SUCCESS', stateInfo: null, output: { image_id } }).imageId).toBeNull();
    }
    // A list of executions has no output.
    expect(runOutcome({ state: 'SUCCESS', stateInfo: null, output: null })).toEqual({ status: 'succeeded', imageId: null, reason: null });
  });

  it('reads the brief\'s Mistral 15 text: a 409 in image_snapshot, Nova\'s message in double quotes', () => {
    const info = failure(http(409, `{'conflictingRequest': {'code': 409, 'message': "Cannot 'createBackup' instance 8f0c6a3e-1b2d-4c5e-9f70-123456789abc while it is in task_state image_snapshot"}}`));
    expect(runOutcome(ERROR(info)).reason).toBe('The instance was busy with another task (409): Nova said “Cannot \'createBackup\' instance 8f0c6a3e-1b2d-4c5e-9f70-123456789abc while it is in task_state image_snapshot”.');
  });

  it('a 409 for the vm_state, and another 409', () => {
    const vm = failure(http(409, `{'conflictingRequest': {'code': 409, 'message': "Cannot 'createBackup' instance 8f0c6a3e-1b2d-4c5e-9f70-123456789abc while it is in vm_state shelved_offloaded"}}`));
    expect(runOutcome(ERROR(vm)).reason).toMatch(/^The instance is in a state that does not allow a backup \(409\): Nova said “Cannot 'createBackup' instance .* while it is in vm_state shelved_offloaded”\.$/);
    const other = failure(http(409, `{'conflictingRequest': {'code': 409, 'message': 'Something else'}}`));
    expect(runOutcome(ERROR(other)).reason).toBe('Nova refused the backup (409): Nova said “Something else”.');
  });

  it('a 400 from Nova (a volume-backed instance, say) is a refusal with its words', () => {
    const info = failure(http(400, `{'badRequest': {'code': 400, 'message': 'It is not allowed to create a backup of a volume-backed server.'}}`, 'Bad Request'));
    expect(runOutcome(ERROR(info)).reason).toBe('Nova refused the backup (400): Nova said “It is not allowed to create a backup of a volume-backed server.”.');
  });

  it('caps Nova\'s message near 200 characters', () => {
    const info = failure(http(409, `{'conflictingRequest': {'code': 409, 'message': 'Cannot do it while it is in task_state image_backup ${'and more words '.repeat(30)}'}}`));
    const quoted = /“(.*)”/.exec(runOutcome(ERROR(info)).reason!)![1]!;
    expect(quoted.length).toBeLessThanOrEqual(200);
    expect(quoted.endsWith('…')).toBe(true);
  });

  it('reads the status even when a later value is not a Python literal (a redirect in history) or the text is cut', () => {
    const redirected = `{'content': {'itemNotFound': {'code': 404, 'message': 'Instance x could not be found.'}}, 'status': 404, 'headers': {}, 'history': [<Response [302]>], 'reason': 'Not Found'}`;
    expect(runOutcome(ERROR(failure(redirected))).reason).toBe('The instance no longer exists (404).');
    const cut = `{'content': {'conflictingRequest': {'code': 409, 'message': "Cannot 'createBackup' instance x while it is in task_state image_backup"}}, 'status': 409, 'headers': {'Content-Ty`;
    expect(runOutcome(ERROR(failure(cut))).reason).toMatch(/^The instance was busy with another task \(409\)/);
  });

  it('the local cloud\'s stop, and anything else: a generic sentence with a short excerpt', () => {
    const stopped = 'The local cloud stopped while this execution was running; it does not resume executions.';
    expect(runOutcome(ERROR(stopped, { result: stopped })).reason).toBe(`The backup run failed: ${stopped}`);
    expect(runOutcome(ERROR(null, { result: stopped })).reason).toBe(`The backup run failed: ${stopped}`);
    expect(runOutcome(ERROR(null)).reason).toBe('The backup run failed, and Mistral did not say why.');
    const long = runOutcome(ERROR(failure(`Failed to find action [action_name=nova.servers_backup, namespace=] ${'x '.repeat(200)}`))).reason!;
    expect(long).toMatch(/^The backup run failed: Failed to find action \[action_name=nova\.servers_backup, namespace=\]/);
    expect(long.length).toBeLessThanOrEqual('The backup run failed: '.length + 160);
  });

  it('Nova out of reach, wrapped by Mistral\'s executor: only what requests said', () => {
    const info = failure(`The action raised an exception [action=HTTPAction {'headers': {'X-Auth-Token': 'secret-token-value'}}, action_ex_id=0e2f44c1-5d36-4c55-9b1e-7d6f6c3f2a10, msg='Failed to send HTTP request: HTTPConnectionPool(host='nova', port=8774): Read timed out. (read timeout=60)']`);
    expect(runOutcome(ERROR(info)).reason).toBe("Nova could not be reached: HTTPConnectionPool(host='nova', port=8774): Read timed out. (read timeout=60)");
  });

  it('nova.servers_backup (mistral-extra\'s action): novaclient\'s "(HTTP nnn)" read as Nova\'s status', () => {
    // mistral-extra: ActionException("%s.%s failed: %s" % (class, method, str(novaclient error))).
    const busy = failure("The action raised an exception [action=<NovaAction object at 0x7f0c>, action_ex_id=0e2f44c1-5d36-4c55-9b1e-7d6f6c3f2a10, msg='NovaAction.servers.backup failed: Cannot 'createBackup' instance 8f0c6a3e-1b2d-4c5e-9f70-123456789abc while it is in task_state image_backup (HTTP 409) (Request-ID: req-5b7f0c6e-1d2a-4c8b-9e3f-0a1b2c3d4e5f)']");
    expect(runOutcome(ERROR(busy)).reason).toBe("The instance was busy with another task (409): Nova said “Cannot 'createBackup' instance 8f0c6a3e-1b2d-4c5e-9f70-123456789abc while it is in task_state image_backup”.");
    const gone = failure('NovaAction.servers.backup failed: Instance 8f0c6a3e-1b2d-4c5e-9f70-123456789abc could not be found. (HTTP 404) (Request-ID: req-5b7f0c6e-1d2a-4c8b-9e3f-0a1b2c3d4e5f)');
    expect(runOutcome(ERROR(gone)).reason).toBe('The instance no longer exists (404).');
    expect(runOutcome(ERROR(failure('NovaAction.servers.backup failed: No server with a name or ID of \'x\' exists. Instance could not be found.'))).reason).toBe('The instance no longer exists (404).');
    const quota = failure('NovaAction.servers.backup failed: Quota exceeded for instances (HTTP 403) (Request-ID: req-1)');
    expect(runOutcome(ERROR(quota)).reason).toBe('Quota exceeded (403): Nova said “Quota exceeded for instances”.');
    expect(runOutcome(ERROR(failure('NovaAction.servers.backup failed: The request you have made requires authentication. (HTTP 401)'))).reason).toBe(TRUST_REFUSED);
  });

  it('a YAQL error: its data (the context, with the token) is dropped', () => {
    const token = `gAAAAABn${'Qx9_-a'.repeat(30)}`;
    const info = failure(`Can not evaluate YAQL expression [expression=task().result.content.image_id, error=No method "#operator_." for receiver NoneType, data={'openstack': {'auth_token': '${token}', 'user_name': 'demo'}}]`);
    const { reason } = runOutcome(ERROR(info));
    expect(reason).toBe('The backup run failed: Can not evaluate YAQL expression [expression=task().result.content.image_id, error=No method "#operator_." for receiver NoneType, data=…]');
  });

  it('never passes a header or a token through', () => {
    const fernet = `gAAAAABn${'Zk3-_Q'.repeat(30)}`;
    const jws = `eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.${'eyJzdWIiOiJhYmMifQ'.repeat(4)}.${'c2lnbmF0dXJl'.repeat(5)}`;
    const infos = [
      failure(`Failed to send HTTP request: headers={'X-Auth-Token': '${fernet}', 'Accept': '*/*'}`),
      failure(`Failed to send HTTP request: "X-Subject-Token": "${fernet.slice(0, 60)}"`),
      failure(`boom X-Auth-Token=${fernet} auth_token: ${jws}`),
      failure(`Authorization: Bearer ${jws}`),
      // Mistral's executor wrapping an action's exception, with the action and its params.
      failure(`The action raised an exception [action=HTTPAction {'url': 'http://nova/v2.1/servers/x/action', 'method': 'POST', 'headers': {'X-Auth-Token': '${fernet}', 'X-OpenStack-Nova-API-Version': '2.45'}}, action_ex_id=0e2f44c1-5d36-4c55-9b1e-7d6f6c3f2a10, msg='Failed to send HTTP request: HTTPConnectionPool(host='nova', port=8774): Max retries exceeded']`),
      failure(http(500, `{'computeFault': {'code': 500, 'message': 'token ${fernet} rejected, x-auth-token: ${'ab12'.repeat(8)}'}}`, 'Internal Server Error')),
      failure(http(409, `{'conflictingRequest': {'code': 409, 'message': 'in task_state image_backup'}}`).replace("'X-Openstack-Request-Id'", `'X-Subject-Token': '${fernet}', 'X-Openstack-Request-Id'`)),
    ];
    for (const info of infos) {
      const { reason } = runOutcome(ERROR(info));
      expect(reason, info).not.toMatch(/gAAAA|eyJ|[A-Za-z0-9_-]{32,}/);
      expect(reason, info).not.toMatch(/X-Openstack-Request-Id|Content-Type|Accept/i);
      for (const secret of [fernet, jws]) for (let i = 0; i + 24 <= secret.length; i += 24) expect(reason, info).not.toContain(secret.slice(i, i + 24));
    }
  });
});

describe('redact and excerpt', () => {
  it('keeps ids and words, blanks token-like runs', () => {
    expect(redact('Instance 8f0c6a3e-1b2d-4c5e-9f70-123456789abc could not be found.')).toBe('Instance 8f0c6a3e-1b2d-4c5e-9f70-123456789abc could not be found.');
    expect(redact(`token ${'a1b2'.repeat(8)} end`)).toBe('token [redacted] end');
    expect(redact('short gAAAAB3x')).toBe('short [redacted]');
    expect(redact("{'X-Auth-Token': 'abc123'}")).toBe("{'X-Auth-Token': '[redacted]'}");
  });

  it('one line, at most the length asked', () => {
    expect(excerpt('a\n  b\tc')).toBe('a b c');
    expect(excerpt('word '.repeat(100), 20)).toHaveLength(20);
  });
});
