// /servers: list (brief and detail) with Nova's filters, sorting and paging, show, create
// and delete (nova/api/openstack/compute/servers.py, compute/api.py get_all).
import type { Hono } from 'hono';
import { z } from 'zod';
import type { CloudContext } from '../context';
import { novaFault } from '../errors';
import { releaseBlockDevices } from './block-devices';
import { createdView, createServers } from './boot';
import type { NovaContext, NovaEnv } from './common';
import { appendConsole, instanceNotFound, kernelStamp, updateServer, visibleServer } from './common';
import { finishEvent, recordAction, startEvent } from './instance-actions';
import type { ApiVersion } from './microversion';
import { atLeast, versionString } from './microversion';
import { collectionLinks, last, limitParam, pageAfter, pageSize, stringParam } from './paging';
import { notFormat, notOneOf, queryLists, readJsonBody, validate } from './validation';
import { computeUrls, hostnameOf, serverBriefView, serverView, statesForStatuses } from './views';
import { computeRoot } from '../regions';
import type { Server } from '../state/state';
import { novaLaunchedAt } from '../state/state';

// ---------------------------------------------------------------- query schema

const SORT_KEYS = [
  'access_ip_v4', 'access_ip_v6', 'auto_disk_config', 'availability_zone', 'config_drive', 'created_at',
  'display_description', 'display_name', 'host', 'hostname', 'image_ref', 'instance_type_id', 'kernel_id', 'key_name',
  'launch_index', 'launched_at', 'locked_by', 'node', 'power_state', 'progress', 'project_id', 'ramdisk_id',
  'root_device_name', 'task_state', 'terminated_at', 'updated_at', 'user_id', 'uuid', 'vm_state',
];
/** Accepted and ignored before 2.75 (SERVER_LIST_IGNORE_SORT_KEY). */
const IGNORED_SORT_KEYS = [
  'architecture', 'cell_name', 'cleaned', 'default_ephemeral_device', 'default_swap_device', 'deleted', 'deleted_at',
  'disable_terminate', 'ephemeral_gb', 'ephemeral_key_uuid', 'id', 'key_data', 'launched_on', 'locked', 'memory_mb',
  'os_type', 'reservation_id', 'root_gb', 'shutdown_terminate', 'user_data', 'vcpus', 'vm_mode',
];

function sortKeysFor(v: ApiVersion): { valid: string[]; ignored: Set<string> } {
  if (atLeast(v, '2.75')) return { valid: ['locked', ...SORT_KEYS], ignored: new Set() };
  if (atLeast(v, '2.73')) {
    const ignored = IGNORED_SORT_KEYS.filter((k) => k !== 'locked');
    return { valid: ['locked', ...SORT_KEYS, ...ignored], ignored: new Set(ignored) };
  }
  return { valid: [...SORT_KEYS, ...IGNORED_SORT_KEYS], ignored: new Set(IGNORED_SORT_KEYS) };
}

/** iso8601.parse_date's leniency: date, optional time, optional zone. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
const toTime = (s: string) => {
  const zoned = /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(s) || !s.includes('T') && !s.includes(' ') ? s : `${s}Z`;
  return Date.parse(zoned.replace(' ', 'T'));
};
const dateTimeParam = z.array(z.string().refine((s) => ISO_TIME.test(s) && !Number.isNaN(toTime(s)), notFormat('date-time'))).optional();

const FILTER_KEYS_V21 = [
  'user_id', 'project_id', 'tenant_id', 'launch_index', 'image_ref', 'image', 'kernel_id', 'ramdisk_id', 'hostname',
  'key_name', 'power_state', 'vm_state', 'task_state', 'host', 'node', 'flavor', 'reservation_id', 'launched_at',
  'terminated_at', 'availability_zone', 'name', 'display_name', 'description', 'display_description', 'locked_by',
  'uuid', 'root_device_name', 'config_drive', 'access_ip_v4', 'access_ip_v6', 'auto_disk_config', 'progress',
  'sort_dir', 'all_tenants', 'soft_deleted', 'deleted', 'status', 'ip', 'ip6', 'created_at',
];
/** Joined-table columns: in the schema so that the API can refuse them with a 400. */
const JOINED_TABLE_KEYS = ['block_device_mapping', 'services', 'metadata', 'system_metadata', 'info_cache', 'security_groups', 'pci_devices'];

