// The local cloud's Mistral engine: runs workflow executions for real (std.http goes to this
// cloud's own services, in process) and fires due cron triggers, on Mistral's clock.
// Follows mistral/engine (workflows.py, tasks.py, direct_workflow.py), periodic.py and
// triggers.py of Mistral 15.0.0 for what clients see: states, state_info, output, the
// description of cron-started runs, the order and timing of cron firings.
import { randomBytes } from 'node:crypto';
import type { CloudContext } from '../context';
import { serviceOptions } from '../config';
import { buildCatalog } from '../keystone/routes';
import type { Token, User } from '../state/state';
import { keystoneTime, newId } from '../state/state';
import { nextTime } from './cron';
import { RUNNABLE_ACTIONS } from './dsl';
import { MistralFault, badRequest } from './errors';
import type { CronTriggerRecord, ExecutionRecord, TaskExecutionRecord, TaskSpec, WorkflowRecord } from './model';
import { mistralData } from './model';
import { pyJsonDumps, pyRepr, pyStrOf } from './python';
import { evaluateRecursively, ExpressionError, type EvalContext, type TaskView } from './yaql';

/** How the engine reaches this cloud's services: the cloud's own app, in process. */
export type Dispatch = (request: Request) => Promise<Response>;

interface Runtime {
  cloud: CloudContext;
  dispatch: Dispatch;
  /** Executions being run, for the clock control to wait on. */
  running: Set<Promise<void>>;
  /** Whether the once-a-second trigger check is scheduled (through cloud.later). */
  tickArmed: boolean;
  log?: (line: string) => void;
}

const runtimes = new WeakMap<CloudContext, Runtime>();

/** Mistral's clock: the machine's, plus what POST /__admin/clock added. */
export const clockNow = (cloud: CloudContext): number => Date.now() + mistralData(cloud.state).clockOffsetMs;

/** The most executions a cloud keeps (a trigger every minute makes 1,440 a day). */
export const MAX_EXECUTIONS = 10_000;

/** Mistral's periodic task runs every second ([cron_trigger] execution_interval = 1). */
const TICK_MS = 1000;
/** get_next_cron_triggers takes triggers due within the next 2 s. */
const EARLY_MS = 2000;

function armTick(rt: Runtime): void {
  if (rt.tickArmed || mistralData(rt.cloud.state).cronTriggers.length === 0) return;
  rt.tickArmed = true;
  rt.cloud.later(TICK_MS, () => {
    rt.tickArmed = false;
    fireDueTriggers(rt.cloud);
    armTick(rt);
  });
}

/**
 * Sets up the engine of a cloud: executions a stopped cloud left RUNNING fail with a
 * reason (the local cloud does not resume them), and the trigger check starts.
 */
export function startEngine(cloud: CloudContext, dispatch: Dispatch, log?: (line: string) => void): void {
  const rt: Runtime = { cloud, dispatch, running: new Set(), tickArmed: false, log };
  runtimes.set(cloud, rt);
  const data = mistralData(cloud.state);
  let changed = false;
  for (const ex of data.executions) {
    if (ex.state === 'RUNNING' || ex.state === 'IDLE') {
      ex.state = 'ERROR';
      ex.stateInfo = 'The local cloud stopped while this execution was running; it does not resume executions.';
      ex.output = { result: ex.stateInfo };
      ex.updatedAt = clockNow(cloud);
      changed = true;
    }
  }
  if (changed) cloud.state.touch();
  armTick(rt);
}

function runtime(cloud: CloudContext): Runtime {
  const rt = runtimes.get(cloud);
  if (!rt) throw new Error('the Mistral engine of this cloud is not started');
  return rt;
}

/** After a reset of the cloud (its timers cleared): the trigger check is re-armed when needed. */
export function resetEngine(cloud: CloudContext): void {
  const rt = runtimes.get(cloud);
  if (!rt) return;
  rt.tickArmed = false;
  armTick(rt);
}

/** A trigger was created: make sure the check runs. */
export const triggersChanged = (cloud: CloudContext): void => {
  const rt = runtimes.get(cloud);
  if (rt) armTick(rt);
};

// ---------------------------------------------------------------- tokens

/** A token for `user` in `projectId`, as Mistral gets one from the trigger's trust
 * (security.create_context); null when the user can no longer act there. */
