// Schedules end to end against the local cloud's Mistral and Nova, in process: the triggers
// and runs are real, and the clock control stands in for waiting for cron.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/openstack/client';
import { deleteServer, getServer } from '@/lib/openstack/compute/servers';
import { workflowEndpointFor } from '@/lib/openstack/identity/catalog';
import { connect } from '@/lib/openstack/testing/connect';
import { createCronTrigger, getCronTrigger, listAllCronTriggers } from '@/lib/openstack/workflow/cron-triggers';
import { getExecution } from '@/lib/openstack/workflow/executions';
import { updateWorkflows } from '@/lib/openstack/workflow/workflows';
import { SEED } from '@/lib/localcloud/state/seed';
import { startLocalCloud, type RunningLocalCloud } from '@/lib/localcloud/server';
import { until } from '@/lib/localcloud/test-helpers';
import type { ScheduleFields } from './contract';
import { createSchedules, deleteSchedule, listRuns, listSchedules, runNow, scheduleHealth, updateSchedule, type Actor } from './schedules';
import { HTTP_WORKFLOW, restoreWorkflow, ScheduleRefusal, WorkflowChanged } from './workflow';

let cloud: RunningLocalCloud;
let conn: Connection;
let actor: Actor;
const opts = { allowFrequent: false };

const daily = (over: Partial<ScheduleFields> = {}): ScheduleFields => ({
  instanceId: SEED.servers.web1, frequency: { kind: 'daily', hour: 2, minute: 0 }, backupType: 'daily', keep: 2, prefix: 'web-1', enabled: true, ...over,
});

