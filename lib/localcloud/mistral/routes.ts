// Mistral v2 (workflowv2) of the local cloud, mounted at /workflow; its catalog URL is
// /workflow/v2 (a real one is http://host:8989/v2). The subset Snapdeck's schedules use:
// workflows (text/plain YAML create and update, list, show, delete), cron triggers (create,
// list, show, delete), executions (create, list with Mistral's filters and paging, show),
// and the read-only action list. Shapes follow Mistral 15.0.0's API controllers and
// resources.py; see the fixtures README for what was captured and what was read. Where the
// Zed tier's Mistral (docs/zed-cloud.md, "Mistral") answered otherwise, it wins: those
// places say "(Zed tier)".
import type { Context } from 'hono';
import { Hono } from 'hono';
import { resolveToken } from '../auth';
import type { AuthInfo, CloudContext, CloudEnv } from '../context';
import { newId } from '../state/state';
import { acceptableOffers, PECAN_ERROR_TYPES, pecanAcceptsTextPlain, pecanErrorBody } from './accept';
import { cronTriggerBodySchema, executionBodySchema, readJsonBody, readText } from './bodies';
import { validatePattern } from './cron';
import { inputString, interfaceOf, parseWorkflowList } from './dsl';
import type { Dispatch, RunAs } from './engine';
import { checkParams, checkWorkflowInput, clockNow, firstNextTime, startEngine, startExecution, triggersChanged } from './engine';
import { MistralFault, badRequest, notFound, pecanError, wsmeError } from './errors';
import type { CronTriggerRecord, ExecutionRecord, WorkflowRecord } from './model';
import { mistralData } from './model';
import { mistralTime, mistralTimeOrNull, pyJsonDumps, pyRepr } from './python';
import type { ListResource } from './query';
import { listQuery, matches, parseFilter, sameText } from './query';
import STD_ACTIONS from './std-actions.zed.json';

const PUBLIC_PATHS = new Set(['/', '/v2/']);

/** Pecan handlers (POST/PUT /v2/workflows) answer errors in their own shape. */
type MistralEnv = { Variables: CloudEnv['Variables'] & { pecan?: boolean } };
type MistralContext = Context<MistralEnv>;

// ---------------------------------------------------------------- views (resources.py)

/** Resources.Workflow. POST and PUT answer through pecan (`interface` an object; POST's
 * answer has no `updated_at`, PUT's has it, null until a PUT changed something); GETs
 * through WSME (`interface` a JSON string). */
function workflowView(w: WorkflowRecord, style: 'created' | 'updated' | 'wsme') {
  const iface = interfaceOf(w.spec);
  const view: Record<string, unknown> = {
    id: w.id, name: w.name, namespace: w.namespace, input: inputString(w.spec.input),
    interface: style === 'wsme' ? pyJsonDumps(iface) : iface, definition: w.definition, tags: w.tags,
    scope: w.scope, project_id: w.projectId, created_at: mistralTime(w.createdAt),
  };
  if (style !== 'created') view.updated_at = mistralTimeOrNull(w.updatedAt);
  return view;
}

function cronTriggerView(t: CronTriggerRecord, created = false) {
  const view: Record<string, unknown> = {
    id: t.id, name: t.name, workflow_name: t.workflowName, workflow_id: t.workflowId,
    workflow_input: pyJsonDumps(t.workflowInput), workflow_params: pyJsonDumps(t.workflowParams),
    project_id: t.projectId, scope: 'private', pattern: t.pattern, remaining_executions: t.remainingExecutions,
    first_execution_time: mistralTimeOrNull(t.firstExecutionTime), next_execution_time: mistralTime(t.nextExecutionTime),
    created_at: mistralTime(t.createdAt),
  };
  // Not loaded after the insert: the creation answer has no updated_at (spike capture).
  if (!created) view.updated_at = mistralTimeOrNull(t.updatedAt);
  return view;
}

