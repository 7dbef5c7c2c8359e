import { describe, expect, it } from 'vitest';
import { OpenStackError } from '../errors';
import { fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import {
  createCronTrigger, deleteCronTrigger, formatFirstExecutionTime, getCronTrigger, listAllCronTriggers, listCronTriggers,
} from './cron-triggers';
import { WORKFLOW_BASE, workflowConnection } from './test-connection';

const fake = withFakeServer();
const TR = '3e0b5413-f75e-4bb6-a27f-89bb308a12f7';
const WF = '45833756-2fe3-45a0-a7e6-03be97762320';
const SRV = '642ae7ec-6261-4b5b-bd0f-4112ef784610';
const triggers = `${WORKFLOW_BASE}/cron_triggers`;
const input = { compute_url: 'http://127.0.0.1:8774/v2.1', server_id: SRV, backup_name: 'spike-cron-backup', backup_type: 'spike-cron', rotation: 2 };

describe('createCronTrigger', () => {
  it('sends the input as a JSON string and reads it back from one (capture: the spike)', async () => {
    fake().expect({
      method: 'POST', path: triggers, contentType: 'application/json',
      json: { name: 'spike-cron', workflow_name: 'nova_backup', workflow_input: JSON.stringify(input), pattern: '* * * * *' },
      reply: { status: 201, json: fixture('mistral-cron-trigger-create-resp.json') },
    });
    const trigger = await createCronTrigger(workflowConnection(fake()), { name: 'spike-cron', workflowName: 'nova_backup', workflowInput: input, pattern: '* * * * *' });
    expect(trigger).toEqual({
      id: TR, name: 'spike-cron', workflowName: 'nova_backup', workflowId: WF, workflowInput: input, workflowParams: {},
      projectId: '0e55503ea08b4f42bb62a27abe210838', pattern: '* * * * *', remainingExecutions: null, firstExecutionTime: null,
      nextExecutionTime: '2026-12-01T20:36:00Z', createdAt: '2026-12-01T20:35:57Z', updatedAt: null,
    });
  });

  it('sends first_execution_time as YYYY-MM-DD HH:MM in UTC, rounded up to the minute, with the workflow id and a count', async () => {
    const now = new Date('2026-12-01T20:35:10.500Z');
    fake().expect({
      method: 'POST', path: triggers,
      json: { name: 'once', workflow_id: WF, workflow_input: '{}', workflow_params: '{"env":{}}', first_execution_time: '2026-12-01 20:37', remaining_executions: 1 },
      reply: { status: 201, json: { ...fixture<object>('mistral-cron-trigger-create-resp.json'), pattern: null, first_execution_time: '2026-12-01 20:37:00', next_execution_time: '2026-12-01 20:37:00', remaining_executions: 1 } },
    });
    const t = await createCronTrigger(
      workflowConnection(fake()),
      { name: 'once', workflowId: WF, workflowParams: { env: {} }, firstExecutionTime: new Date('2026-12-01T20:36:10.500Z'), remainingExecutions: 1 },
      { now },
    );
    expect(t).toMatchObject({ pattern: null, firstExecutionTime: '2026-12-01T20:37:00Z', nextExecutionTime: '2026-12-01T20:37:00Z', remainingExecutions: 1 });
  });

  it('refuses a first execution less than 60 s ahead, a trigger with neither pattern nor time, and a workflow given twice, before sending', async () => {
    const conn = workflowConnection(fake());
    const now = new Date('2026-12-01T20:35:30Z');
    await expect(createCronTrigger(conn, { name: 'soon', workflowName: 'w', firstExecutionTime: new Date('2026-12-01T20:36:00Z') }, { now })).rejects.toThrow(/at least 60 s ahead/);
    await expect(createCronTrigger(conn, { name: 'nothing', workflowName: 'w' })).rejects.toThrow(/pattern/);
    await expect(createCronTrigger(conn, { name: 'both', workflowName: 'w', workflowId: WF, pattern: '@daily' })).rejects.toThrow(/not both/);
    await expect(createCronTrigger(conn, { name: 'has space', workflowName: 'w', pattern: '@daily' })).rejects.toThrow();
    expect(fake().requests).toEqual([]);
  });

  it('keeps Mistral\'s reason for a 400', async () => {
    fake().expect({ method: 'POST', path: triggers, reply: { status: 400, json: fixture('mistral-400-first-execution-time.json') } });
    const err = await createCronTrigger(workflowConnection(fake()), { name: 'x', workflowName: 'w', pattern: '* * * * *' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackError);
    expect((err as OpenStackError).safeMessage).toBe('first_execution_time must be at least 1 minute in the future.');
  });
});

describe('formatFirstExecutionTime', () => {
  it('is strptime("%Y-%m-%d %H:%M") in UTC, never earlier than the date', () => {
    expect(formatFirstExecutionTime(new Date('2026-12-31T23:59:00Z'))).toBe('2026-12-31 23:59');
    expect(formatFirstExecutionTime(new Date('2026-12-31T23:59:00.001Z'))).toBe('2027-01-01 00:00');
    expect(formatFirstExecutionTime(new Date('2026-06-01T10:00:00+02:00'))).toBe('2026-06-01 08:00');
  });
});

describe('listCronTriggers, getCronTrigger, deleteCronTrigger', () => {
  it('lists by workflow with a name search; next marker from the link', async () => {
    fake().expect({
      method: 'GET', path: triggers,
      query: { limit: '1', sort_keys: 'next_execution_time,id', sort_dirs: 'asc,asc', workflow_name: 'nova_backup', name: 'has:snapdeck-' },
      reply: { status: 200, json: { ...fixture<object>('mistral-cron-triggers-list.json'), next: `http://127.0.0.1:8989/v2/cron_triggers?limit=1&marker=${TR}` } },
    });
    const page = await listCronTriggers(workflowConnection(fake()), { limit: 1, sortKey: 'next_execution_time', workflowName: 'nova_backup', nameHas: 'snapdeck-' });
    expect(page.nextMarker).toBe(TR);
    expect(page.cronTriggers[0]).toMatchObject({ updatedAt: '2026-12-01T20:37:00Z', nextExecutionTime: '2026-12-01T20:38:00Z', workflowInput: input });
  });

  it('refuses a name search holding a LIKE wildcard', async () => {
    await expect(listCronTriggers(workflowConnection(fake()), { nameHas: 'snapdeck_' })).rejects.toThrow(/LIKE/);
  });

  it('listAllCronTriggers stops on a page without next', async () => {
    fake().expect({
      method: 'GET', path: triggers, query: { limit: '1000', sort_keys: 'created_at,id', sort_dirs: 'asc,asc', workflow_id: WF },
      reply: { status: 200, json: fixture('mistral-cron-triggers-list.json') },
    });
    expect(await listAllCronTriggers(workflowConnection(fake()), { workflowId: WF })).toHaveLength(1);
  });

  it('gets one by id and deletes it (204); an unreadable workflow_input is an invalid answer', async () => {
    fake().expect(
      { method: 'GET', path: `${triggers}/${TR}`, reply: { status: 200, json: fixture('mistral-cron-trigger-create-resp.json') } },
      { method: 'DELETE', path: `${triggers}/${TR}`, reply: { status: 204 } },
      { method: 'GET', path: `${triggers}/${TR}`, reply: { status: 200, json: { ...fixture<object>('mistral-cron-trigger-create-resp.json'), workflow_input: '[1, 2]' } } },
    );
    const conn = workflowConnection(fake());
    expect((await getCronTrigger(conn, TR)).workflowInput.server_id).toBe(SRV);
    await deleteCronTrigger(conn, TR);
    const err = await getCronTrigger(conn, TR).catch((e: unknown) => e);
    expect((err as OpenStackError).kind).toBe('invalid-response');
  });
});
