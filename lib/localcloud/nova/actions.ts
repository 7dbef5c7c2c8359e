// POST /servers/{id}/action: one action per body ({"<action>": …}), validated, then run
// against the server with Nova's state checks (check_instance_lock, check_instance_state)
// and its 409 wording ("Cannot '<action>' instance <id> while it is in <attr> <state>").
import type { Hono } from 'hono';
import { z } from 'zod';
import type { CloudContext } from '../context';
import { novaFault } from '../errors';
import type { NovaContext, NovaEnv } from './common';
import { appendConsole, instanceNotFound, kernelStamp, updateServer, visibleServer } from './common';
import { finishEvent, recordAction, startEvent } from './instance-actions';
import { createBackupSchema, createImageSchema, startSnapshot } from './snapshots';
import { noMatch, notOfType, notOneOf, readJsonBody, validate, lessThanMin } from './validation';
import { hostnameOf } from './views';
import type { Server } from '../state/state';

const REBOOT_TYPES = ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft'] as const;
const rebootSchema = z.strictObject({
  reboot: z.strictObject({ type: z.enum(REBOOT_TYPES, notOneOf(REBOOT_TYPES)) }, notOfType("'object'")),
}, notOfType("'object'"));

const consoleSchema = z.strictObject({
  'os-getConsoleOutput': z.strictObject({
    length: z.union([z.number().int(), z.string(), z.null()], notOfType("'integer', 'string', 'null'"))
      .refine((v) => typeof v !== 'string' || /^-?[0-9]+$/.test(v), noMatch('^-?[0-9]+$'))
      .refine((v) => v === null || Number(v) >= -1, lessThanMin(-1))
      .optional(),
  }, notOfType("'object'")),
}, notOfType("'object'"));

/** Start and stop take any body: Nova has no schema for them. */
const anyBody = z.unknown();

interface ActionDef {
  schema: z.ZodType;
  run: (cloud: CloudContext, c: NovaContext, s: Server, body: unknown) => Response;
}

const conflict = (c: NovaContext, action: string, s: Server, attr: 'vm_state' | 'task_state', value: string | null) =>
  novaFault(c, 409, `Cannot '${action}' instance ${s.id} while it is in ${attr} ${value ?? 'None'}`);

/** check_instance_state: the first attribute out of range is the one named. */
function stateConflict(c: NovaContext, action: string, s: Server, vmStates: string[], taskStates: (string | null)[]): Response | null {
  if (!vmStates.includes(s.vmState)) return conflict(c, action, s, 'vm_state', s.vmState);
  if (!taskStates.includes(s.taskState)) return conflict(c, action, s, 'task_state', s.taskState);
  return null;
}

/** @wsgi.response(202) with no body: nova still labels it JSON (as its 204s). */
const accepted = (c: NovaContext) => c.body(null, 202, { 'Content-Type': 'application/json' });

const locked = (c: NovaContext, s: Server) => (s.locked && !c.get('auth').isAdmin ? novaFault(c, 409, `Instance ${s.id} is locked`) : null);

const shutdownLines = (s: Server) => [
  `${kernelStamp(s)} systemd[1]: Stopped target multi-user.target - Multi-User System.`,
  `${kernelStamp(s)} reboot: Power down`,
];
const bootLines = (s: Server) => [
  `[    0.000000] Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org)`,
  `[    1.204511] systemd[1]: Reached target multi-user.target.`,
  `${hostnameOf(s.name)} login: `,
];

/** Runs a power transition: task state now, end state after `timings.powerMs`. Steps
 * check the task state they expect, so a newer action (a hard reboot over a soft one,
 * a delete) supersedes this one. */
function transition(
  cloud: CloudContext, c: NovaContext, s: Server, action: string, event: string,
  steps: { task: string; ms: number }[], end: Partial<Server>, consoleLines: () => string[],
): void {
  const record = recordAction(cloud.state, s, c, action);
  const e = startEvent(record, event);
  const [first, ...rest] = steps;
  updateServer(cloud, s, { taskState: first!.task });
  let expected = first!;
  const tick = (remaining: typeof rest) => {
    cloud.later(expected.ms, () => {
      if (cloud.state.server(s.id) !== s || s.deleted || s.taskState !== expected.task) return;
      const [step, ...more] = remaining;
      if (step) {
        updateServer(cloud, s, { taskState: step.task });
        expected = step;
        tick(more);
        return;
      }
      updateServer(cloud, s, { ...end, taskState: null });
      appendConsole(s, consoleLines());
      finishEvent(record, e);
    });
  };
  tick(rest);
}

