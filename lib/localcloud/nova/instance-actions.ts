// Instance actions (os-instance-actions): what Nova records per request on a server, with
// one event per compute step; a failed step's event says Error and the action's message
// becomes "Error", which is how a dashboard learns why a snapshot failed.
import type { Hono } from 'hono';
import type { CloudContext } from '../context';
import type { NovaContext, NovaEnv } from './common';
import { instanceNotFound, visibleServer } from './common';
import { novaFault } from '../errors';
import { atLeast } from './microversion';
import type { ActionEvent, CloudState, InstanceAction, Server } from '../state/state';
import { novaLaunchedAt } from '../state/state';

export type { ActionEvent, InstanceAction } from '../state/state';

const MAX_ACTIONS_PER_SERVER = 100;

/** A server's recorded actions, kept in the state (and so in the state file). */
function actionsOf(state: CloudState, serverId: string): InstanceAction[] {
  const byServer = (state.data.instanceActions ??= {});
  return (byServer[serverId] ??= []);
}

const now = () => novaLaunchedAt(new Date());

/** Records an action at the API, as compute_api does before casting to compute. */
export function recordAction(state: CloudState, server: Server, c: NovaContext, action: string): InstanceAction {
  const auth = c.get('auth');
  const at = now();
  const record: InstanceAction = {
    action, instanceUuid: server.id, requestId: c.get('requestId'), userId: auth.user.id,
    projectId: auth.project?.id ?? server.projectId, startTime: at, updatedAt: at, message: null, events: [],
  };
  const list = actionsOf(state, server.id);
  list.push(record);
  if (list.length > MAX_ACTIONS_PER_SERVER) list.shift();
  return record;
}

export function startEvent(action: InstanceAction, event: string): ActionEvent {
  const e: ActionEvent = { event, startTime: now(), finishTime: null, result: null, traceback: null, details: null };
  action.events.push(e);
  action.updatedAt = e.startTime;
  return e;
}

/** Ends an event; with an error, as EventReporter does on an exception. */
export function finishEvent(action: InstanceAction, e: ActionEvent, error?: { exception: string; message: string }): void {
  e.finishTime = now();
  action.updatedAt = e.finishTime;
  if (!error) {
    e.result = 'Success';
    return;
  }
  e.result = 'Error';
  e.details = error.message;
  const fn = e.event.replace(/^compute_/, '');
  e.traceback = `Traceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", in ${fn}\nnova.exception.${error.exception}: ${error.message}\n`;
  action.message = 'Error';
}

/** A whole action that completes at once (single event). */
export function recordCompleted(state: CloudState, server: Server, c: NovaContext, action: string, event: string): void {
  const a = recordAction(state, server, c, action);
  finishEvent(a, startEvent(a, event));
}

function actionView(cloud: CloudContext, a: InstanceAction, c: NovaContext, withEvents: boolean): Record<string, unknown> {
  const v = c.get('version');
  const isAdmin = c.get('auth').isAdmin;
  const view: Record<string, unknown> = {
    action: a.action, instance_uuid: a.instanceUuid, message: a.message, project_id: a.projectId,
    request_id: a.requestId, start_time: a.startTime, user_id: a.userId,
  };
  if (atLeast(v, '2.58')) view.updated_at = a.updatedAt;
  // Events: admins always; everyone from 2.51, without tracebacks.
  if (withEvents && (isAdmin || atLeast(v, '2.51'))) {
    view.events = a.events.map((e) => {
      const ev: Record<string, unknown> = { event: e.event, start_time: e.startTime, finish_time: e.finishTime, result: e.result };
      if (isAdmin) ev.traceback = e.traceback;
      if (atLeast(v, '2.62')) {
        if (isAdmin) ev.host = 'localcloud';
        ev.hostId = cloud.state.server(a.instanceUuid)?.hostId ?? '';
      }
      // Zed's default policy os-instance-actions:events:details is admin only: members
      // never get the key (seen on Zed at 2.93), whatever the event's result.
      if (atLeast(v, '2.84') && isAdmin) ev.details = e.details;
      return ev;
    });
  }
  return view;
}

export function instanceActionRoutes(cloud: CloudContext, app: Hono<NovaEnv>): void {
  // Actions of deleted servers are readable from 2.21.
  const server = (c: NovaContext, id: string) => visibleServer(cloud, c, id, { includeDeleted: atLeast(c.get('version'), '2.21') });

  app.get('/v2.1/servers/:id/os-instance-actions', (c) => {
    const s = server(c, c.req.param('id'));
    if (!s) return instanceNotFound(c, c.req.param('id'));
    const list = [...actionsOf(cloud.state, s.id)].reverse(); // newest first
    return c.json({ instanceActions: list.map((a) => actionView(cloud, a, c, false)) });
  });

  app.get('/v2.1/servers/:id/os-instance-actions/:requestId', (c) => {
    const s = server(c, c.req.param('id'));
    if (!s) return instanceNotFound(c, c.req.param('id'));
    const requestId = c.req.param('requestId');
    const a = actionsOf(cloud.state, s.id).find((x) => x.requestId === requestId);
    if (!a) return novaFault(c, 404, `Action for request_id ${requestId} on instance ${s.id} not found`);
    return c.json({ instanceAction: actionView(cloud, a, c, true) });
  });
}