async function advance(seconds: number) {
  const res = await fetch(`${cloud.url}/__admin/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }) });
  expect(res.status).toBe(200);
}

const finished = async (id: string, count: number) =>
  until(`${count} finished runs`, async () => {
    const { runs } = await listRuns(conn, id);
    return runs.length >= count && runs.every((r) => r.status !== 'running') ? runs : false;
  }, { timeoutMs: 10_000, intervalMs: 20 });

beforeAll(async () => {
  cloud = await startLocalCloud({ timings: { snapshotPhaseMs: 5, buildMs: 5, powerMs: 5 } });
  const login = await connect({ authUrl: `${cloud.url}/identity`, username: 'demo', password: 'demo', projectName: 'demo' });
  const workflow = workflowEndpointFor(login.token.catalog, { region: 'RegionOne', interface: 'public' });
  conn = { ...login.conn, endpoints: { ...login.conn.endpoints, workflow } };
  actor = { user: { id: SEED.users.demo, name: 'demo' }, computeUrl: conn.endpoints.compute };
});
afterAll(async () => {
  await cloud?.close();
});

describe('backup schedules on the local cloud', () => {
  let id = '';

  it('creates a schedule: the workflow once, one trigger with the pattern in UTC and the form in its input', async () => {
    id = (await createSchedules(conn, [daily()], actor, opts))[0]!;
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    const [trigger] = await listAllCronTriggers(conn, { workflowName: HTTP_WORKFLOW.name });
    expect(trigger).toMatchObject({ name: `snapdeck-backup.${id}.r1`, pattern: '0 2 * * *' });
    expect(trigger!.workflowInput).toMatchObject({ server_id: SEED.servers.web1, backup_type: 'daily', rotation: 2, backup_name: 'web-1-daily' });
    const page = await listSchedules(conn);
    expect(page.schedules).toHaveLength(1);
    expect(page.schedules[0]).toMatchObject({
      id, instance: { id: SEED.servers.web1, name: 'web-1', exists: true }, cron: '0 2 * * *', keep: 2, enabled: true,
      workflow: { state: 'ours' }, lastRun: null, backups: [], savedBy: { name: 'demo' },
    });
    expect(page.schedules[0]!.nextRunAt).toMatch(/T02:00:00Z$/);
  });

  it('refuses a second schedule of the same type on the instance (one rotation), with the field', async () => {
    const err = await createSchedules(conn, [daily({ keep: 5 })], actor, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScheduleRefusal);
    expect(err).toMatchObject({ status: 409, fields: { backupType: expect.stringMatching(/share one rotation/) } });
  });

  it('refuses a pattern more often than hourly unless allowed', async () => {
    const every = daily({ backupType: 'often', frequency: { kind: 'cron', expression: '* * * * *' } });
    await expect(createSchedules(conn, [every], actor, opts)).rejects.toMatchObject({ status: 400, fields: { frequency: expect.any(String) } });
  });

  it('Run now makes a backup, and the run is found by the schedule with its image', async () => {
    const run = await runNow(conn, id, actor);
    expect(run.startedBy).toBe('run-now');
    const [done] = await finished(id, 1);
    expect(done).toMatchObject({ status: 'succeeded', reason: null });
    expect(done!.imageId).toMatch(/^[0-9a-f-]{36}$/);
    const { schedules } = await listSchedules(conn, { instanceId: SEED.servers.web1 });
    expect(schedules[0]!.backups?.map((b) => b.id)).toContain(done!.imageId);
    expect(schedules[0]!.lastRun).toMatchObject({ id: done!.id, status: 'succeeded' });
  });

  it('cron runs come from the trigger, and keep 2 leaves exactly 2 backups', async () => {
    await advance(24 * 3600);
    await finished(id, 2);
    await advance(24 * 3600);
    const runs = await finished(id, 3);
    expect(runs.filter((r) => r.startedBy === 'schedule')).toHaveLength(2);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    const backups = await until('rotation to 2', async () => {
      const { schedules } = await listSchedules(conn);
      const b = schedules[0]!.backups ?? [];
      return b.length === 2 ? b : false;
    }, { timeoutMs: 10_000, intervalMs: 20 });
    // The two newest runs' images (Glance's created_at is the machine's clock, not Mistral's moved one: compare as sets).
    expect(backups.map((b) => b.id).sort()).toEqual([runs[0]!.imageId, runs[1]!.imageId].sort());
  });

  it('pauses (no runs, no next run) and resumes, keeping the id and the fields', async () => {
    await updateSchedule(conn, id, (f) => ({ ...f, enabled: false }), actor, opts);
    let [s] = (await listSchedules(conn)).schedules;
    expect(s).toMatchObject({ id, enabled: false, nextRunAt: null, keep: 2 });
    expect((await getCronTrigger(conn, `snapdeck-backup.${id}.r2`)).firstExecutionTime).toMatch(/^9999-01-01/);
    await expect(getCronTrigger(conn, `snapdeck-backup.${id}.r1`)).rejects.toMatchObject({ status: 404 });
    await advance(3 * 24 * 3600);
    expect((await listRuns(conn, id)).runs).toHaveLength(3);
    await updateSchedule(conn, id, (f) => ({ ...f, enabled: true }), actor, opts);
    [s] = (await listSchedules(conn)).schedules;
    expect(s).toMatchObject({ id, enabled: true });
    expect(s!.nextRunAt).not.toBeNull();
  });

  it('a workflow changed outside Snapdeck marks the schedule, blocks Run now and new schedules, and Restore mends it', async () => {
    const evil = HTTP_WORKFLOW.definition.replace('X-OpenStack-Nova-API-Version: "2.45"', 'X-OpenStack-Nova-API-Version: "2.44"');
    await updateWorkflows(conn, evil);
    expect((await listSchedules(conn)).schedules[0]!.workflow.state).toBe('changed');
    await expect(runNow(conn, id, actor)).rejects.toBeInstanceOf(WorkflowChanged);
    await expect(createSchedules(conn, [daily({ backupType: 'weekly' })], actor, opts)).rejects.toBeInstanceOf(WorkflowChanged);
    await restoreWorkflow(conn, HTTP_WORKFLOW);
    expect((await listSchedules(conn)).schedules[0]!.workflow.state).toBe('ours');
  });

  it('a run against a deleted instance fails in words, shows in the health, and the schedule says the instance is gone', async () => {
    const [other] = await createSchedules(conn, [daily({ instanceId: SEED.servers.db1, prefix: 'db-1' })], actor, opts);
    await deleteServer(conn, SEED.servers.db1);
    await until('db-1 gone', async () => getServer(conn, SEED.servers.db1).then(() => false, () => true), { timeoutMs: 10_000, intervalMs: 20 });
    await runNow(conn, other!, actor);
    const [failed] = await finished(other!, 1);
    expect(failed).toMatchObject({ status: 'failed', imageId: null });
    expect(failed!.reason).toMatch(/no longer exists/);
    const s = (await listSchedules(conn)).schedules.find((x) => x.id === other);
    expect(s?.instance).toMatchObject({ exists: false, name: 'db-1' });
    expect((await scheduleHealth(conn)).failed).toEqual([expect.objectContaining({ instanceId: SEED.servers.db1, scheduleId: other })]);
    await deleteSchedule(conn, other!);
  });

  it("Run now sends the caller's token to the caller's own compute URL, never to one a trigger names", async () => {
    const [mine] = (await listAllCronTriggers(conn, { workflowName: HTTP_WORKFLOW.name })).filter((t) => t.name === `snapdeck-backup.${id}.r3`);
    const rogueId = 'abcdefabcdef';
    await createCronTrigger(conn, {
      name: `snapdeck-backup.${rogueId}.r1`, workflowId: mine!.workflowId!, pattern: '0 2 * * *',
      workflowInput: { ...mine!.workflowInput, compute_url: 'http://evil.test/compute', snapdeck: { ...(mine!.workflowInput.snapdeck as object), schedule: rogueId } },
    });
    const run = await runNow(conn, rogueId, actor);
    expect((await getExecution(conn, run.id)).input.compute_url).toBe(actor.computeUrl);
    await deleteSchedule(conn, rogueId);
  });

  it('deletes the schedule and its trigger; the backups stay', async () => {
    await deleteSchedule(conn, id);
    expect((await listSchedules(conn)).schedules).toEqual([]);
    expect(await listAllCronTriggers(conn, { workflowName: HTTP_WORKFLOW.name })).toEqual([]);
    await expect(deleteSchedule(conn, id)).rejects.toMatchObject({ status: 404 });
  });

  it('makes the grandfather-father-son set for one instance', async () => {
    const ids = await createSchedules(conn, [
      daily({ backupType: 'daily', keep: 7 }),
      daily({ backupType: 'weekly', keep: 4, frequency: { kind: 'weekly', weekday: 0, hour: 2, minute: 0 } }),
      daily({ backupType: 'monthly', keep: 12, frequency: { kind: 'monthly', day: 1, hour: 2, minute: 0 } }),
    ], actor, opts);
    expect(ids).toHaveLength(3);
    const { schedules } = await listSchedules(conn, { instanceId: SEED.servers.web1 });
    expect(schedules.map((s) => [s.backupType, s.keep, s.cron])).toEqual([
      ['daily', 7, '0 2 * * *'], ['monthly', 12, '0 2 1 * *'], ['weekly', 4, '0 2 * * 0'],
    ]);
  });
});