function trustToken(cloud: CloudContext, userId: string, projectId: string): { token: Token; user: User; roles: string[] } | null {
  const { state } = cloud;
  const user = state.user(userId);
  const project = state.project(projectId);
  const roles = user?.assignments.find((a) => a.projectId === projectId)?.roles ?? [];
  if (!user || !user.enabled || !project || !project.enabled || roles.length === 0) return null;
  const now = Math.floor(Date.now() / 1000) * 1000;
  const token: Token = {
    id: `gAAAAAB${randomBytes(132).toString('base64url')}`,
    userId, projectId, methods: ['password'], auditId: randomBytes(16).toString('base64url'),
    issuedAt: keystoneTime(new Date(now)), expiresAt: keystoneTime(new Date(now + state.timings.tokenTtlSeconds * 1000)), revoked: false,
  };
  state.addToken(token);
  return { token, user, roles };
}

/** What `$.openstack` holds: MistralContext.to_dict() of the run's security context. */
function openstackContext(cloud: CloudContext, run: RunAs): Record<string, unknown> {
  const { state } = cloud;
  const project = state.project(run.token.projectId ?? '');
  return {
    auth_uri: `${cloud.publicUrl}/identity/v3`,
    auth_cacert: null,
    insecure: false,
    // A cron-started run has no catalog (its token comes from the trust).
    service_catalog: run.trustId ? null : pyJsonDumps(buildCatalog(cloud)),
    region_name: serviceOptions(cloud).regions[0] ?? null,
    is_trust_scoped: run.trustId !== null,
    trust_id: run.trustId,
    redelivered: false,
    expires_at: run.token.expiresAt,
    auth_token: run.token.id,
    user_id: run.user.id,
    project_id: run.token.projectId,
    user_name: run.user.name,
    project_name: project?.name ?? null,
    roles: run.roles,
    is_admin: run.roles.includes('admin'),
  };
}

// ---------------------------------------------------------------- starting executions

export interface RunAs {
  token: Token;
  user: User;
  roles: string[];
  trustId: string | null;
}

/** engine/utils.validate_input, worded as Mistral words it. */
export function checkWorkflowInput(wf: WorkflowRecord, input: Record<string, unknown>): void {
  const declared = new Map(wf.spec.input.map((i) => [i.name, i]));
  const missing = wf.spec.input.filter((i) => i.required && !(i.name in input)).map((i) => i.name);
  const unexpected = Object.keys(input).filter((k) => !declared.has(k));
  if (missing.length || unexpected.length) {
    throw badRequest(`Invalid input [name=${wf.name}, class=DirectWorkflowSpec${missing.length ? `, missing=${pyRepr(missing)}` : ''}${unexpected.length ? `, unexpected=${pyRepr(unexpected)}` : ''}]`);
  }
}

/** Execution params the engine honours: env (kept; expressions cannot read it here) and
 * namespace. Others (notify webhooks, task_name of reverse workflows…) are refused. */
export function checkParams(params: Record<string, unknown>): void {
  const other = Object.keys(params).filter((k) => k !== 'env' && k !== 'namespace');
  if (other.length > 0) throw new MistralFault(400, `The local cloud's Mistral does not implement the execution params ${other.map((k) => `'${k}'`).join(', ')}.`);
  if (params.env !== undefined && (typeof params.env !== 'object' || params.env === null || Array.isArray(params.env))) {
    throw new MistralFault(400, "The local cloud's Mistral takes params.env as an object only, not the name of a stored environment.");
  }
}

export interface StartOpts {
  id?: string;
  input: Record<string, unknown>;
  description: string;
  params: Record<string, unknown>;
  runAs: RunAs;
  cronTriggerId: string | null;
}