/** zod compiles an object schema on its first parse: build each version's schema once. */
const listQueryCache = new Map<string, z.ZodType>();
function listQuerySchema(v: ApiVersion): z.ZodType {
  const key = versionString(v);
  let schema = listQueryCache.get(key);
  if (!schema) listQueryCache.set(key, (schema = buildListQuerySchema(v)));
  return schema;
}

function buildListQuerySchema(v: ApiVersion) {
  const shape: Record<string, z.ZodType> = {};
  for (const k of [...FILTER_KEYS_V21, ...JOINED_TABLE_KEYS]) shape[k] = stringParam;
  if (atLeast(v, '2.26')) for (const k of ['tags', 'tags-any', 'not-tags', 'not-tags-any']) shape[k] = stringParam;
  if (atLeast(v, '2.66')) shape['changes-before'] = dateTimeParam;
  if (atLeast(v, '2.73')) shape.locked = stringParam;
  const { valid } = sortKeysFor(v);
  shape.sort_key = z.array(z.string().refine((k) => valid.includes(k), notOneOf(valid))).optional();
  shape['changes-since'] = dateTimeParam;
  shape.limit = limitParam;
  shape.marker = stringParam;
  // Until 2.75 unknown parameters are ignored; from 2.75 they are a 400.
  return atLeast(v, '2.75') ? z.strictObject(shape) : z.looseObject(shape);
}

type Query = Record<string, string[] | undefined>;

// ---------------------------------------------------------------- filters

/** servers.py _get_server_search_options + 2.83: what a non-admin may filter on. */
function nonAdminFilters(v: ApiVersion): Set<string> {
  const keys = ['reservation_id', 'name', 'status', 'image', 'flavor', 'ip', 'changes-since', 'all_tenants'];
  if (atLeast(v, '2.5')) keys.push('ip6');
  if (atLeast(v, '2.26')) keys.push('tags', 'tags-any', 'not-tags', 'not-tags-any');
  if (atLeast(v, '2.66')) keys.push('changes-before');
  if (atLeast(v, '2.73')) keys.push('locked');
  if (atLeast(v, '2.83')) {
    keys.push('availability_zone', 'config_drive', 'key_name', 'created_at', 'launched_at', 'terminated_at', 'power_state', 'task_state', 'vm_state', 'progress', 'user_id');
  }
  return new Set(keys);
}

/** MySQL REGEXP on a column: a case-insensitive search; a broken pattern matches as text. */
const regexTest = (pattern: string, anchored = false) => {
  try {
    const re = new RegExp(anchored ? `^(?:${pattern})` : pattern, 'i');
    return (value: string) => re.test(value);
  } catch {
    return (value: string) => value.toLowerCase().includes(pattern.toLowerCase());
  }
};

const BOOL_STRINGS = ['0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'];
const strictBool = (s: string): boolean | null => (BOOL_STRINGS.includes(s.toLowerCase()) ? ['1', 't', 'true', 'y', 'yes', 'on'].includes(s.toLowerCase()) : null);

type Filter = (s: Server) => boolean;
type Built = { ok: true; filters: Filter[]; includeDeleted: boolean; allTenants: boolean; empty: boolean } | { ok: false; response: Response };

