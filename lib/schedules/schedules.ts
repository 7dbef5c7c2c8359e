import 'server-only';
// Backup schedules as Mistral cron triggers (docs/decisions/010). Snapdeck stores nothing:
// a schedule is one trigger of Snapdeck's workflow, named `snapdeck-backup.<id>.r<n>`, whose
// workflow input holds what Nova needs (server, name, type, rotation) and, under `snapdeck`,
// the form's own fields. Any replica, or a fresh install, reads the same schedules.
//
// Mistral 15 cannot update or pause a trigger. Edit, Pause and Resume make the next
// revision (r<n+1>) first and delete the old one after, so a failure half-way leaves the
// schedule as it was, never gone. A paused schedule is a trigger whose first run is set in
// year 9999: it keeps its fields and makes no runs.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Connection } from '@/lib/openstack/client';
import { OpenStackError } from '@/lib/openstack/errors';
import { getServer } from '@/lib/openstack/compute/servers';
import { listImages } from '@/lib/openstack/image/images';
import { createCronTrigger, deleteCronTrigger, listAllCronTriggers, type CronTrigger } from '@/lib/openstack/workflow/cron-triggers';
import { createExecution, listExecutions, type Execution } from '@/lib/openstack/workflow/executions';
import { backupNameOf, type BackupImageDto, type RunDto, type ScheduleDto, type ScheduleFields, type ScheduleHealth, type SchedulesPage, type WorkflowState } from './contract';
import { cronOf, cronProblem, frequencySchema } from './frequency';
import { runOutcome } from './run-outcome';
import { checkWorkflow, definitionHash, ScheduleRefusal, ensureWorkflow, versionNamed, WORKFLOW_VERSIONS, WorkflowChanged, workflowVersionFor, type WorkflowVersion } from './workflow';

// ---------------------------------------------------------------- names and inputs

const TRIGGER_NAME = /^snapdeck-backup\.([0-9a-f]{12})\.r(\d{1,9})$/;
export const triggerNameOf = (scheduleId: string, revision: number) => `snapdeck-backup.${scheduleId}.r${revision}`;
export const newScheduleId = () => randomBytes(6).toString('hex');

/** A paused trigger's first run: Mistral takes any future `YYYY-MM-DD HH:MM` (checked on Zed). */
export const PAUSED_UNTIL = new Date('9999-01-01T00:00:00Z');