/** engine.start_workflow: a RUNNING execution whose tasks then run in the background. */
export function startExecution(cloud: CloudContext, wf: WorkflowRecord, opts: StartOpts): ExecutionRecord {
  const rt = runtime(cloud);
  checkWorkflowInput(wf, opts.input);
  const now = clockNow(cloud);
  const input: Record<string, unknown> = {};
  for (const i of wf.spec.input) {
    if (i.name in opts.input) input[i.name] = opts.input[i.name];
    else if (!i.required) input[i.name] = i.default;
  }
  checkParams(opts.params);
  const ex: ExecutionRecord = {
    id: opts.id ?? newId(),
    workflowId: wf.id,
    workflowName: wf.name,
    workflowNamespace: wf.namespace,
    description: opts.description,
    tags: [...wf.tags],
    params: { namespace: wf.namespace, ...opts.params, env: opts.params.env ?? {} },
    state: 'RUNNING',
    stateInfo: null,
    input,
    output: {},
    projectId: opts.runAs.token.projectId ?? '',
    userId: opts.runAs.user.id,
    cronTriggerId: opts.cronTriggerId,
    tasks: [],
    createdAt: now,
    updatedAt: now,
  };
  const data = mistralData(cloud.state);
  data.executions.push(ex);
  // Like Mistral's execution expiration policy (max_finished_executions): the oldest finished runs go.
  if (data.executions.length > MAX_EXECUTIONS) {
    const finishedOnes = data.executions.filter((e) => e.state !== 'RUNNING' && e.state !== 'IDLE').sort((a, b) => a.createdAt - b.createdAt);
    const drop = new Set(finishedOnes.slice(0, data.executions.length - MAX_EXECUTIONS));
    data.executions = data.executions.filter((e) => !drop.has(e));
  }
  cloud.state.touch();
  const context = { openstack: openstackContext(cloud, opts.runAs), __execution: { id: ex.id } };
  // The spec as it is now: Mistral caches it per execution, so a later update does not change a run.
  const spec = structuredClone(wf.spec);
  const run = runExecution(rt, ex, spec.tasks, spec.output, context).catch((err: unknown) => {
    finish(cloud, ex, 'ERROR', `The local cloud's Mistral failed: ${err instanceof Error ? err.message : String(err)}`);
  });
  rt.running.add(run);
  void run.finally(() => rt.running.delete(run));
  return ex;
}

function finish(cloud: CloudContext, ex: ExecutionRecord, state: 'SUCCESS' | 'ERROR', info: string | null, output?: Record<string, unknown>): void {
  ex.state = state;
  ex.stateInfo = info;
  ex.output = state === 'ERROR' ? { result: info } : output ?? {};
  ex.updatedAt = clockNow(cloud);
  cloud.state.touch();
}

// ---------------------------------------------------------------- running executions

class ActionFailure extends Error {
  constructor(readonly result: unknown, message: string) {
    super(message);
  }
}

interface TaskOutcome {
  record: TaskExecutionRecord;
  /** The action execution's output.result when it failed (for _build_fail_info_message). */
  actionError: unknown;
  ranAction: boolean;
  outbound: Record<string, unknown>;
  view: TaskView;
}

async function runExecution(
  rt: Runtime, ex: ExecutionRecord, tasks: TaskSpec[], outputSpec: Record<string, unknown>, context: Record<string, unknown>,
): Promise<void> {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const targets = new Set(tasks.flatMap((t) => [...t.onSuccess, ...t.onError, ...t.onComplete]));
  const queue: { spec: TaskSpec; inbound: Record<string, unknown> }[] = tasks.filter((t) => !targets.has(t.name)).map((spec) => ({ spec, inbound: {} }));
  const views = new Map<string, TaskView>();
  const failed: TaskOutcome[] = [];
  const ends: Record<string, unknown>[] = [];
  const str = pyStrOf;

  while (queue.length > 0) {
    const { spec, inbound } = queue.shift()!;
    const outcome = await runTask(rt, ex, spec, inbound, context, (name) => views.get(name) ?? null);
    views.set(spec.name, outcome.view);
    ex.tasks.push(outcome.record);
    ex.updatedAt = clockNow(rt.cloud);
    rt.cloud.state.touch();
    const ok = outcome.record.state === 'SUCCESS';
    const next = [...(ok ? spec.onSuccess : spec.onError), ...spec.onComplete];
    // An error is handled when the task says where to go on error (is_error_handled_for).
    if (!ok && spec.onError.length === 0 && spec.onComplete.length === 0) failed.push(outcome);
    if (next.length === 0) ends.push(outcome.outbound);
    for (const name of next) queue.push({ spec: byName.get(name)!, inbound: outcome.outbound });
  }

  if (failed.length > 0) {
    // workflows._build_fail_info_message
    failed.sort((a, b) => a.record.name.localeCompare(b.record.name));
    let msg = `Failure caused by error in tasks: ${failed.map((f) => f.record.name).join(', ')}\n`;
    for (const f of failed) {
      msg += `\n  ${f.record.name} [task_ex_id=${f.record.id}] -> ${f.record.stateInfo}\n`;
      if (f.ranAction) msg += `    [action_ex_id=${f.record.actionExecutionId}, idx=0]: ${str(f.actionError ?? 'Unknown')}\n`;
    }
    finish(rt.cloud, ex, 'ERROR', msg);
    return;
  }
  const finalContext = Object.assign({}, ...ends) as Record<string, unknown>;
  let output: Record<string, unknown> = finalContext;
  if (Object.keys(outputSpec).length > 0) {
    try {
      const evaluated = evaluateRecursively(outputSpec, { layers: [finalContext, context, ex.input], currentTask: null, taskByName: (n) => views.get(n) ?? null }, str) as Record<string, unknown>;
      // `output or ctx`: an output that evaluates to nothing gives the final context.
      output = Object.keys(evaluated).length > 0 ? evaluated : finalContext;
    } catch (err) {
      finish(rt.cloud, ex, 'ERROR', err instanceof Error ? err.message : String(err));
      return;
    }
  }
  finish(rt.cloud, ex, 'SUCCESS', null, output);
}