/** Resources.Execution: lists leave out output (deferred) unless include_output; a GET
 * adds published_global. */
function executionView(ex: ExecutionRecord, mode: 'list' | 'list-with-output' | 'one' | 'created') {
  const view: Record<string, unknown> = {
    id: ex.id, workflow_id: ex.workflowId, workflow_name: ex.workflowName, workflow_namespace: ex.workflowNamespace,
    description: ex.description, tags: ex.tags, params: pyJsonDumps(ex.params), task_execution_id: null, root_execution_id: null,
    state: ex.state, state_info: ex.stateInfo, input: pyJsonDumps(ex.input),
  };
  if (mode !== 'list') view.output = pyJsonDumps(ex.output);
  Object.assign(view, { created_at: mistralTime(ex.createdAt), updated_at: mistralTime(ex.updatedAt), project_id: ex.projectId });
  // get_workflow_execution_published_global: the context without __execution and openstack.
  if (mode === 'one') view.published_global = '{}';
  return view;
}

// ---------------------------------------------------------------- std actions

// GET /v2/actions?limit=1000 on the Zed tier (Debian's Mistral 15.0.0), verbatim: the 13
// Python std.* actions (id = name, scope null, no times, the whole docstring) and
// std.wait_ssh, the ad-hoc action `mistral-db-manage populate` writes (a uuid, scope public,
// its YAML, the time of that populate).
type ActionRecord = (typeof STD_ACTIONS)[number];
const findAction = (identifier: string) => STD_ACTIONS.find((a) => sameText(a.id, identifier) || sameText(a.name, identifier));

// ---------------------------------------------------------------- list resources

const workflowList: ListResource<WorkflowRecord> = {
  type: 'workflows',
  // workflow.py get_all passes these filters, in this order.
  columns: {
    created_at: (w) => mistralTime(w.createdAt), name: (w) => w.name, scope: (w) => w.scope,
    updated_at: (w) => mistralTimeOrNull(w.updatedAt), definition: (w) => w.definition,
    project_id: (w) => w.projectId, namespace: (w) => w.namespace,
  },
  unsupported: ['tags', 'input', 'all_projects'],
  extra: [],
  id: (w) => w.id,
  markerNotFound: (m) => `Workflow not found [workflow_id=${m}]`,
  defaultSortKeys: ['created_at'],
};

const cronTriggerList: ListResource<CronTriggerRecord> = {
  type: 'cron_triggers',
  columns: {
    created_at: (t) => mistralTime(t.createdAt), name: (t) => t.name, updated_at: (t) => mistralTimeOrNull(t.updatedAt),
    workflow_name: (t) => t.workflowName, workflow_id: (t) => t.workflowId, scope: () => 'private', pattern: (t) => t.pattern,
    remaining_executions: (t) => t.remainingExecutions, first_execution_time: (t) => mistralTimeOrNull(t.firstExecutionTime),
    next_execution_time: (t) => mistralTime(t.nextExecutionTime), project_id: (t) => t.projectId,
  },
  unsupported: ['workflow_input', 'workflow_params', 'all_projects'],
  extra: [],
  id: (t) => t.id,
  markerNotFound: (m) => `Cron trigger not found [identifier=${m}]`,
  defaultSortKeys: ['created_at'],
};

const executionList: ListResource<ExecutionRecord> = {
  type: 'executions',
  columns: {
    created_at: (e) => mistralTime(e.createdAt), workflow_name: (e) => e.workflowName, workflow_id: (e) => e.workflowId,
    task_execution_id: () => null, state: (e) => e.state, state_info: (e) => e.stateInfo, updated_at: (e) => mistralTime(e.updatedAt),
    description: (e) => e.description, project_id: (e) => e.projectId, root_execution_id: () => null,
  },
  unsupported: ['tags', 'params', 'input', 'output', 'all_projects', 'nulls'],
  extra: ['include_output'],
  id: (e) => e.id,
  markerNotFound: (m) => `WorkflowExecution not found [id=${m}]`,
  defaultSortKeys: ['created_at'],
};