const ACTIONS: Record<string, ActionDef> = {
  'os-start': {
    schema: anyBody,
    run(cloud, c, s) {
      const refused = locked(c, s) ?? stateConflict(c, 'start', s, ['stopped'], [null]);
      if (refused) return refused;
      const ms = cloud.state.timings.powerMs;
      transition(cloud, c, s, 'start', 'compute_start_instance', [{ task: 'powering-on', ms }], { vmState: 'active', powerState: 1 }, () => bootLines(s));
      return accepted(c);
    },
  },
  'os-stop': {
    schema: anyBody,
    run(cloud, c, s) {
      const refused = locked(c, s) ?? stateConflict(c, 'stop', s, ['active', 'error'], [null]);
      if (refused) return refused;
      const ms = cloud.state.timings.powerMs;
      transition(cloud, c, s, 'stop', 'compute_stop_instance', [{ task: 'powering-off', ms }], { vmState: 'stopped', powerState: 4 }, () => shutdownLines(s));
      return accepted(c);
    },
  },
  reboot: {
    schema: rebootSchema,
    run(cloud, c, s, body) {
      const hard = (body as z.infer<typeof rebootSchema>).reboot.type.toUpperCase() === 'HARD';
      const allowTasks = [null, 'rebooting', 'reboot_pending', 'reboot_started', 'rebooting_hard', 'resuming', 'unpausing', 'pausing', 'suspending'];
      const refused = locked(c, s)
        ?? stateConflict(c, 'reboot', s, ['active', 'stopped', 'paused', 'suspended', 'error'], allowTasks)
        // A soft reboot needs a running, idle guest (_soft_reboot's own check).
        ?? (hard ? null : stateConflict(c, 'reboot', s, ['active'], [null]));
      if (refused) return refused;
      const half = Math.max(0, Math.floor(cloud.state.timings.powerMs / 2));
      const steps = hard
        ? [{ task: 'rebooting_hard', ms: half }, { task: 'reboot_started_hard', ms: cloud.state.timings.powerMs - half }]
        : [{ task: 'rebooting', ms: half }, { task: 'reboot_started', ms: cloud.state.timings.powerMs - half }];
      transition(cloud, c, s, 'reboot', 'compute_reboot_instance', steps, { vmState: 'active', powerState: 1 }, () => [
        `${kernelStamp(s)} reboot: Restarting system`,
        ...bootLines(s),
      ]);
      return accepted(c);
    },
  },
  'os-getConsoleOutput': {
    schema: consoleSchema,
    run(_cloud, c, s, body) {
      // check_instance_host: a server not yet placed on a host has no console.
      if (!s.hostId) return novaFault(c, 409, `Instance ${s.id} is not ready`);
      const length = (body as z.infer<typeof consoleSchema>)['os-getConsoleOutput'].length;
      const lines = s.console.join('\n').split('\n');
      // The compute manager's _tail_log: lines[-length:], with Python's slicing.
      const tail = length === null || length === undefined ? lines : lines.slice(-Number(length));
      // console_output.py strips characters XML cannot carry.
      return c.json({ output: tail.join('\n').replace(/[\x00-\x08\x0B-\x1F]/g, '') });
    },
  },
  createImage: {
    schema: createImageSchema,
    run(cloud, c, s, body) {
      const { name, metadata } = (body as z.infer<typeof createImageSchema>).createImage;
      return startSnapshot(cloud, c, s, 'snapshot', { name, metadata });
    },
  },
  createBackup: {
    schema: createBackupSchema,
    run(cloud, c, s, body) {
      const b = (body as z.output<typeof createBackupSchema>).createBackup;
      return startSnapshot(cloud, c, s, 'backup', { name: b.name, metadata: b.metadata, backupType: b.backup_type, rotation: b.rotation });
    },
  },
};

export function actionRoutes(cloud: CloudContext, app: Hono<NovaEnv>): void {
  app.post('/v2.1/servers/:id/action', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    // wsgi.action_peek: exactly one key names the action.
    const data = body.data;
    if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length !== 1) {
      return novaFault(c, 400, 'Malformed request body');
    }
    const name = Object.keys(data)[0]!;
    const def = ACTIONS[name];
    if (!def) return novaFault(c, 400, `There is no such action: ${name}`);
    const parsed = validate(c, def.schema, data, 'body');
    if (!parsed.ok) return parsed.response;
    const s = visibleServer(cloud, c, c.req.param('id'));
    if (!s) return instanceNotFound(c, c.req.param('id'));
    return def.run(cloud, c, s, parsed.data);
  });
}