async function runTask(
  rt: Runtime, ex: ExecutionRecord, spec: TaskSpec, inbound: Record<string, unknown>, context: Record<string, unknown>,
  taskByName: (name: string) => TaskView | null,
): Promise<TaskOutcome> {
  const record: TaskExecutionRecord = { id: newId(), name: spec.name, state: 'RUNNING', stateInfo: null, actionExecutionId: newId(), published: {} };
  const view: TaskView = { id: record.id, name: spec.name, state: 'RUNNING', state_info: null, result: null, published: {} };
  const ctx: EvalContext = { layers: [inbound, context, ex.input], currentTask: view, taskByName };
  const fail = (info: string, ranAction: boolean, actionError: unknown = null): TaskOutcome => {
    record.state = 'ERROR';
    record.stateInfo = info;
    Object.assign(view, { state: 'ERROR', state_info: info });
    return { record, actionError, ranAction, outbound: { ...inbound }, view };
  };

  let input: Record<string, unknown>;
  try {
    input = evaluateRecursively(spec.input, ctx, pyStrOf) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof ExpressionError) return fail(err.message, false);
    throw err;
  }
  if (!RUNNABLE_ACTIONS[spec.action]) return fail(`Failed to find action [action_name=${spec.action}, namespace=${ex.workflowNamespace}]`, false);

  let result: unknown;
  try {
    result = await runAction(rt, spec.action, input);
  } catch (err) {
    if (err instanceof ActionFailure) {
      // RegularTask.on_action_complete: state_info = str(output['result'])
      view.result = err.result;
      return fail(err.message, true, err.result);
    }
    throw err;
  }
  view.result = result;
  try {
    record.published = evaluateRecursively(spec.publish, ctx, pyStrOf) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof ExpressionError) return fail(err.message, true, err.message);
    throw err;
  }
  record.state = 'SUCCESS';
  Object.assign(view, { state: 'SUCCESS', published: record.published });
  return { record, actionError: null, ranAction: true, outbound: { ...inbound, ...record.published }, view };
}