// ---------------------------------------------------------------- request helpers

/** pecan.abort(status) as pecan renders it for this request's Accept (accept.ts). A 406 to an
 * Accept that admits none of the error renderings ends in a 500 with no body (Zed tier). */
function pecanAbort(c: MistralContext, status: 401 | 406, explanation: string, detail: string | null): Response {
  const accept = c.req.header('Accept');
  if (status === 406 && acceptableOffers(accept || '*/*', PECAN_ERROR_TYPES).length === 0) {
    return new Response('', { status: 500, headers: { 'Content-Type': 'text/plain' } });
  }
  const rendered = pecanErrorBody(accept, status, explanation, detail);
  return new Response(rendered.body, { status, headers: { 'Content-Type': rendered.contentType } });
}

function scopeParam(c: MistralContext): 'private' | 'public' {
  const scope = c.req.query('scope') ?? 'private';
  if (scope !== 'private' && scope !== 'public') {
    throw badRequest(`Scope must be one of the following: ['private', 'public']; actual: ${scope}`);
  }
  return scope;
}


// ---------------------------------------------------------------- the routes

export function mistralRoutes(cloud: CloudContext, opts: { dispatch: Dispatch; log?: (line: string) => void }): Hono<CloudEnv> {
  startEngine(cloud, opts.dispatch, opts.log);
  const data = () => mistralData(cloud.state);
  const applicationUrl = () => `${cloud.publicUrl}/workflow`;
  const app = new Hono<MistralEnv>();

  // pecan routes first, hooks after: POST and PUT /v2/workflows, exposed as text/plain only,
  // answer 406 to an Accept without text/plain even to a caller with no token (Zed tier).
  app.use('*', async (c, next) => {
    const path = c.req.path.replace(/^\/workflow/, '') || '/';
    if ((c.req.method === 'POST' || c.req.method === 'PUT') && /^\/v2\/workflows(\/[^/]+)?\/?$/.test(path) && !pecanAcceptsTextPlain(c.req.header('Accept'))) {
      return pecanAbort(c, 406, 'The resource could not be generated that was acceptable to your browser', null);
    }
    await next();
  });

  // Mistral's AuthHook (context.py): a few paths answer without a token; any other gets
  // pecan.abort(401) with the reason, echoing an invalid token as Mistral does, and
  // keystonemiddleware adds its own WWW-Authenticate.
  app.use('*', async (c, next) => {
    const path = c.req.path.replace(/^\/workflow/, '') || '/';
    if (PUBLIC_PATHS.has(path)) return next();
    const token = c.req.header('X-Auth-Token');
    const auth = resolveToken(cloud, token);
    if (!auth || !auth.project) {
      const detail = `Failed to validate access token: ${token ? `Auth token is invalid: ${token}` : 'Authentication required'}`;
      const explanation = 'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.';
      const res = pecanAbort(c, 401, explanation, detail);
      res.headers.set('Server-Error-Message', detail);
      res.headers.set('WWW-Authenticate', detail);
      res.headers.append('WWW-Authenticate', `Keystone uri="${cloud.publicUrl}/identity/v3"`);
      return res;
    }
    c.set('auth', auth);
    await next();
  });

  // Errors: WSME's shape, except where a handler asks for pecan's.
  app.onError((err, c) => {
    if (err instanceof MistralFault) return (c.get('pecan') ? pecanError : wsmeError)(c, err.status, err.message);
    throw err;
  });

  const versions = (c: MistralContext) => c.json({ versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: `${applicationUrl()}/v2`, target: 'v2', rel: 'self' }] }] });
  app.get('/', versions);
  app.get('/:trailingSlash{/?}', versions);
  app.get('/v2', (c) => c.json({ uri: `${applicationUrl()}/v2` }));
  app.get('/v2/', (c) => c.json({ uri: `${applicationUrl()}/v2` }));

  // ------------------------------------------------------------ workflows

  const visibleWorkflows = (auth: AuthInfo) => data().workflows.filter((w) => w.projectId === auth.project!.id || w.scope === 'public');
  /** get_workflow_definition(identifier, namespace): by id, or by name in the namespace. */
  const findWorkflow = (auth: AuthInfo, identifier: string, namespace: string): WorkflowRecord => {
    const found = visibleWorkflows(auth).find((w) => sameText(w.id, identifier) || (sameText(w.name, identifier) && sameText(w.namespace, namespace)));
    if (!found) throw notFound(`Workflow not found [workflow_identifier=${identifier}, namespace=${namespace}]`);
    return found;
  };
  /** check_db_obj_access */
  const mayChange = (auth: AuthInfo, w: WorkflowRecord) => {
    if (w.projectId !== auth.project!.id) throw new MistralFault(403, `Can not access WorkflowDefinition resource of other projects, ID: ${w.id}`);
  };
  const namespaceParam = (c: MistralContext) => {
    const namespace = c.req.query('namespace') ?? '';
    if (namespace.length > 255) throw badRequest('Invalid input for field/attribute namespace: at most 255 characters.');
    return namespace;
  };

  app.post('/v2/workflows', async (c) => {
    c.set('pecan', true);
    const auth = c.get('auth');
    const scope = scopeParam(c);
    const namespace = namespaceParam(c);
    if (c.req.query('skip_validation') !== undefined) throw new MistralFault(400, "The local cloud's Mistral always validates: skip_validation is not supported.");
    const parsed = parseWorkflowList(await readText(c));
    const project = auth.project!.id;
    for (const p of parsed) {
      if (data().workflows.some((w) => sameText(w.name, p.spec.name) && sameText(w.namespace, namespace) && w.projectId === project)) {
        // "None": Mistral formats the record before the database fills in its project_id (Zed tier)
        throw new MistralFault(409, `Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: ${p.spec.name}, ${namespace}, None`);
      }
    }
    const now = clockNow(cloud);
    const created = parsed.map((p): WorkflowRecord => ({
      id: newId(), name: p.spec.name, namespace, definition: p.definition, spec: p.spec, tags: p.spec.tags, scope,
      projectId: project, createdAt: now, updatedAt: null,
    }));
    data().workflows.push(...created);
    cloud.state.touch();
    return c.json({ workflows: created.map((w) => workflowView(w, 'created')) }, 201);
  });

  const updateWorkflows = async (c: MistralContext, identifier: string | null) => {
    c.set('pecan', true);
    const auth = c.get('auth');
    const scope = scopeParam(c);
    const namespace = namespaceParam(c);
    if (c.req.query('skip_validation') !== undefined) throw new MistralFault(400, "The local cloud's Mistral always validates: skip_validation is not supported.");
    const parsed = parseWorkflowList(await readText(c));
    if (identifier !== null && parsed.length > 1) {
      throw badRequest(`More than one workflows are not supported for update with identifier. [identifier: ${identifier}]`);
    }
    const targets = parsed.map((p) => {
      const w = findWorkflow(auth, identifier ?? p.spec.name, namespace);
      mayChange(auth, w);
      return w;
    });
    parsed.forEach((p, i) => {
      const clash = data().workflows.find((w) => w !== targets[i] && sameText(w.name, p.spec.name) && sameText(w.namespace, targets[i]!.namespace) && w.projectId === targets[i]!.projectId);
      if (clash) throw new MistralFault(409, `Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: ${p.spec.name}, ${clash.namespace}, None`);
    });
    const now = clockNow(cloud);
    parsed.forEach((p, i) => {
      const w = targets[i]!;
      // SQLAlchemy writes no UPDATE when no value changed: an identical PUT keeps updated_at (Zed tier)
      const changed = w.name !== p.spec.name || w.definition !== p.definition || w.scope !== scope || w.tags.join('\n') !== p.spec.tags.join('\n');
      Object.assign(w, { name: p.spec.name, definition: p.definition, spec: p.spec, tags: p.spec.tags, scope, updatedAt: changed ? now : w.updatedAt });
    });
    cloud.state.touch();
    const views = targets.map((w) => workflowView(w, 'updated'));
    return identifier !== null ? c.json(views[0]) : c.json({ workflows: views });
  };
  app.put('/v2/workflows', (c) => updateWorkflows(c, null));
  app.put('/v2/workflows/:identifier', (c) => updateWorkflows(c, c.req.param('identifier')));

  app.get('/v2/workflows', (c) => {
    const auth = c.get('auth');
    const { items, next } = listQuery(workflowList, visibleWorkflows(auth), new URL(c.req.url).searchParams, applicationUrl());
    return c.json({ workflows: items.map((w) => workflowView(w, 'wsme')), ...(next ? { next } : {}) });
  });
  app.get('/v2/workflows/:identifier', (c) => c.json(workflowView(findWorkflow(c.get('auth'), c.req.param('identifier'), namespaceParam(c)), 'wsme')));
  app.delete('/v2/workflows/:identifier', (c) => {
    const auth = c.get('auth');
    const namespace = namespaceParam(c);
    const identifier = c.req.param('identifier');
    const w = findWorkflow(auth, identifier, namespace);
    mayChange(auth, w);
    const triggers = data().cronTriggers.filter((t) => t.workflowId === w.id);
    if (triggers.length > 0) {
      throw badRequest(`Can't delete workflow that has cron triggers associated. [workflow_identifier=${identifier}, namespace=${namespace}], [cron_trigger_id(s)=${triggers.map((t) => t.id).join(', ')}]`);
    }
    data().workflows = data().workflows.filter((x) => x !== w);
    cloud.state.touch();
    return c.body(null, 204);
  });

  // ------------------------------------------------------------ cron triggers

  const ownTriggers = (auth: AuthInfo) => data().cronTriggers.filter((t) => t.projectId === auth.project!.id);
  const findTrigger = (auth: AuthInfo, identifier: string) => {
    const t = ownTriggers(auth).find((x) => sameText(x.id, identifier) || sameText(x.name, identifier));
    if (!t) throw notFound(`Cron trigger not found [identifier=${identifier}]`);
    return t;
  };

  app.post('/v2/cron_triggers', async (c) => {
    const auth = c.get('auth');
    const body = await readJsonBody(c, cronTriggerBodySchema);
    const name = body.name;
    let count = body.remaining_executions ?? null;
    const workflowInput = body.workflow_input;
    const workflowParams = body.workflow_params;
    const pattern = body.pattern || null;
    const firstText = body.first_execution_time ?? null;
    const now = clockNow(cloud);
    let first: number | null = null;
    if (firstText !== null) {
      // datetime.strptime(first_time, '%Y-%m-%d %H:%M')
      const m = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2})/.exec(firstText);
      if (!m) throw badRequest(`time data '${firstText}' does not match format '%Y-%m-%d %H:%M'`);
      if (m[0].length !== firstText.length) throw badRequest(`unconverted data remains: ${firstText.slice(m[0].length)}`);
      first = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
      const d = new Date(first);
      if (d.getUTCDate() !== Number(m[3]) || d.getUTCHours() !== Number(m[4]) || d.getUTCMinutes() !== Number(m[5])) {
        throw badRequest(`time data '${firstText}' does not match format '%Y-%m-%d %H:%M'`);
      }
    }
    // triggers.validate_cron_trigger_input
    if (first === null && !pattern) throw badRequest('Pattern or first_execution_time must be specified.');
    if (first !== null) {
      if (now + 60_000 > first) throw badRequest('first_execution_time must be at least 1 minute in the future.');
      if (!pattern && count !== null && count > 1) throw badRequest('Pattern must be provided if count is superior to 1.');
    }
    if (pattern) validatePattern(pattern);
    if (first !== null && !pattern && count === null) count = 1;
    const w = findWorkflow(auth, body.workflow_id || body.workflow_name || '', '');
    checkWorkflowInput(w, workflowInput);
    checkParams(workflowParams);
    if (ownTriggers(auth).some((t) => sameText(t.name, name))) {
      throw new MistralFault(409, `Duplicate entry for cron trigger ['name', 'project_id']: ${name}, None`);
    }
    const trigger: CronTriggerRecord = {
      id: newId(), name, workflowId: w.id, workflowName: w.name, workflowInput, workflowParams,
      projectId: auth.project!.id, userId: auth.user.id, trustId: newId().replace(/-/g, ''),
      pattern, remainingExecutions: count, firstExecutionTime: first,
      nextExecutionTime: firstNextTime(pattern, first, now), createdAt: now, updatedAt: null,
    };
    data().cronTriggers.push(trigger);
    cloud.state.touch();
    triggersChanged(cloud);
    return c.json(cronTriggerView(trigger, true), 201);
  });
  app.get('/v2/cron_triggers', (c) => {
    const { items, next } = listQuery(cronTriggerList, ownTriggers(c.get('auth')), new URL(c.req.url).searchParams, applicationUrl());
    return c.json({ cron_triggers: items.map((t) => cronTriggerView(t)), ...(next ? { next } : {}) });
  });
  app.get('/v2/cron_triggers/:identifier', (c) => c.json(cronTriggerView(findTrigger(c.get('auth'), c.req.param('identifier')))));
  app.delete('/v2/cron_triggers/:identifier', (c) => {
    const t = findTrigger(c.get('auth'), c.req.param('identifier'));
    // The trust goes with it (security.delete_trust).
    data().cronTriggers = data().cronTriggers.filter((x) => x !== t);
    cloud.state.touch();
    return c.body(null, 204);
  });

  // ------------------------------------------------------------ executions

  const ownExecutions = (auth: AuthInfo) => data().executions.filter((e) => e.projectId === auth.project!.id);
  app.post('/v2/executions', async (c) => {
    const auth = c.get('auth');
    const body = await readJsonBody(c, executionBodySchema);
    const id = body.id ?? undefined;
    if (id !== undefined) {
      // An id that exists answers that execution (ExecutionsController.post).
      const existing = ownExecutions(auth).find((e) => sameText(e.id, id));
      if (existing) return c.json(executionView(existing, 'created'), 201);
    }
    const identifier = body.workflow_id || body.workflow_name;
    if (!identifier) throw badRequest('Workflow ID or workflow name must be provided. Workflow ID is recommended.');
    const w = findWorkflow(auth, identifier, body.workflow_namespace ?? '');
    const runAs: RunAs = { token: auth.token, user: auth.user, roles: auth.roles, trustId: null };
    const ex = startExecution(cloud, w, {
      ...(id !== undefined ? { id } : {}),
      input: body.input, description: body.description ?? '', params: body.params,
      runAs, cronTriggerId: null,
    });
    return c.json(executionView(ex, 'created'), 201);
  });
  app.get('/v2/executions', (c) => {
    // `state` is a column filter like the others (state=error, state=in:ERROR,PAUSED), not an
    // enum: an unknown state finds nothing (Zed tier)
    const query = new URL(c.req.url).searchParams;
    const includeOutput = ['true', 'True', '1'].includes(query.get('include_output') ?? '');
    const { items, next } = listQuery(executionList, ownExecutions(c.get('auth')), query, applicationUrl());
    return c.json({ executions: items.map((e) => executionView(e, includeOutput ? 'list-with-output' : 'list')), ...(next ? { next } : {}) });
  });
  app.get('/v2/executions/:id', (c) => {
    const ex = ownExecutions(c.get('auth')).find((e) => sameText(e.id, c.req.param('id')));
    if (!ex) throw notFound(`WorkflowExecution not found [id=${c.req.param('id')}]`);
    return c.json(executionView(ex, 'one'));
  });

  // ------------------------------------------------------------ actions (read only)

  app.get('/v2/actions', (c) => {
    const query = new URL(c.req.url).searchParams;
    const unsupported = (key: string) => new MistralFault(400, `The local cloud's Mistral does not implement the "${key}" parameter of GET /v2/actions.`);
    const known = new Set(['marker', 'limit', 'sort_keys', 'sort_dirs', 'fields', 'name', 'scope', 'namespace']);
    for (const key of query.keys()) if (!known.has(key)) throw unsupported(key);
    // Sorted by name, ascending: the only order it serves.
    if ((query.get('sort_keys') ?? 'name') !== 'name') throw unsupported('sort_keys');
    if ((query.get('sort_dirs') ?? 'asc') !== 'asc') throw unsupported('sort_dirs');
    if ((query.get('fields') ?? '') !== '') throw unsupported('fields');
    // action.py get_all filters by namespace always ('' by default) and says so in `next`
    const filters = ['name', 'scope', 'namespace'].flatMap((column) => {
      const raw = query.get(column) ?? (column === 'namespace' ? '' : null);
      return raw === null ? [] : [parseFilter(column, raw)];
    });
    const cells = (a: ActionRecord): Record<string, string | null> => ({ name: a.name, scope: a.scope, namespace: a.namespace });
    let actions = STD_ACTIONS.filter((a) => filters.every((f) => matches(cells(a)[f.column] ?? null, f)));
    const rawLimit = query.get('limit');
    const limit = rawLimit === null ? null : Number(rawLimit);
    if (limit !== null && (!Number.isInteger(limit) || limit <= 0)) throw badRequest('Limit must be positive.');
    // Mistral 15 starts the page at the marker itself (action.py get_all).
    const marker = query.get('marker');
    const start = marker ? Math.max(0, actions.findIndex((a) => sameText(a.id, marker) || sameText(a.name, marker))) : 0;
    if (limit !== null) actions = actions.slice(start, start + limit);
    const filterArgs = filters.map((f) => `${f.column}=${f.op}:${Array.isArray(f.value) ? pyRepr(f.value) : f.value}&`).join('');
    const next = limit !== null && actions.length === limit
      ? `${applicationUrl()}/v2/actions?sort_keys=name,id&sort_dirs=asc,asc&${filterArgs}limit=${limit}&marker=${actions[actions.length - 1]!.id}`
      : undefined;
    return c.json({ actions, ...(next ? { next } : {}) });
  });
  app.get('/v2/actions/:identifier', (c) => {
    const a = findAction(c.req.param('identifier'));
    if (!a) throw notFound(`Action not found [name=${c.req.param('identifier')}, namespace=]`);
    return c.json(a);
  });

  // ------------------------------------------------------------ the rest of Mistral's API

  const MISTRAL_RESOURCES = [
    'workbooks', 'actions', 'code_sources', 'dynamic_actions', 'workflows', 'executions', 'tasks', 'cron_triggers', 'environments',
    'action_executions', 'services', 'event_triggers',
  ];
  app.all('/v2/:resource/*', (c) => unimplemented(c, c.req.param('resource')));
  app.all('/v2/:resource', (c) => unimplemented(c, c.req.param('resource')));
  const unimplemented = (c: MistralContext, resource: string) => {
    const path = c.req.path.replace(/^\/workflow/, '');
    if (MISTRAL_RESOURCES.includes(resource)) {
      return wsmeError(c, 400, `The local cloud's Mistral does not implement ${c.req.method} ${path}.`);
    }
    return c.text('404 Not Found\n\nThe resource could not be found.\n', 404);
  };

  return app as unknown as Hono<CloudEnv>;
}