function buildFilters(c: NovaContext, q: Query): Built {
  const v = c.get('version');
  const isAdmin = c.get('auth').isAdmin;
  const allowed = nonAdminFilters(v);
  const given = (k: string) => q[k] !== undefined && (isAdmin || allowed.has(k));
  const one = (k: string) => (given(k) ? last(q[k]) : undefined);
  const filters: Filter[] = [];
  const fail = (status: number, m: string): Built => ({ ok: false, response: novaFault(c, status, m) });

  for (const k of JOINED_TABLE_KEYS) if (q[k] !== undefined) return fail(400, `Invalid filter field: ${k}.`);

  const name = one('name') ?? (isAdmin ? one('display_name') : undefined);
  if (name !== undefined) {
    const test = regexTest(name);
    filters.push((s) => test(s.name));
  }
  let includeDeleted = false;
  if (given('status')) {
    const { vmStates, taskStates } = statesForStatuses(q.status!);
    if (vmStates.length === 0 && taskStates.length === 0) {
      if (atLeast(v, '2.38')) return fail(400, 'Invalid status value');
      return { ok: true, filters, includeDeleted, allTenants: false, empty: true };
    }
    if (vmStates.length === 1 && vmStates[0] === 'deleted') {
      if (!isAdmin) return fail(403, 'Only administrators may list deleted instances');
      includeDeleted = true;
    }
    filters.push((s) => vmStates.includes(s.vmState));
    // A "default" task state means the status holds whatever the task is.
    if (!taskStates.includes('default')) filters.push((s) => s.taskState !== null && taskStates.includes(s.taskState));
  }
  const since = one('changes-since');
  const before = one('changes-before');
  if (since !== undefined && before !== undefined && toTime(since) > toTime(before)) {
    return fail(400, 'The value of changes-since must be less than or equal to changes-before.');
  }
  if (since !== undefined) filters.push((s) => toTime(s.updatedAt) >= toTime(since));
  if (before !== undefined) filters.push((s) => toTime(s.updatedAt) <= toTime(before));
  // Recently deleted servers show up only when asked for changes.
  if (since !== undefined || before !== undefined) includeDeleted = true;
  if (isAdmin && q.deleted !== undefined) includeDeleted = strictBool(last(q.deleted) ?? '') ?? false;

  const image = one('image') ?? (isAdmin ? one('image_ref') : undefined);
  if (image !== undefined) {
    const id = image.split('/').pop();
    filters.push((s) => s.imageRef === id);
  }
  const flavor = one('flavor');
  if (flavor !== undefined) {
    const id = flavor.split('/').pop();
    filters.push((s) => s.flavorId === id);
  }
  const ip = one('ip');
  if (ip !== undefined) {
    const test = regexTest(ip, true);
    filters.push((s) => s.addresses.some((a) => a.version === 4 && test(a.addr)));
  }
  const ip6 = one('ip6');
  if (ip6 !== undefined) {
    const test = regexTest(ip6, true);
    filters.push((s) => s.addresses.some((a) => a.version === 6 && test(a.addr)));
  }
  const tagList = (k: string) => (one(k) ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  if (given('tags')) filters.push((s) => tagList('tags').every((t) => s.tags.includes(t)));
  if (given('tags-any')) filters.push((s) => tagList('tags-any').some((t) => s.tags.includes(t)));
  if (given('not-tags')) filters.push((s) => !tagList('not-tags').every((t) => s.tags.includes(t)));
  if (given('not-tags-any')) filters.push((s) => !tagList('not-tags-any').some((t) => s.tags.includes(t)));
  const lockedValue = one('locked');
  if (lockedValue !== undefined) {
    const locked = strictBool(lockedValue);
    if (locked === null) return fail(400, `Unrecognized value '${lockedValue}', acceptable values are: ${BOOL_STRINGS.map((b) => `'${b}'`).join(', ')}`);
    filters.push((s) => s.locked === locked);
  }
  for (const [key, field] of [['vm_state', 'vmState'], ['task_state', 'taskState'], ['user_id', 'userId']] as const) {
    if (given(key)) filters.push((s) => q[key]!.includes(String(s[field])));
  }
  const power = one('power_state');
  if (power !== undefined) filters.push((s) => String(s.powerState) === power);
  const keyName = one('key_name');
  if (keyName !== undefined) {
    const test = regexTest(keyName);
    filters.push((s) => s.keyName !== null && test(s.keyName));
  }
  const az = one('availability_zone');
  if (az !== undefined) {
    const test = regexTest(az);
    filters.push((s) => test(s.availabilityZone));
  }
  const reservation = one('reservation_id');
  if (reservation !== undefined) filters.push(() => false); // reservations are not kept
  if (isAdmin && q.uuid !== undefined) filters.push((s) => q.uuid!.includes(s.id));
  if (isAdmin && q.host !== undefined) filters.push((s) => s.hostId !== '' && q.host!.includes('localcloud'));

  // all_tenants (admins): every project; project_id/tenant_id then narrow it.
  const allTenants = isAdmin && (q.all_tenants !== undefined || q.project_id !== undefined || q.tenant_id !== undefined);
  const projects = isAdmin ? q.project_id ?? q.tenant_id : undefined;
  if (projects) filters.push((s) => projects.includes(s.projectId));
  return { ok: true, filters, includeDeleted, allTenants, empty: false };
}

// ---------------------------------------------------------------- sorting

type SortValue = string | number | boolean | null;

const sortValue = (s: Server, key: string, position: number): SortValue => {
  switch (key) {
    case 'display_name': return s.name;
    case 'created_at': return s.createdAt;
    case 'updated_at': return s.updatedAt;
    case 'launched_at': return s.launchedAt;
    case 'terminated_at': return s.terminatedAt;
    case 'uuid': return s.id;
    case 'vm_state': return s.vmState;
    case 'task_state': return s.taskState;
    case 'power_state': return s.powerState;
    case 'key_name': return s.keyName;
    case 'user_id': return s.userId;
    case 'project_id': return s.projectId;
    case 'availability_zone': return s.availabilityZone;
    case 'display_description': return s.description;
    case 'config_drive': return s.configDrive;
    case 'locked': case 'locked_by': return s.locked;
    case 'image_ref': return s.imageRef;
    case 'instance_type_id': return s.flavorId;
    case 'hostname': return hostnameOf(s.name);
    case 'host': case 'node': return s.hostId ? 'localcloud' : null;
    case 'access_ip_v4': return s.accessIPv4;
    case 'access_ip_v6': return s.accessIPv6;
    case 'id': return position; // the database id: creation order
    default: return 0; // columns every local-cloud server shares (progress, kernel_id…)
  }
};

/** MySQL order: NULL sorts first ascending. */
const compareValues = (a: SortValue, b: SortValue) =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

type SortSpec = { key: string; dir: 1 | -1 }[];

/** common.get_sort_params + db process_sort_params: defaults created_at desc, then id. */
function sortSpec(c: NovaContext, q: Query): { ok: true; spec: SortSpec } | { ok: false; response: Response } {
  const { ignored } = sortKeysFor(c.get('version'));
  let keys = (q.sort_key ?? []).map((k) => k.trim());
  const dirs = (q.sort_dir ?? []).map((d) => d.trim());
  if (!c.get('auth').isAdmin) {
    const adminOnly = keys.find((k) => k === 'host' || k === 'node');
    if (adminOnly) return { ok: false, response: novaFault(c, 403, `Only administrators can sort servers by ${adminOnly}`) };
  }
  keys = keys.filter((k) => !ignored.has(k));
  if (keys.length === 0) keys = ['created_at'];
  if (dirs.length === 0) dirs.push('desc');
  if (dirs.some((d) => d !== 'asc' && d !== 'desc')) {
    return { ok: false, response: novaFault(c, 400, "Invalid input received: Unknown sort direction, must be 'desc' or 'asc'") };
  }
  if (dirs.length > keys.length) return { ok: false, response: novaFault(c, 400, 'Invalid input received: Sort direction size exceeds sort key size') };
  while (dirs.length < keys.length) dirs.push(dirs[0]!);
  for (const k of ['created_at', 'id']) {
    if (!keys.includes(k)) {
      keys.push(k);
      dirs.push(dirs[0]!);
    }
  }
  return { ok: true, spec: keys.map((key, i) => ({ key, dir: dirs[i] === 'desc' ? -1 : 1 })) };
}

// ---------------------------------------------------------------- routes

/** Deleted servers stay readable (changes-since, instance actions) for a while. */
const KEEP_DELETED = 200;

export function serverRoutes(cloud: CloudContext, app: Hono<NovaEnv>): void {
  const { state } = cloud;

  const list = (c: NovaContext, detail: boolean) => {
    const v = c.get('version');
    const auth = c.get('auth');
    const parsed = validate(c, listQuerySchema(v), queryLists(c), 'query');
    if (!parsed.ok) return parsed.response;
    const q = parsed.data as Query;
    const size = pageSize(q.limit);
    if (size === 'invalid') return novaFault(c, 400, 'limit param must be an integer');
    const built = buildFilters(c, q);
    if (!built.ok) return built.response;
    const sorted = sortSpec(c, q);
    if (!sorted.ok) return sorted.response;

    const markerId = last(q.marker);
    const marker = markerId === undefined ? undefined : state.server(markerId);
    if (markerId !== undefined && !marker) return novaFault(c, 400, `marker [${markerId}] not found`);

    // Sort keys are computed once per server (the array index is the database id).
    type Keyed = { s: Server; k: SortValue[] };
    const keyed = (s: Server, position: number): Keyed => ({ s, k: sorted.spec.map(({ key }) => sortValue(s, key, position)) });
    const cmp = (a: Keyed, b: Keyed) => {
      for (let i = 0; i < sorted.spec.length; i++) {
        const d = compareValues(a.k[i]!, b.k[i]!);
        if (d !== 0) return d * sorted.spec[i]!.dir;
      }
      return 0;
    };
    const matching: Keyed[] = [];
    if (!built.empty) {
      state.data.servers.forEach((s, i) => {
        if (!built.allTenants && s.projectId !== auth.project?.id) return;
        if (s.deleted && !built.includeDeleted) return;
        if (built.filters.every((f) => f(s))) matching.push(keyed(s, i));
      });
    }
    matching.sort(cmp);
    const markerKeyed = marker ? keyed(marker, state.data.servers.indexOf(marker)) : undefined;
    const page = pageAfter(matching, size, markerKeyed ? (x) => cmp(x, markerKeyed) > 0 : undefined).map((x) => x.s);
    const ctx = { root: computeRoot(cloud), version: v, isAdmin: auth.isAdmin };
    const body: Record<string, unknown> = {
      servers: page.map((s) => (detail ? serverView(ctx, s, 'list') : serverBriefView(computeRoot(cloud), s))),
    };
    const next = collectionLinks(c, computeRoot(cloud), detail ? 'servers/detail' : 'servers', page, size);
    if (next.length) body.servers_links = next;
    return c.json(body);
  };

  app.get('/v2.1/servers', (c) => list(c, false));
  app.get('/v2.1/servers/detail', (c) => list(c, true));

  app.get('/v2.1/servers/:id', (c) => {
    const s = visibleServer(cloud, c, c.req.param('id'));
    if (!s) return instanceNotFound(c, c.req.param('id'));
    return c.json({ server: serverView({ root: computeRoot(cloud), version: c.get('version'), isAdmin: c.get('auth').isAdmin }, s, 'show') });
  });

  app.post('/v2.1/servers', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const created = createServers(cloud, c, body.data);
    if (!created.ok) return created.response;
    const { servers, adminPass, reservationId } = created.data;
    const request = (body.data as { server: { return_reservation_id?: unknown; security_groups?: { name: string }[] } }).server;
    if (request.return_reservation_id !== undefined && ['true', '1', 'on', 'yes'].includes(String(request.return_reservation_id).toLowerCase())) {
      return c.json({ reservation_id: reservationId }, 202);
    }
    const first = servers[0]!;
    c.header('Location', `${computeUrls(computeRoot(cloud)).api}/servers/${first.id}`);
    return c.json(createdView(computeRoot(cloud), first, adminPass, request.security_groups), 202);
  });

  app.delete('/v2.1/servers/:id', (c) => {
    const s = visibleServer(cloud, c, c.req.param('id'));
    if (!s) return instanceNotFound(c, c.req.param('id'));
    if (s.locked && !c.get('auth').isAdmin) return novaFault(c, 409, `Instance ${s.id} is locked`);
    if (s.taskState !== 'deleting') {
      const action = recordAction(state, s, c, 'delete');
      const event = startEvent(action, 'compute_terminate_instance');
      updateServer(cloud, s, { taskState: 'deleting' });
      cloud.later(state.timings.powerMs, () => {
        if (state.server(s.id) !== s || s.deleted) return;
        if (s.powerState === 1) appendConsole(s, [`${kernelStamp(s)} reboot: Power down`]);
        updateServer(cloud, s, { deleted: true, vmState: 'deleted', taskState: null, powerState: 0, terminatedAt: novaLaunchedAt(), addresses: [] });
        // Detach the volumes, and delete those marked delete_on_termination.
        releaseBlockDevices(cloud, s);
        finishEvent(action, event);
        pruneDeleted(cloud);
      });
    }
    return c.body(null, 204, { 'Content-Type': 'application/json' });
  });
}

function pruneDeleted(cloud: CloudContext): void {
  const deleted = cloud.state.data.servers.filter((s) => s.deleted);
  for (const s of deleted.slice(0, Math.max(0, deleted.length - KEEP_DELETED))) cloud.state.removeServer(s.id);
}