// ---------------------------------------------------------------- actions

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function runAction(rt: Runtime, action: string, input: Record<string, unknown>): Promise<unknown> {
  switch (action) {
    case 'std.noop':
      return null;
    case 'std.echo': {
      const delay = Number(input.delay ?? 0);
      if (Number.isFinite(delay) && delay > 0) await sleep(Math.min(delay, 60) * 1000);
      return input.output;
    }
    case 'std.fail':
      if (input.error_data) throw new ActionFailure(input.error_data, pyStrOf(input.error_data));
      throw new ActionFailure('Fail action expected exception.', 'Fail action expected exception.');
    case 'std.http':
      return httpAction(rt, input);
    default:
      throw new ActionFailure(`Failed to find action [action_name=${action}]`, `Failed to find action [action_name=${action}]`);
  }
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found',
  304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 413: 'Request Entity Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** requests' Response.encoding (utils.get_encoding_from_headers). */
function encodingOf(contentType: string | null): string | null {
  if (!contentType) return null;
  const charset = /charset=["']?([^"';\s]+)/i.exec(contentType);
  if (charset) return charset[1]!;
  if (contentType.includes('text')) return 'ISO-8859-1';
  if (contentType.includes('application/json')) return 'utf-8';
  return null;
}

const httpFailure = (why: string) => new ActionFailure(`Failed to send HTTP request: ${why}`, `Failed to send HTTP request: ${why}`);

/**
 * std.http (mistral/actions/std_actions.py HTTPAction) against this cloud's own services.
 * The result is requests' response as Mistral represents it; a status outside 200–306 is
 * the action's error.
 */
async function httpAction(rt: Runtime, input: Record<string, unknown>): Promise<unknown> {
  const { cloud } = rt;
  const { url, params, body, json, timeout } = input;
  const method = typeof input.method === 'string' ? input.method.toUpperCase() : 'GET';
  if (body && json) throw new ActionFailure("Only one of the parameters 'json' and 'body' can be passed", "Only one of the parameters 'json' and 'body' can be passed");
  if (typeof url !== 'string') throw httpFailure(`Invalid URL ${pyRepr(url)}`);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw httpFailure(`Invalid URL '${url}': No scheme supplied.`);
  }
  const own = `${cloud.publicUrl}/`;
  if (!target.href.startsWith(own)) {
    throw httpFailure(`the local cloud's std.http reaches only this cloud's own services (${own}…), not ${target.origin}`);
  }
  if (params && typeof params === 'object') {
    for (const [k, v] of Object.entries(params as Record<string, unknown>)) target.searchParams.append(k, pyStrOf(v));
  }
  const headers = new Headers({ 'User-Agent': 'python-requests/2.28.1', Accept: '*/*' });
  if (input.headers && typeof input.headers === 'object') {
    for (const [k, v] of Object.entries(input.headers as Record<string, unknown>)) headers.set(k, pyStrOf(v));
  }
  let payload: string | undefined;
  if (body !== undefined && body !== null) payload = typeof body === 'object' ? JSON.stringify(body) : pyStrOf(body);
  else if (json !== undefined && json !== null) {
    payload = JSON.stringify(json);
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  }
  const seconds = Number(timeout);
  const started = performance.now();
  let res: Response;
  let timer: NodeJS.Timeout | undefined;
  try {
    // No service of this cloud answers a redirect (301/302/303/307/308 with a Location), so
    // allow_redirects, which would follow one, changes nothing here.
    const sent = rt.dispatch(new Request(target, { method, headers, ...(payload !== undefined ? { body: payload } : {}) }));
    // requests' timeout: the in-process answer is raced against it (a fault's latency, say).
    const timedOut = Number.isFinite(seconds) && seconds > 0
      ? new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`HTTPConnectionPool(host='${target.hostname}', port=${target.port || 80}): Read timed out. (read timeout=${seconds})`)), seconds * 1000);
      })
      : null;
    res = await (timedOut ? Promise.race([sent, timedOut]) : sent);
  } catch (err) {
    throw httpFailure(err instanceof Error ? err.message : String(err));
  } finally {
    clearTimeout(timer);
  }
  const text = await res.text();
  let content: unknown = text;
  try {
    content = JSON.parse(text);
  } catch {
    // Not JSON: requests gives the bytes; here, the text.
  }
  const result = {
    content,
    status: res.status,
    headers: Object.fromEntries(res.headers.entries()),
    url: target.href,
    history: [],
    encoding: encodingOf(res.headers.get('content-type')),
    reason: REASONS[res.status] ?? '',
    cookies: {},
    elapsed: Math.round(performance.now() - started) / 1000,
  };
  if (res.status < 200 || res.status > 306) throw new ActionFailure(result, pyStrOf(result));
  return result;
}

// ---------------------------------------------------------------- cron triggers

/** triggers.create_cron_trigger's next_time. */
export const firstNextTime = (pattern: string | null, first: number | null, now: number): number => first ?? nextTime(pattern!, now);

/**
 * periodic.process_cron_triggers_v2 at Mistral's `now`: every trigger due within 2 s, oldest
 * first, is advanced (or deleted after its last counted run) and its workflow started with
 * the trigger's trust. A lagging clock fires a trigger once, then schedules it from now.
 */