/** What Snapdeck keeps in the trigger's workflow input, beside Nova's arguments. */
const snapdeckFieldsSchema = z.object({
  v: z.literal(1),
  schedule: z.string().regex(/^[0-9a-f]{12}$/),
  frequency: frequencySchema,
  prefix: z.string().max(200),
  /** The instance's name when the schedule was saved: shown once the instance is gone. */
  instance: z.string().max(255).optional(),
  enabled: z.boolean(),
  by: z.object({ id: z.string().max(64), name: z.string().max(255) }).nullable(),
  at: z.string().max(40),
  workflow_sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const triggerInputSchema = z.object({
  compute_url: z.string().nullable().optional(),
  server_id: z.guid(),
  backup_name: z.string(),
  backup_type: z.string().min(1).max(64),
  rotation: z.number().int().min(0),
  snapdeck: snapdeckFieldsSchema,
});
type TriggerInput = z.infer<typeof triggerInputSchema>;

/** A trigger read as a schedule, or null when it is not one of Snapdeck's. */
interface Parsed {
  id: string;
  revision: number;
  trigger: CronTrigger;
  input: TriggerInput;
  version: WorkflowVersion;
}

function parseTrigger(trigger: CronTrigger): Parsed | 'foreign' | null {
  const m = TRIGGER_NAME.exec(trigger.name);
  if (!m) return null;
  const version = versionNamed(trigger.workflowName);
  const input = triggerInputSchema.safeParse(trigger.workflowInput);
  if (!version || !input.success || input.data.snapdeck.schedule !== m[1]) return 'foreign';
  return { id: m[1]!, revision: Number(m[2]), trigger, input: input.data, version };
}

export interface Actor {
  user: { id: string; name: string };
  computeUrl: string;
}

function inputFor(fields: ScheduleFields, id: string, version: WorkflowVersion, actor: Actor, now: Date, instanceName: string | null): TriggerInput {
  return {
    compute_url: version.via === 'std.http' ? actor.computeUrl : null,
    server_id: fields.instanceId,
    backup_name: backupNameOf(fields),
    backup_type: fields.backupType,
    rotation: fields.keep,
    snapdeck: {
      v: 1, schedule: id, frequency: fields.frequency, prefix: fields.prefix, ...(instanceName ? { instance: instanceName } : {}), enabled: fields.enabled,
      by: { id: actor.user.id, name: actor.user.name }, at: now.toISOString(), workflow_sha256: definitionHash(version.definition),
    },
  };
}

const fieldsOf = (p: Parsed): ScheduleFields => ({
  instanceId: p.input.server_id, frequency: p.input.snapdeck.frequency, backupType: p.input.backup_type, keep: p.input.rotation,
  prefix: p.input.snapdeck.prefix, enabled: p.input.snapdeck.enabled,
});

// ---------------------------------------------------------------- reading

/** Every Snapdeck trigger of the project, grouped by schedule (the highest revision wins;
 * an older one left by an interrupted edit is kept aside to be deleted with it). */
async function readSchedules(conn: Connection): Promise<{ schedules: Map<string, { current: Parsed; stale: Parsed[] }>; foreign: number }> {
  const lists = await Promise.all(WORKFLOW_VERSIONS.map((v) => listAllCronTriggers(conn, { workflowName: v.name }, 20)));
  const schedules = new Map<string, { current: Parsed; stale: Parsed[] }>();
  let foreign = 0;
  for (const trigger of lists.flat()) {
    const parsed = parseTrigger(trigger);
    if (parsed === 'foreign') foreign += 1;
    if (!parsed || parsed === 'foreign') continue;
    const seen = schedules.get(parsed.id);
    if (!seen) schedules.set(parsed.id, { current: parsed, stale: [] });
    else if (parsed.revision > seen.current.revision) schedules.set(parsed.id, { current: parsed, stale: [...seen.stale, seen.current] });
    else seen.stale.push(parsed);
  }
  return { schedules, foreign };
}

async function findSchedule(conn: Connection, id: string): Promise<{ current: Parsed; stale: Parsed[] }> {
  const { schedules } = await readSchedules(conn);
  const found = schedules.get(id);
  if (!found) throw new ScheduleRefusal(404, 'This schedule does not exist (any more). Another user or a Mistral client may have deleted it.');
  return found;
}

const secondsBetween = (a: string, b: string) => Math.max(0, Math.round((Date.parse(b) - Date.parse(a)) / 1000));

export function runOf(ex: Execution): RunDto {
  const outcome = runOutcome({ state: ex.state, stateInfo: ex.stateInfo, output: ex.output });
  const done = outcome.status !== 'running';
  const finishedAt = done ? ex.updatedAt : null;
  return {
    id: ex.id,
    startedAt: ex.createdAt,
    finishedAt,
    durationSeconds: finishedAt ? secondsBetween(ex.createdAt, finishedAt) : null,
    status: outcome.status,
    imageId: outcome.imageId,
    reason: outcome.reason,
    startedBy: ex.triggeredBy ? 'schedule' : 'run-now',
  };
}

/** One page of a schedule's runs, newest first: its trigger's (whose name, in the
 * description Mistral writes, holds the id) and Run now's (whose description does). */
export async function listRuns(conn: Connection, id: string, opts: { limit?: number; marker?: string } = {}): Promise<{ runs: RunDto[]; nextMarker: string | null }> {
  const { current } = await findSchedule(conn, id);
  return runsOf(conn, current, opts);
}

async function runsOf(conn: Connection, p: Parsed, opts: { limit?: number; marker?: string }) {
  const page = await listExecutions(conn, {
    workflowName: p.version.name, descriptionHas: p.id, sortDir: 'desc', limit: opts.limit ?? 20, marker: opts.marker, includeOutput: true,
  });
  return { runs: page.executions.map(runOf), nextMarker: page.nextMarker };
}

async function backupsOf(conn: Connection, p: Parsed): Promise<BackupImageDto[] | null> {
  try {
    const { images } = await listImages(conn, {
      properties: { image_type: 'backup', instance_uuid: p.input.server_id, backup_type: p.input.backup_type },
      sortKey: 'created_at', sortDir: 'desc', limit: 100,
    });
    return images.map((i) => ({ id: i.id, name: i.name ?? '', status: i.status, createdAt: i.createdAt }));
  } catch (err) {
    if (err instanceof OpenStackError && err.is(401)) throw err;
    return null;
  }
}

/** The instance as Nova sees it now; once gone (or unreadable), the name saved with the schedule. */
async function instanceOf(conn: Connection, serverId: string, savedName: string | null): Promise<ScheduleDto['instance']> {
  try {
    const server = await getServer(conn, serverId);
    return { id: serverId, name: server.name, exists: true };
  } catch (err) {
    if (err instanceof OpenStackError && err.is(404)) return { id: serverId, name: savedName, exists: false };
    if (err instanceof OpenStackError && err.is(401)) throw err;
    return { id: serverId, name: savedName, exists: null };
  }
}

function toDto(p: Parsed, extra: { instance: ScheduleDto['instance']; workflow: WorkflowState; lastRun: RunDto | null | undefined; backups: BackupImageDto[] | null }): ScheduleDto {
  const s = p.input.snapdeck;
  return {
    id: p.id,
    instance: extra.instance,
    frequency: s.frequency,
    cron: p.trigger.pattern ?? cronOf(s.frequency),
    backupType: p.input.backup_type,
    keep: p.input.rotation,
    prefix: s.prefix,
    enabled: s.enabled,
    nextRunAt: s.enabled ? p.trigger.nextExecutionTime : null,
    savedBy: s.by,
    savedAt: s.at,
    workflow: { name: p.version.name, state: extra.workflow },
    lastRun: extra.lastRun,
    backups: extra.backups,
  };
}

async function workflowStates(conn: Connection, versions: readonly WorkflowVersion[]): Promise<Map<string, WorkflowState>> {
  const unique = [...new Set(versions)];
  const checks = await Promise.all(unique.map(async (v) => [v.name, (await checkWorkflow(conn, v)).state] as const));
  return new Map(checks);
}

/** The project's schedules (or one instance's), each with its instance, last run and backups.
 * The workflow is checked each time: a changed one marks every schedule that uses it. */
export async function listSchedules(conn: Connection, opts: { instanceId?: string } = {}): Promise<SchedulesPage> {
  const { schedules, foreign } = await readSchedules(conn);
  const chosen = [...schedules.values()].map((s) => s.current).filter((p) => !opts.instanceId || p.input.server_id === opts.instanceId);
  const workflows = await workflowStates(conn, chosen.map((p) => p.version));
  const savedNames = new Map(chosen.map((p) => [p.input.server_id, p.input.snapdeck.instance ?? null]));
  const [instances, details] = await Promise.all([
    Promise.all([...savedNames].map(([id, name]) => instanceOf(conn, id, name))),
    Promise.all(chosen.map(async (p) => {
      const [runs, backups] = await Promise.all([runsOf(conn, p, { limit: 1 }).catch((err: unknown) => {
        if (err instanceof OpenStackError && err.is(401)) throw err;
        return null;
      }), backupsOf(conn, p)]);
      return { runs, backups };
    })),
  ]);
  const byServer = new Map(instances.map((i) => [i.id, i]));
  const dtos = chosen.map((p, i) => toDto(p, {
    instance: byServer.get(p.input.server_id)!,
    workflow: workflows.get(p.version.name) ?? 'missing',
    lastRun: details[i]!.runs === null ? undefined : (details[i]!.runs!.runs[0] ?? null),
    backups: details[i]!.backups,
  }));
  dtos.sort((a, b) => (a.instance.name ?? a.instance.id).localeCompare(b.instance.name ?? b.instance.id) || a.backupType.localeCompare(b.backupType));
  return { service: 'available', schedules: dtos, foreign };
}

/** The Schedules page's answer, for the route and the page's first HTML alike: `absent`
 * when the cloud has no workflow service. */
export async function loadSchedulesPage(conn: Connection, opts: { instanceId?: string } = {}): Promise<SchedulesPage> {
  if (!conn.endpoints.workflow) return { service: 'absent', schedules: [], foreign: 0 };
  return listSchedules(conn, opts);
}

/** The instances whose schedules' last run failed: one trigger list and one runs list per
 * schedule, no Nova or Glance call (the Instances page asks this after its rows are shown). */
export async function scheduleHealth(conn: Connection): Promise<ScheduleHealth> {
  const { schedules } = await readSchedules(conn);
  const last = await Promise.all([...schedules.values()].map(async ({ current }) => {
    const { runs } = await runsOf(conn, current, { limit: 1 });
    return { current, run: runs[0] };
  }));
  return {
    failed: last.flatMap(({ current, run }) => (run && run.status === 'failed'
      ? [{ instanceId: current.input.server_id, scheduleId: current.id, backupType: current.input.backup_type, at: run.startedAt, reason: run.reason }]
      : [])),
  };
}

// ---------------------------------------------------------------- writing

export interface WriteOptions {
  /** Patterns more often than hourly (SNAPDECK_ALLOW_FREQUENT_SCHEDULES, for test clouds). */
  allowFrequent: boolean;
  now?: Date;
}

function checkFrequency(fields: ScheduleFields, opts: WriteOptions): string {
  const cron = cronOf(fields.frequency);
  const problem = cronProblem(cron, { allowFrequent: opts.allowFrequent });
  if (problem) throw new ScheduleRefusal(400, problem, { frequency: problem });
  return cron;
}

async function makeTrigger(conn: Connection, id: string, revision: number, fields: ScheduleFields, version: WorkflowVersion, workflowId: string, actor: Actor, opts: WriteOptions, instanceName: string | null): Promise<CronTrigger> {
  const cron = checkFrequency(fields, opts);
  const now = opts.now ?? new Date();
  return createCronTrigger(conn, {
    name: triggerNameOf(id, revision),
    workflowId,
    workflowInput: inputFor(fields, id, version, actor, now, instanceName),
    pattern: cron,
    ...(fields.enabled ? {} : { firstExecutionTime: PAUSED_UNTIL }),
  }, { now });
}

/** The instance's name, checked to exist: a schedule for a deleted instance would only fail. */
async function checkInstance(conn: Connection, instanceId: string): Promise<string> {
  try {
    return (await getServer(conn, instanceId)).name;
  } catch (err) {
    if (err instanceof OpenStackError && err.is(404)) throw new ScheduleRefusal(400, 'This instance does not exist (any more).', { instanceId: 'This instance does not exist (any more).' });
    throw err;
  }
}

function refuseSharedRotation(existing: Iterable<{ current: Parsed }>, fields: ScheduleFields, except: string | null): void {
  for (const { current } of existing) {
    if (current.id !== except && current.input.server_id === fields.instanceId && current.input.backup_type === fields.backupType) {
      const message = `This instance already has a “${fields.backupType}” schedule. Nova rotates backups per instance and per type, so two schedules of one type would share one rotation: choose another type, or edit that schedule.`;
      throw new ScheduleRefusal(409, message, { backupType: message });
    }
  }
}

async function workflowFor(conn: Connection, version?: WorkflowVersion): Promise<{ version: WorkflowVersion; workflowId: string }> {
  const v = version ?? (await workflowVersionFor(conn));
  const workflow = await ensureWorkflow(conn, v);
  return { version: v, workflowId: workflow.id };
}

/** Creates one schedule, or a set for one instance (grandfather-father-son): all or none. */
export async function createSchedules(conn: Connection, list: ScheduleFields[], actor: Actor, opts: WriteOptions): Promise<string[]> {
  list.forEach((fields) => checkFrequency(fields, opts));
  const [{ schedules }, instanceName] = await Promise.all([readSchedules(conn), checkInstance(conn, list[0]!.instanceId)]);
  for (const fields of list) refuseSharedRotation(schedules.values(), fields, null);
  const { version, workflowId } = await workflowFor(conn);
  const made: CronTrigger[] = [];
  try {
    for (const fields of list) made.push(await makeTrigger(conn, newScheduleId(), 1, fields, version, workflowId, actor, opts, instanceName));
  } catch (err) {
    await Promise.allSettled(made.map((t) => deleteCronTrigger(conn, t.id)));
    throw err;
  }
  return made.map((t) => TRIGGER_NAME.exec(t.name)![1]!);
}

/** Edit, Pause and Resume: the next revision of the trigger, then the old one deleted. The
 * new trigger's trust is the caller's: the runs act as whoever saved last. */
export async function updateSchedule(conn: Connection, id: string, change: (fields: ScheduleFields) => ScheduleFields, actor: Actor, opts: WriteOptions): Promise<void> {
  const { schedules } = await readSchedules(conn);
  const found = schedules.get(id);
  if (!found) throw new ScheduleRefusal(404, 'This schedule does not exist (any more). Another user or a Mistral client may have deleted it.');
  const fields = change(fieldsOf(found.current));
  refuseSharedRotation(schedules.values(), fields, id);
  const sameInstance = fields.instanceId === found.current.input.server_id;
  const instanceName = sameInstance ? (found.current.input.snapdeck.instance ?? null) : await checkInstance(conn, fields.instanceId);
  const { version, workflowId } = await workflowFor(conn, found.current.version);
  await makeTrigger(conn, id, found.current.revision + 1, fields, version, workflowId, actor, opts, instanceName);
  await deleteTriggers(conn, [found.current, ...found.stale]);
}

async function deleteTriggers(conn: Connection, parsed: readonly Parsed[]): Promise<void> {
  await Promise.all(parsed.map(async (p) => {
    try {
      await deleteCronTrigger(conn, p.trigger.id);
    } catch (err) {
      if (!(err instanceof OpenStackError && err.is(404))) throw err;
    }
  }));
}

/** Deletes the schedule's trigger (and its trust). Its backups stay in Glance. */
export async function deleteSchedule(conn: Connection, id: string): Promise<void> {
  const found = await findSchedule(conn, id);
  await deleteTriggers(conn, [found.current, ...found.stale]);
}

/** Run now: one execution of the schedule's workflow with its input, under the caller's
 * token (not the trigger's trust), found again by the schedule id in its description. */
export async function runNow(conn: Connection, id: string, actor: Actor): Promise<RunDto> {
  const { current } = await findSchedule(conn, id);
  const check = await checkWorkflow(conn, current.version);
  if (check.state === 'changed') throw new WorkflowChanged(current.version.name);
  if (check.state === 'missing') throw new ScheduleRefusal(409, `The workflow ${current.version.name} is gone from this project. Restore it from the Schedules page first.`);
  const description = `Snapdeck Run now of schedule ${current.id} (${current.trigger.name}) by ${actor.user.name}`.slice(0, 255);
  const execution = await createExecution(conn, {
    workflowId: check.workflow.id,
    // The URL the caller's token goes to is the caller's own compute endpoint, never one read
    // from the trigger: anyone in the project can make a trigger that names Snapdeck's workflow.
    input: { ...current.input, compute_url: current.version.via === 'std.http' ? actor.computeUrl : null },
    description,
  });
  return runOf(execution);
}