export function fireDueTriggers(cloud: CloudContext): ExecutionRecord[] {
  const data = mistralData(cloud.state);
  const now = clockNow(cloud);
  const due = data.cronTriggers.filter((t) => t.nextExecutionTime < now + EARLY_MS).sort((a, b) => a.nextExecutionTime - b.nextExecutionTime);
  const started: ExecutionRecord[] = [];
  for (const t of due) {
    advance(cloud, t, now);
    const wf = data.workflows.find((w) => w.id === t.workflowId);
    const run = trustToken(cloud, t.userId, t.projectId);
    if (!wf || !run) {
      runtimes.get(cloud)?.log?.(`mistral: cron trigger ${t.name} (${t.id}) could not start its workflow: ${wf ? 'the trust no longer works' : 'the workflow is gone'}`);
      continue;
    }
    const description = pyJsonDumps({
      description: `Workflow execution created by cron trigger '(${t.id})'.`,
      triggered_by: { type: 'cron_trigger', id: t.id, name: t.name },
    });
    try {
      started.push(startExecution(cloud, wf, {
        input: t.workflowInput, description, params: { ...t.workflowParams },
        runAs: { ...run, trustId: t.trustId }, cronTriggerId: t.id,
      }));
    } catch (err) {
      // Mistral logs and goes on with the next trigger ("Failed to process cron trigger").
      runtimes.get(cloud)?.log?.(`mistral: failed to process cron trigger ${t.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (due.length > 0) cloud.state.touch();
  return started;
}

function advance(cloud: CloudContext, t: CronTriggerRecord, now: number): void {
  const data = mistralData(cloud.state);
  if (t.remainingExecutions !== null && t.remainingExecutions > 0) t.remainingExecutions -= 1;
  if (t.remainingExecutions === 0) {
    // The last run: the trigger goes (its trust stays until the run ends, delete_trust=False).
    data.cronTriggers = data.cronTriggers.filter((x) => x !== t);
    return;
  }
  t.nextExecutionTime = nextTime(t.pattern!, Math.max(now, t.nextExecutionTime));
  t.updatedAt = now;
}

// ---------------------------------------------------------------- the clock, for tests

/** Waits until no execution runs and the cloud has no simulated work pending (a snapshot
 * the run asked for), or until the deadline. */
async function settle(rt: Runtime, deadline: number): Promise<boolean> {
  for (;;) {
    const idle = rt.running.size === 0 && rt.cloud.timers.size <= (rt.tickArmed ? 1 : 0);
    if (idle) return true;
    if (Date.now() >= deadline) return false;
    if (rt.running.size > 0) await Promise.race([...rt.running, sleep(20)]);
    else await sleep(5);
  }
}

export interface ClockAdvance {
  now: number;
  /** Executions the cron triggers started on the way, in order. */
  started: ExecutionRecord[];
  /** False when some work was still going on at the deadline. */
  settled: boolean;
}

/**
 * Moves Mistral's clock `seconds` forward, the way time would pass: the clock stops at each
 * due cron trigger, the trigger fires, and its run, with the cloud work it started (Nova's
 * backup), finishes before the clock moves on, as it would within the minute between runs.
 */
export async function advanceClock(cloud: CloudContext, seconds: number, opts: { settleMs?: number } = {}): Promise<ClockAdvance> {
  const rt = runtime(cloud);
  const data = mistralData(cloud.state);
  const deadline = Date.now() + (opts.settleMs ?? 120_000);
  const target = clockNow(cloud) + seconds * 1000;
  const started: ExecutionRecord[] = [];
  let settled = await settle(rt, deadline);
  for (;;) {
    const nextDue = Math.min(...data.cronTriggers.map((t) => t.nextExecutionTime));
    if (!Number.isFinite(nextDue) || nextDue > target) break;
    if (nextDue > clockNow(cloud)) data.clockOffsetMs += nextDue - clockNow(cloud);
    started.push(...fireDueTriggers(cloud));
    settled = (await settle(rt, deadline)) && settled;
  }
  if (target > clockNow(cloud)) data.clockOffsetMs += target - clockNow(cloud);
  cloud.state.touch();
  return { now: clockNow(cloud), started, settled };
}
