// Property-based tests of every route handler under app/api (but sign-in and sign-out):
// generated params, queries and bodies against the real local cloud, signed in for real.
// Every answer must be a 2xx, or a 4xx with the JSON error shape, never a 5xx; and nothing
// malformed may reach the cloud: each upstream request (the cloud's request log, and the
// URLs fetch was given) goes to the cloud's own host, to a known path whose ids are UUIDs or
// the known id shapes, with a query whose keys and values are what the route means to send.
// A little over 10,000 inputs in all; the table of answers per route is printed at the end.
// FUZZ_SCALE=0.1 (fewer runs), FUZZ_SEED=<n> (other inputs), FUZZ_ONLY=<part of a route's
// name>, FUZZ_DEBUG=1 (the cloud's error messages per status in the table).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetCloud } from '@/lib/localcloud/control/admin';
import { SEED } from '@/lib/localcloud/state/seed';
import { startLocalCloud, type RunningLocalCloud } from '@/lib/localcloud/server';
import type { RequestLogEntry } from '@/lib/localcloud/state/state';
import { sessionDataSchema, type SessionData } from '@/lib/server/session';
import {
  ABSENT_UUID, type FuzzInput, edgeNumber, edgeNumberString, field, idField, idish, jsonBody, oddString, paramsAndBody, paramsOf, queryOf, queryValue,
  seededImages, seededNetworks, seededProjects, seededServers, textish, wrongType,
} from './routes.fuzz-inputs';

// ---------------------------------------------------------------- session and cloud

let session: SessionData | null = null;
const saved: SessionData[] = [];
let ended = 0;

// Signed in for real (signIn against the local cloud); the cookie store is left out: the
// session lives here, and a project or region switch replaces it as the cookie would.
vi.mock('@/lib/server/session', async (importOriginal) => {
  const keep = async (data: SessionData) => {
    saved.push(data);
    session = data;
  };
  const read = async () => (session ? { data: session } : null);
  return {
    ...(await importOriginal<Record<string, unknown>>()),
    readSession: read,
    readSessionToEnd: read,
    startSession: keep,
    updateSession: keep,
    endSession: async () => {
      ended++;
      session = null;
    },
  };
});

const APP = 'http://snapdeck.test';
let cloud: RunningLocalCloud;

/** Every URL the app fetched, and what it sent, while the current input ran. */
interface Outbound { url: string; method: string; body: string | null }
let outbound: Outbound[] = [];
const inFlight = new Set<Promise<unknown>>();

async function signInFresh(): Promise<void> {
  const { signIn } = await import('@/lib/server/sign-in');
  session = await signIn({ username: 'demo', password: 'demo', domain: 'Default', project: 'demo' });
}

/** Back to the seed (which forgets tokens), then a new sign-in. */
async function freshCloud(): Promise<void> {
  resetCloud(cloud.cloud);
  await signInFresh();
}

beforeAll(async () => {
  cloud = await startLocalCloud({ regions: ['RegionOne', 'RegionTwo'], timings: { snapshotPhaseMs: 5, buildMs: 5, powerMs: 5 } });
  vi.stubEnv('SNAPDECK_AUTH_URL', `${cloud.url}/identity`);
  vi.stubEnv('SNAPDECK_SESSION_PASSWORDS', 'fuzz-test-session-password-0123456789abcdef');
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const body = typeof init?.body === 'string' ? init.body : null;
    outbound.push({ url, method: init?.method ?? (input instanceof Request ? input.method : 'GET'), body });
    // A request to any other host is refused here (and reported below), never sent.
    if (new URL(url).origin !== new URL(cloud.url).origin) return Promise.reject(new TypeError('fuzz: refused a foreign host'));
    const p = realFetch(input, init);
    inFlight.add(p);
    void p.catch(() => undefined).finally(() => inFlight.delete(p));
    return p;
  });
  await signInFresh();
});

afterAll(async () => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  await cloud?.close();
});

// ---------------------------------------------------------------- what may go upstream

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const uuidRe = new RegExp(`^${UUID}$`);

/** The upstream paths the routes use; ids are UUIDs (Nova's request ids `req-<uuid>`). */
const PATHS: RegExp[] = [
  /^\/identity\/v3\/auth\/tokens$/,
  /^\/identity\/v3\/auth\/projects$/,
  /^\/compute\/v2\.1\/?$/,
  /^\/compute\/?$/,
  /^\/compute\/v2\.1\/servers$/,
  /^\/compute\/v2\.1\/servers\/detail$/,
  new RegExp(`^/compute/v2\\.1/servers/${UUID}$`),
  new RegExp(`^/compute/v2\\.1/servers/${UUID}/action$`),
  new RegExp(`^/compute/v2\\.1/servers/${UUID}/os-instance-actions$`),
  new RegExp(`^/compute/v2\\.1/servers/${UUID}/os-instance-actions/req-${UUID}$`),
  /^\/compute\/v2\.1\/flavors\/detail$/,
  /^\/compute\/v2\.1\/os-keypairs$/,
  /^\/compute\/v2\.1\/os-availability-zone$/,
  /^\/image\/v2\/images$/,
  new RegExp(`^/image/v2/images/${UUID}$`),
  new RegExp(`^/image/v2/images/${UUID}/file$`),
  new RegExp(`^/image/v2/images/${UUID}/members$`),
  new RegExp(`^/image/v2/images/${UUID}/members/[0-9a-f]{32}$`),
  // Copy to region: the other region's Glance (the local cloud's /image/regions/<name>).
  /^\/image\/regions\/RegionTwo\/v2\/images$/,
  new RegExp(`^/image/regions/RegionTwo/v2/images/${UUID}$`),
  // RegionTwo's own Nova (the local cloud's /compute/regions/<name>), as the region switch checks it.
  /^\/compute\/regions\/RegionTwo\/v2\.1\/?$/,
  /^\/network\/v2\.0\/networks$/,
  /^\/volume\/v3\/?$/,
  /^\/volume\/v3\/[0-9a-f]{32}\/limits$/,
  new RegExp(`^/volume/v3/[0-9a-f]{32}/volumes/${UUID}$`),
  /^\/volume\/v3\/[0-9a-f]{32}\/volumes\/detail$/,
  new RegExp(`^/volume/v3/[0-9a-f]{32}/snapshots/${UUID}$`),
  /^\/workflow\/v2\/(workflows|cron_triggers|executions|actions)$/,
  /^\/workflow\/v2\/workflows\/snapdeck_backup_(nova_)?v1$/,
  new RegExp(`^/workflow/v2/cron_triggers/${UUID}$`),
];

const GLANCE_STATUSES = ['queued', 'saving', 'active', 'killed', 'deleted', 'pending_delete', 'deactivated', 'uploading', 'importing'];
const NOVA_STATUSES = ['ACTIVE', 'BUILD', 'DELETED', 'ERROR', 'HARD_REBOOT', 'MIGRATING', 'PASSWORD', 'PAUSED', 'REBOOT', 'REBUILD', 'RESCUE',
  'RESIZE', 'REVERT_RESIZE', 'SHELVED', 'SHELVED_OFFLOADED', 'SHUTOFF', 'SOFT_DELETED', 'SUSPENDED', 'UNKNOWN', 'VERIFY_RESIZE'];

/** Query parameters each upstream list may carry, and what their values look like. */
const QUERY_RULES: Record<string, Record<string, (v: string) => boolean>> = {
  '/image/v2/images': {
    limit: (v) => /^\d+$/.test(v) && +v >= 1 && +v <= 1000,
    marker: (v) => uuidRe.test(v),
    sort_key: (v) => ['name', 'created_at', 'size', 'status', 'updated_at'].includes(v),
    sort_dir: (v) => v === 'asc' || v === 'desc',
    name: (v) => v.length >= 1 && [...v].length <= 255 && v.trim() === v, // code points, as Python and zod count
    status: (v) => GLANCE_STATUSES.includes(v),
    visibility: (v) => ['public', 'private', 'shared', 'community', 'all'].includes(v),
    id: (v) => new RegExp(`^in:${UUID}(,${UUID})*$`).test(v),
    os_hidden: (v) => v === 'true' || v === 'false',
    image_type: (v) => v === 'snapshot' || v === 'backup',
    bdm_v2: (v) => v === 'True',
    instance_uuid: (v) => uuidRe.test(v),
    backup_type: (v) => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(v),
    base_image_ref: (v) => uuidRe.test(v),
    owner: (v) => /^[0-9a-f]{32}$/.test(v),
    member_status: (v) => v === 'all',
  },
  // Copy to region: a snapshot's copies, found by their marker in the other region.
  '/image/regions/RegionTwo/v2/images': {
    limit: (v) => v === '50',
    sort_key: (v) => v === 'created_at',
    sort_dir: (v) => v === 'desc',
    snapdeck_copied_from: (v) => new RegExp(`^RegionOne/${UUID}$`).test(v),
  },
  '/compute/v2.1/servers/detail': {
    limit: (v) => /^\d+$/.test(v) && +v >= 1 && +v <= 1000,
    marker: (v) => uuidRe.test(v),
    name: (v) => v.length >= 1 && v.length <= 512 && REGEX_ESCAPED.test(v),
    status: (v) => NOVA_STATUSES.includes(v),
    sort_key: (v) => v === 'display_name' || v === 'created_at',
    sort_dir: (v) => v === 'asc' || v === 'desc',
  },
  '/workflow/v2/cron_triggers': {
    limit: (v) => v === '1000',
    sort_keys: (v) => v === 'created_at,id',
    sort_dirs: (v) => v === 'asc,asc',
    workflow_name: (v) => /^snapdeck_backup_(nova_)?v1$/.test(v),
  },
  '/workflow/v2/executions': {
    limit: (v) => v === '1' || v === '20',
    marker: (v) => uuidRe.test(v),
    sort_keys: (v) => v === 'created_at,id',
    sort_dirs: (v) => v === 'desc,desc',
    workflow_name: (v) => /^snapdeck_backup_(nova_)?v1$/.test(v),
    description: (v) => /^has:[0-9a-f]{12}$/.test(v),
    include_output: (v) => v === 'true',
  },
  '/workflow/v2/actions': {
    name: (v) => v === 'nova.servers_backup',
    limit: (v) => v === '1',
  },
  '/workflow/v2/workflows': { scope: (v) => v === 'private' },
  '/volume/v3/{project}/volumes/detail': {
    limit: (v) => /^\d+$/.test(v) && +v >= 1 && +v <= 1000,
    marker: (v) => uuidRe.test(v),
    sort: (v) => /^(created_at|name|size|status|updated_at):(asc|desc)$/.test(v),
  },
};

/** A regular expression that is only literal text: every metacharacter escaped. */
const REGEX_ESCAPED = /^(?:[^.*+?^${}()|[\]\\]|\\[.*+?^${}()|[\]\\])*$/;
const unescapeRegex = (v: string) => v.replace(/\\(.)/gs, '$1');

/** Glance's reading of a name filter (glance.common.utils.split_filter_op): "op:operand". */
function glanceNameMeaning(v: string): string | null {
  const sep = v.indexOf(':');
  if (sep < 0) return v;
  return v.slice(0, sep) === 'eq' ? v.slice(sep + 1) : null; // `in:` and the rest mean something else
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** What a URL's query makes of a string: lone surrogates become U+FFFD. */
const wellFormed = (v: string) => v.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');

/** Every string in a JSON value, keys included. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]);
  return [];
}

// The raw query as sent: unreserved characters, '+' for spaces and %XX escapes only.
const RAW_QUERY = /^(?:[A-Za-z0-9\-._~*+=&]|%[0-9A-F]{2})*$/;
const RAW_PATH = /^(?:[A-Za-z0-9\-._~/])*$/;

interface Upstream { log: RequestLogEntry[]; sent: Outbound[] }

/** Problems with what went upstream for one input, whatever the route. */
function upstreamProblems(up: Upstream): string[] {
  const problems: string[] = [];
  const origin = new URL(cloud.url).origin;
  for (const o of up.sent) {
    let u: URL;
    try {
      u = new URL(o.url);
    } catch {
      problems.push(`fetch of a malformed URL: ${o.url.slice(0, 120)}`);
      continue;
    }
    if (u.origin !== origin) problems.push(`request to a foreign host: ${u.origin}`);
    const raw = o.url.slice(origin.length);
    const [rawPath = '', rawQuery = ''] = raw.split('?', 2);
    if (!RAW_PATH.test(rawPath) || rawPath.includes('..') || rawPath.includes('//')) problems.push(`odd characters in an upstream path: ${rawPath.slice(0, 120)}`);
    if (raw.includes('#')) problems.push(`a fragment in an upstream URL: ${raw.slice(0, 120)}`);
    if (!RAW_QUERY.test(rawQuery)) problems.push(`unencoded characters in an upstream query: ${rawQuery.slice(0, 120)}`);
    if (o.body !== null) {
      let json: unknown;
      try {
        json = JSON.parse(o.body);
      } catch {
        problems.push(`an upstream body that is not JSON: ${o.body.slice(0, 80)}`);
      }
      // JSON.stringify escapes a lone surrogate (\ud800), which Python services decode to a
      // string they cannot store or print: text sent upstream must be well formed.
      if (strings(json).some((t) => LONE_SURROGATE.test(t))) problems.push(`an upstream ${o.method} body with a lone surrogate`);
    }
  }
  for (const e of up.log) {
    if (e.service === 'other' || e.service === 'admin') problems.push(`a request to no service: ${e.method} ${e.path}`);
    if (!PATHS.some((re) => re.test(e.path))) problems.push(`an unexpected upstream path: ${e.method} ${e.path.slice(0, 120)}`);
    if (e.status >= 500) problems.push(`the cloud answered ${e.status} to ${e.method} ${e.path.slice(0, 80)}?${e.query.slice(0, 80)}`);
    const rules = QUERY_RULES[e.path.replace(/^\/volume\/v3\/[0-9a-f]{32}\//, '/volume/v3/{project}/')];
    const pairs = [...new URLSearchParams(e.query)];
    if (!rules) {
      if (pairs.length) problems.push(`a query on ${e.path}: ${e.query.slice(0, 80)}`);
      continue;
    }
    const seen = new Set<string>();
    for (const [k, v] of pairs) {
      const rule = rules[k];
      if (!rule) problems.push(`unexpected query key ${JSON.stringify(k)} on ${e.path}`);
      else if (!rule(v)) problems.push(`bad query value ${k}=${JSON.stringify(v.slice(0, 80))} on ${e.path}`);
      if (seen.has(k)) problems.push(`query key ${k} repeated on ${e.path}`);
      seen.add(k);
    }
  }
  return problems;
}

// ---------------------------------------------------------------- calling a route

type Handler = (req: NextRequest, route: { params: Promise<Record<string, unknown>> }) => Promise<Response>;

interface Outcome { status: number; json: unknown; text: string; download: boolean }

async function call(method: string, appPath: string, handler: Handler, input: FuzzInput): Promise<Outcome> {
  const url = new URL(appPath, APP);
  if (input.rawQuery !== undefined) url.search = input.rawQuery;
  else for (const [k, v] of input.query ?? []) url.searchParams.append(k, v);
  // As the app's own page sends it: Host, and Origin on anything but GET.
  const headers = new Headers(input.headers);
  headers.set('Host', url.host);
  if (method !== 'GET') headers.set('Origin', url.origin);
  let body: string | undefined;
  if (input.body) {
    headers.set('Content-Type', 'application/json');
    body = 'json' in input.body ? JSON.stringify(input.body.json) : input.body.text;
  }
  const res = await handler(new NextRequest(url, { method, headers, ...(body !== undefined ? { body } : {}) }), { params: Promise.resolve(input.params ?? {}) });
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) {
    await res.body?.cancel();
    return { status: res.status, json: undefined, text: '', download: type === 'application/octet-stream' };
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, download: false };
}

function answerProblems(out: Outcome, method: string, redirects = false): string[] {
  const problems: string[] = [];
  if (out.status >= 500) problems.push(`answered ${out.status}: ${out.text.slice(0, 160)}`);
  const redirect = out.status === 303 && redirects;
  if (out.status < 200 || out.status >= 600 || (out.status >= 300 && out.status < 400 && !redirect)) problems.push(`answered ${out.status}`);
  if (out.status >= 200 && out.status < 300 && out.status !== 204 && out.json === undefined && !out.download) problems.push(`a ${out.status} that is not JSON`);
  if (out.status >= 400) {
    const err = (out.json as { error?: { status?: unknown; message?: unknown } } | undefined)?.error;
    if (!err || err.status !== out.status || typeof err.message !== 'string' || !err.message) problems.push(`a ${out.status} without the JSON error shape: ${out.text.slice(0, 120)}`);
  } else if (out.status === 204) {
    if (method !== 'DELETE') problems.push('204 from a route that is not a delete');
  }
  if (session && out.text.includes(session.tokenId)) problems.push('the token reached the browser');
  if (out.text.includes(cloud.url)) problems.push('an upstream URL reached the browser');
  return problems;
}

// ---------------------------------------------------------------- the routes

interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The app path (for a realistic request URL). */
  path: string;
  load: () => Promise<Record<string, unknown>>;
  /** The route's folder under app/api. */
  file: string;
  input: fc.Arbitrary<FuzzInput>;
  runs: number;
  /** Start from a freshly seeded cloud (the first of the routes that change it). */
  fresh?: boolean;
  /** Route-specific problems of what went upstream, given the input and the answer. */
  check?: (input: FuzzInput, out: Outcome, up: Upstream) => string[];
  /** Answers 303 to a form post (sign-out). */
  redirects?: boolean;
}

const S = SEED;
const imageParam = idField(seededImages);
const serverParam = idField(seededServers);
/** Routes that take no input: junk queries must change nothing. */
const junkQuery = queryOf({ limit: queryValue(edgeNumberString), marker: idField([]), all_tenants: queryValue(fc.constant('1')) });

const lastValue = (input: FuzzInput, key: string): string | undefined => {
  if (input.rawQuery !== undefined) return new URLSearchParams(input.rawQuery).getAll(key).at(-1);
  return input.query?.filter(([k]) => k === key).at(-1)?.[1];
};
const bodyOf = (input: FuzzInput) => (input.body && 'json' in input.body ? input.body.json : undefined) as Record<string, unknown> | undefined;

/** Each upstream `/<collection>/<id>` names the id the route was given in `param`, as given
 * (with `firstOnly`, the first one: later ones come from the cloud's answers, e.g. lineage). */
const pathIdIs = (collection: 'servers' | 'images', param: string, firstOnly = false) => (input: FuzzInput, _out: Outcome, up: Upstream): string[] => {
  const ids = up.log.map((e) => new RegExp(`/${collection}/([^/]+)`).exec(e.path)?.[1]).filter((id) => id !== undefined && id !== 'detail');
  return (firstOnly ? ids.slice(0, 1) : ids).filter((id) => id !== input.params?.[param]).map((id) => `/${collection}/${id} upstream for ${param}=${JSON.stringify(input.params?.[param])}`);
};
const all = (...checks: NonNullable<RouteCase['check']>[]): RouteCase['check'] => (input, out, up) => checks.flatMap((c) => c(input, out, up));

/** Each Nova list by name asks for the name given (escaped: Nova reads it as a regex). */
const novaNameIs = (name: string | undefined, up: Upstream): string[] =>
  listsOf(up, '/compute/v2.1/servers/detail').flatMap((q) => {
    const sent = q.get('name');
    return name && (sent === null || unescapeRegex(sent) !== wellFormed(name))
      ? [`Nova was asked for name ${JSON.stringify(sent?.slice(0, 60))}, which does not mean ${JSON.stringify(name.slice(0, 60))}`] : [];
  });

/** The upstream lists of a path in this run. */
const listsOf = (up: Upstream, path: string) => up.log.filter((e) => e.path === path).map((e) => new URLSearchParams(e.query));

/** A schedule id: twelve hex digits, mostly of no schedule. */
const scheduleParam = { good: fc.stringMatching(/^[0-9a-f]{12}$/), any: fc.oneof(fc.stringMatching(/^[0-9a-f]{12}$/), oddString, fc.constantFrom('0123456789ab%', 'ABCDEF012345', '0123456789abc')) };
const frequencyOf = fc.oneof(
  fc.record({ kind: fc.constant('daily'), hour: fc.integer({ min: -1, max: 24 }), minute: fc.integer({ min: -1, max: 60 }) }),
  fc.record({ kind: fc.constant('weekly'), weekday: fc.integer({ min: -1, max: 7 }), hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }),
  fc.record({ kind: fc.constant('monthly'), day: fc.integer({ min: 0, max: 32 }), hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }),
  fc.record({ kind: fc.constant('hourly'), everyHours: fc.constantFrom(1, 2, 5, 6, 12, 24), minute: fc.integer({ min: 0, max: 59 }) }),
  fc.record({ kind: fc.constant('cron'), expression: fc.oneof(fc.constantFrom('0 2 * * *', '* * * * *', '0 0 31 2 *', '0 2 * * * *', '@daily', '0 2 * * MON', '*/5 * * * *'), textish) }),
  oddString, wrongType,
);
const scheduleDraft = fc.record({
  instanceId: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(S.servers.web1, S.servers.db1) }, { weight: 1, arbitrary: idish([ABSENT_UUID]) }),
  frequency: frequencyOf,
  backupType: fc.oneof(fc.constantFrom('daily', 'weekly', 'monthly', 'a_b.c-d'), textish),
  keep: fc.oneof(fc.integer({ min: 1, max: 100 }), edgeNumber, edgeNumberString, wrongType),
  prefix: fc.oneof(fc.constantFrom('web-1', 'db-1'), textish),
  enabled: fc.oneof(fc.boolean(), wrongType),
}, { requiredKeys: ['instanceId', 'frequency', 'backupType', 'keep', 'prefix'] });

/** Per-route runs add up to a little over 10,000 inputs. Read-only routes first; the ones
 * that change the cloud run last, from a fresh seed. */
const ROUTES: RouteCase[] = [
  { name: 'GET /api/auth/projects', method: 'GET', path: '/api/auth/projects', load: () => import('./auth/projects/route'), file: 'auth/projects', runs: 100, input: junkQuery },
  { name: 'GET /api/auth/regions', method: 'GET', path: '/api/auth/regions', load: () => import('./auth/regions/route'), file: 'auth/regions', runs: 100, input: junkQuery },
  {
    name: 'POST /api/auth/project', method: 'POST', path: '/api/auth/project', load: () => import('./auth/project/route'), file: 'auth/project', runs: 300,
    input: fc.record({ body: jsonBody({ projectId: field(fc.constantFrom(...seededProjects, 'default', S.projects.demo.toUpperCase(), 'x'.repeat(64), 'x'.repeat(65), ABSENT_UUID)) }) }),
    check: (input, out) => {
      const asked = bodyOf(input)?.projectId;
      return out.status === 200 && asked !== S.projects.demo && asked !== S.projects.altDemo ? [`switched to project ${JSON.stringify(asked)}`] : [];
    },
  },
  {
    name: 'POST /api/auth/region', method: 'POST', path: '/api/auth/region', load: () => import('./auth/region/route'), file: 'auth/region', runs: 300,
    input: fc.record({ body: jsonBody({ region: field(fc.constantFrom('RegionOne', 'RegionTwo', 'regionone', 'RegionThree', ' RegionOne')) }) }),
    check: (input, out) => {
      const asked = bodyOf(input)?.region;
      return out.status === 200 && asked !== 'RegionOne' && asked !== 'RegionTwo' ? [`switched to region ${JSON.stringify(asked)}`] : [];
    },
  },
  { name: 'GET /api/flavors', method: 'GET', path: '/api/flavors', load: () => import('./flavors/route'), file: 'flavors', runs: 100, input: junkQuery },
  { name: 'GET /api/keypairs', method: 'GET', path: '/api/keypairs', load: () => import('./keypairs/route'), file: 'keypairs', runs: 100, input: junkQuery },
  { name: 'GET /api/availability-zones', method: 'GET', path: '/api/availability-zones', load: () => import('./availability-zones/route'), file: 'availability-zones', runs: 100, input: junkQuery },
  { name: 'GET /api/networks', method: 'GET', path: '/api/networks', load: () => import('./networks/route'), file: 'networks', runs: 100, input: junkQuery },
  {
    name: 'GET /api/images', method: 'GET', path: '/api/images', load: () => import('./images/route'), file: 'images', runs: 900,
    input: queryOf({
      tab: queryValue(fc.constantFrom('all', 'snapshots', 'backups', 'base', 'shared')),
      hidden: queryValue(fc.constantFrom('true', 'false')),
      name: queryValue(textish),
      status: queryValue(fc.constantFrom(...GLANCE_STATUSES)),
      visibility: queryValue(fc.constantFrom('public', 'private', 'shared', 'community')),
      instance_uuid: idField(seededServers),
      base_image_ref: idField(seededImages),
      sort: queryValue(fc.constantFrom('created_at', 'name', 'size')),
      dir: queryValue(fc.constantFrom('asc', 'desc')),
      marker: idField(seededImages),
      limit: queryValue(fc.integer({ min: 1, max: 200 }).map(String)),
    }),
    // Whatever the answer: each Glance list asks for the name the user typed, literally.
    check: (input, _out, up) => {
      const name = lastValue(input, 'name')?.trim();
      const problems: string[] = [];
      for (const q of listsOf(up, '/image/v2/images')) {
        const sent = q.get('name');
        if (name && (sent === null || glanceNameMeaning(sent) !== wellFormed(name))) {
          problems.push(`Glance was asked for name ${JSON.stringify(sent?.slice(0, 60))}, which does not mean ${JSON.stringify(name.slice(0, 60))}`);
        }
        for (const key of ['instance_uuid', 'base_image_ref'] as const) {
          const want = lastValue(input, key);
          if (want && q.get(key) !== want) problems.push(`Glance was asked for ${key}=${q.get(key)}, not ${want}`);
        }
      }
      return problems;
    },
  },
  {
    name: 'GET /api/images/{id}', method: 'GET', path: '/api/images/x', load: () => import('./images/[id]/route'), file: 'images/[id]', runs: 500,
    input: fc.record({ params: paramsOf({ id: imageParam }) }),
    check: pathIdIs('images', 'id', true),
  },
  {
    name: 'GET /api/images/{id}/file', method: 'GET', path: '/api/images/x/file', load: () => import('./images/[id]/file/route'), file: 'images/[id]/file', runs: 400,
    input: fc.record({
      params: paramsOf({ id: imageParam }),
      headers: fc.option(fc.oneof(
        fc.constantFrom('bytes=0-9', 'bytes=-5', 'bytes=10-', 'bytes=0-0', 'bytes=5-1', 'bytes=99999999999-', 'bytes=0-1,2-3', 'items=0-1', 'bytes=-0', `bytes=0-${'9'.repeat(40)}`),
        oddString.filter((h) => /^[\t\x20-\x7e]*$/.test(h)),
      ), { nil: undefined }).map((range) => (range === undefined ? {} : { Range: range })),
    }),
    check: pathIdIs('images', 'id'),
  },
  {
    name: 'GET /api/images/instances', method: 'GET', path: '/api/images/instances', load: () => import('./images/instances/route'), file: 'images/instances', runs: 400,
    input: queryOf({
      ids: {
        good: fc.array(fc.oneof(fc.constantFrom(...seededServers), fc.uuid()), { minLength: 1, maxLength: 4 }).map((ids) => ids.join(',')),
        any: fc.oneof(
          fc.array(serverParam.any, { minLength: 1, maxLength: 4 }).map((ids) => ids.join(',')),
          fc.array(fc.uuid(), { minLength: 25, maxLength: 27 }).map((ids) => ids.join(',')),
          oddString,
        ),
      },
    }),
  },
  {
    name: 'GET /api/launch/sources', method: 'GET', path: '/api/launch/sources', load: () => import('./launch/sources/route'), file: 'launch/sources', runs: 500,
    input: queryOf({ id: idField(seededImages), q: queryValue(textish) }),
  },
  {
    name: 'GET /api/servers', method: 'GET', path: '/api/servers', load: () => import('./servers/route'), file: 'servers', runs: 900,
    input: queryOf({
      limit: queryValue(fc.constantFrom('20', '50', '100')),
      marker: idField(seededServers),
      name: queryValue(textish),
      status: queryValue(fc.constantFrom(...NOVA_STATUSES, '')),
      sort: queryValue(fc.constantFrom('name', 'created')),
      dir: queryValue(fc.constantFrom('asc', 'desc')),
    }),
    check: (input, _out, up) => novaNameIs(lastValue(input, 'name')?.trim(), up),
  },
  {
    name: 'GET /api/servers/{id}', method: 'GET', path: '/api/servers/x', load: () => import('./servers/[id]/route'), file: 'servers/[id]', runs: 500,
    input: fc.record({ params: paramsOf({ id: serverParam }) }),
    check: pathIdIs('servers', 'id'),
  },
  {
    name: 'GET /api/servers/{id}/actions', method: 'GET', path: '/api/servers/x/actions', load: () => import('./servers/[id]/actions/route'), file: 'servers/[id]/actions', runs: 500,
    input: fc.record({ params: paramsOf({ id: serverParam }) }),
    check: pathIdIs('servers', 'id'),
  },
  {
    name: 'GET /api/servers/{id}/console', method: 'GET', path: '/api/servers/x/console', load: () => import('./servers/[id]/console/route'), file: 'servers/[id]/console', runs: 500,
    input: fc.tuple(paramsOf({ id: serverParam }), queryOf({ length: queryValue(fc.integer({ min: 1, max: 1000 }).map(String)) })).map(([params, q]) => ({ params, ...q })),
    check: pathIdIs('servers', 'id'),
  },
  {
    name: 'GET /api/servers/{id}/snapshots', method: 'GET', path: '/api/servers/x/snapshots', load: () => import('./servers/[id]/snapshots/route'), file: 'servers/[id]/snapshots', runs: 500,
    input: fc.record({ params: paramsOf({ id: serverParam }) }),
    check: (input, out, up) => {
      if (out.status !== 200) return [];
      return listsOf(up, '/image/v2/images').filter((q) => q.get('instance_uuid') !== input.params?.id).map(() => 'Glance was asked for another instance_uuid');
    },
  },
  {
    name: 'GET /api/servers/{id}/snapshots/{imageId}', method: 'GET', path: '/api/servers/x/snapshots/y', load: () => import('./servers/[id]/snapshots/[imageId]/route'), file: 'servers/[id]/snapshots/[imageId]', runs: 500,
    input: fc.record({ params: paramsOf({ id: serverParam, imageId: imageParam }) }),
    check: all(pathIdIs('servers', 'id'), pathIdIs('images', 'imageId')),
  },
  // ---- from here on, routes that change the cloud
  {
    name: 'PATCH /api/images/{id}/properties', method: 'PATCH', path: '/api/images/x/properties', load: () => import('./images/[id]/properties/route'), file: 'images/[id]/properties', runs: 500, fresh: true,
    input: paramsAndBody({ id: imageParam }, {
      property: { good: fc.constantFrom('hw_qemu_guest_agent', 'os_require_quiesce'), any: field(fc.constantFrom('hw_qemu_guest_agent', 'os_require_quiesce', 'name', 'visibility', 'HW_QEMU_GUEST_AGENT')).any },
      enabled: field(fc.boolean()),
    }),
    check: all(pathIdIs('images', 'id'), (input, _out, up) => {
      const body = bodyOf(input);
      const ok = body && ['hw_qemu_guest_agent', 'os_require_quiesce'].includes(body.property as string) && typeof body.enabled === 'boolean' && Object.keys(body).length === 2;
      return up.log.some((e) => e.method === 'PATCH') && !ok ? ['a Glance PATCH for a body the route should refuse'] : [];
    }),
  },
  {
    name: 'GET /api/images/{id}/copies', method: 'GET', path: '/api/images/x/copies', load: () => import('./images/[id]/copies/route'), file: 'images/[id]/copies', runs: 200,
    input: fc.record({ params: paramsOf({ id: imageParam }) }),
    check: pathIdIs('images', 'id'),
  },
  {
    // Ids of no image (a copy of a seeded image would stream gigabytes): validation and refusals.
    name: 'POST /api/images/{id}/copies', method: 'POST', path: '/api/images/x/copies', load: () => import('./images/[id]/copies/route'), file: 'images/[id]/copies', runs: 300,
    input: paramsAndBody({ id: idField([]) }, {
      targetRegion: { good: fc.constantFrom('RegionTwo', 'RegionOne', 'RegionThree'), any: fc.oneof(oddString, fc.constantFrom('RegionTwo', '../x', '')) },
      name: { good: fc.string({ minLength: 1, maxLength: 40 }), any: oddString },
      replace: idField([]),
    }, ['replace']),
    check: pathIdIs('images', 'id'),
  },
  {
    name: 'DELETE /api/images/{id}/copies/{targetId}', method: 'DELETE', path: '/api/images/x/copies/y', load: () => import('./images/[id]/copies/[targetId]/route'), file: 'images/[id]/copies/[targetId]', runs: 200,
    input: fc.tuple(paramsOf({ id: idField([]), targetId: idField([]) }), queryOf({ region: { good: fc.constantFrom('RegionTwo', 'RegionOne'), any: oddString } }))
      .map(([params, q]) => ({ params, ...q })),
    check: () => [],
  },
  {
    name: 'DELETE /api/images/{id}', method: 'DELETE', path: '/api/images/x', load: () => import('./images/[id]/route'), file: 'images/[id]', runs: 400,
    // Mostly ids of nothing; the seeded ones answer 403 (protected, public, another project's) or go once.
    input: fc.record({ params: paramsOf({ id: idField([S.images.protectedImage, S.images.debian12, S.images.altImage, S.images.web1Snapshot]) }) }),
    check: pathIdIs('images', 'id'),
  },
  {
    name: 'POST /api/images/bulk-delete', method: 'POST', path: '/api/images/bulk-delete', load: () => import('./images/bulk-delete/route'), file: 'images/bulk-delete', runs: 400,
    input: fc.record({
      body: jsonBody({
        ids: {
          good: fc.uniqueArray(fc.oneof(fc.constantFrom(S.images.protectedImage, S.images.debian12, S.images.altImage), fc.uuid()), { minLength: 1, maxLength: 4 }),
          any: fc.oneof(
            { weight: 6, arbitrary: fc.array(idish([S.images.protectedImage, S.images.debian12]), { maxLength: 4 }) },
            // At the limit (100 deletes) now and then, over it more often.
            { weight: 1, arbitrary: fc.uniqueArray(fc.uuid(), { minLength: 100, maxLength: 100 }) },
            { weight: 2, arbitrary: fc.uniqueArray(fc.uuid(), { minLength: 101, maxLength: 102 }) },
            { weight: 1, arbitrary: fc.uuid().map((u) => [u, u]) },
            { weight: 2, arbitrary: oddString },
            { weight: 2, arbitrary: wrongType },
          ),
        },
      }),
    }),
  },
  // ---- sharing and retiring (issue 15)
  {
    name: 'GET /api/images/{id}/members', method: 'GET', path: '/api/images/x/members', load: () => import('./images/[id]/members/route'), file: 'images/[id]/members', runs: 200,
    input: fc.record({ params: paramsOf({ id: imageParam }) }),
    check: pathIdIs('images', 'id'),
  },
  {
    name: 'POST /api/images/{id}/members', method: 'POST', path: '/api/images/x/members', load: () => import('./images/[id]/members/route'), file: 'images/[id]/members', runs: 300,
    input: paramsAndBody({ id: idField([S.images.template, S.images.debian12, S.images.altImage, S.images.protectedImage]) }, {
      projectId: field(fc.oneof(fc.constantFrom(...seededProjects), fc.uuid(), fc.uuid().map((u) => u.replace(/-/g, '')), fc.constantFrom('x'.repeat(32), `${S.projects.altDemo}/../x`))),
    }),
    check: all(pathIdIs('images', 'id'), (input, _out, up) => {
      const asked = String(bodyOf(input)?.projectId ?? '').replace(/-/g, '').toLowerCase();
      return up.sent.filter((o) => o.method === 'POST' && o.url.includes('/members')).flatMap((o) =>
        (JSON.parse(o.body ?? '{}') as { member?: string }).member === asked ? [] : [`Glance was asked to add ${o.body}, not ${asked}`]);
    }),
  },
  {
    name: 'DELETE /api/images/{id}/members/{projectId}', method: 'DELETE', path: '/api/images/x/members/y', load: () => import('./images/[id]/members/[projectId]/route'), file: 'images/[id]/members/[projectId]', runs: 200,
    input: fc.record({ params: paramsOf({ id: imageParam, projectId: { good: fc.constantFrom(...seededProjects), any: fc.oneof(fc.constantFrom(...seededProjects), oddString, fc.constant('../x')) } }) }),
    check: pathIdIs('images', 'id'),
  },
  {
    name: 'PUT /api/images/{id}/membership', method: 'PUT', path: '/api/images/x/membership', load: () => import('./images/[id]/membership/route'), file: 'images/[id]/membership', runs: 200,
    input: paramsAndBody({ id: imageParam }, { status: field(fc.constantFrom('accepted', 'rejected', 'pending', 'ACCEPTED', 'maybe')) }),
    check: pathIdIs('images', 'id'),
  },
  {
    name: 'PATCH /api/images/{id}/flag', method: 'PATCH', path: '/api/images/x/flag', load: () => import('./images/[id]/flag/route'), file: 'images/[id]/flag', runs: 300,
    input: paramsAndBody({ id: idField([S.images.template, S.images.debian12, S.images.altImage]) }, {
      flag: field(fc.constantFrom('hidden', 'protected', 'visibility', 'os_hidden')),
      value: field(fc.boolean()),
    }),
    check: all(pathIdIs('images', 'id'), (input, _out, up) => {
      const body = bodyOf(input);
      const ok = body && ['hidden', 'protected'].includes(body.flag as string) && typeof body.value === 'boolean' && Object.keys(body).length === 2;
      return up.log.some((e) => e.method === 'PATCH') && !ok ? ['a Glance PATCH for a body the route should refuse'] : [];
    }),
  },
  {
    name: 'POST /api/images/bulk-flag', method: 'POST', path: '/api/images/bulk-flag', load: () => import('./images/bulk-flag/route'), file: 'images/bulk-flag', runs: 200,
    input: fc.record({
      body: jsonBody({
        ids: field(fc.uniqueArray(fc.oneof(fc.constantFrom(S.images.template, S.images.debian12, S.images.altImage), fc.uuid()), { minLength: 1, maxLength: 3 })),
        flag: field(fc.constantFrom('hidden', 'protected', 'name')),
        value: field(fc.boolean()),
      }),
    }),
  },
  {
    name: 'POST /api/images/enable-agent', method: 'POST', path: '/api/images/enable-agent', load: () => import('./images/enable-agent/route'), file: 'images/enable-agent', runs: 150,
    input: fc.record({ body: jsonBody({}) }),
  },
  {
    name: 'POST /api/servers/{id}/snapshots', method: 'POST', path: '/api/servers/x/snapshots', load: () => import('./servers/[id]/snapshots/route'), file: 'servers/[id]/snapshots', runs: 500,
    input: paramsAndBody({ id: serverParam }, { name: field(textish), metadata: field(fc.dictionary(textish, textish, { maxKeys: 3 })) }, ['metadata']),
    check: pathIdIs('servers', 'id'),
  },
  {
    name: 'POST /api/servers/{id}/backup', method: 'POST', path: '/api/servers/x/backup', load: () => import('./servers/[id]/backup/route'), file: 'servers/[id]/backup', runs: 500,
    input: paramsAndBody({ id: serverParam }, {
      name: field(textish),
      backupType: field(fc.oneof(fc.constantFrom('daily', 'weekly'), textish)),
      rotation: { good: fc.integer({ min: 1, max: 30 }), any: fc.oneof(edgeNumber, edgeNumberString, oddString, wrongType) },
    }),
    check: pathIdIs('servers', 'id'),
  },
  {
    name: 'POST /api/launch', method: 'POST', path: '/api/launch', load: () => import('./launch/route'), file: 'launch', runs: 700,
    input: fc.record({
      body: jsonBody({
        name: field(textish),
        // A few real sources boot servers; most are ids of nothing, refused by Nova.
        sourceId: { good: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(S.images.template, S.images.debian12) }, { weight: 2, arbitrary: fc.uuid() }), any: idish([ABSENT_UUID]) },
        flavorId: field(fc.oneof({ weight: 3, arbitrary: fc.constantFrom('d2-2', 's1-2') }, { weight: 1, arbitrary: fc.constantFrom('nope', '../d2-2', 'd2-2/../..', 'd2-2?x=1') }, { weight: 1, arbitrary: textish })),
        network: { good: fc.oneof(fc.constantFrom('auto', 'none', ...seededNetworks), fc.uuid()), any: fc.oneof(fc.constantFrom('AUTO', '', 'auto '), idish(seededNetworks), wrongType) },
        keyName: field(fc.oneof({ weight: 3, arbitrary: fc.constantFrom('demo-key', '') }, { weight: 1, arbitrary: textish })),
        // Nova's zone, an unknown one, and its legacy zone:host:node forms.
        availabilityZone: field(fc.oneof({ weight: 4, arbitrary: fc.constant('nova') }, { weight: 2, arbitrary: fc.constantFrom('real', 'nova:', 'nova:localcloud', '::x', 'a:b:c:d') }, { weight: 1, arbitrary: textish })),
        count: { good: fc.integer({ min: 1, max: 10 }), any: fc.oneof(edgeNumber, edgeNumberString, wrongType) },
        installAgent: field(fc.boolean()),
        userData: field(fc.oneof(fc.constantFrom('', '#cloud-config\npackages: [htop]\n', '#!/bin/sh\necho hi\n', '#cloud-config\n: : :\n', 'Content-Type: multipart/mixed', 'x'.repeat(49_150)), textish)),
      }, ['keyName', 'availabilityZone', 'installAgent', 'userData']),
    }),
    // The siblings of a multiple create are looked up by the name given, taken literally.
    check: (input, _out, up) => {
      const name = bodyOf(input)?.name;
      return novaNameIs(typeof name === 'string' ? name.trim() : undefined, up);
    },
  },
  {
    name: 'GET /api/schedules', method: 'GET', path: '/api/schedules', load: () => import('./schedules/route'), file: 'schedules', runs: 150,
    input: queryOf({ instance: idField(seededServers) }),
  },
  { name: 'GET /api/schedules/health', method: 'GET', path: '/api/schedules/health', load: () => import('./schedules/health/route'), file: 'schedules/health', runs: 60, input: junkQuery },
  {
    name: 'POST /api/schedules', method: 'POST', path: '/api/schedules', load: () => import('./schedules/route'), file: 'schedules', runs: 400,
    input: fc.record({ body: jsonBody({ schedules: { good: fc.array(scheduleDraft, { minLength: 1, maxLength: 3 }), any: fc.oneof(fc.array(scheduleDraft, { maxLength: 5 }), oddString, wrongType) } }) }),
  },
  {
    name: 'PUT /api/schedules/{id}', method: 'PUT', path: '/api/schedules/x', load: () => import('./schedules/[id]/route'), file: 'schedules/[id]', runs: 200,
    input: fc.record({ params: paramsOf({ id: scheduleParam }), body: scheduleDraft.map((json) => ({ json })) }),
  },
  {
    name: 'PATCH /api/schedules/{id}', method: 'PATCH', path: '/api/schedules/x', load: () => import('./schedules/[id]/route'), file: 'schedules/[id]', runs: 150,
    input: paramsAndBody({ id: scheduleParam }, { enabled: field(fc.boolean()) }),
  },
  {
    name: 'DELETE /api/schedules/{id}', method: 'DELETE', path: '/api/schedules/x', load: () => import('./schedules/[id]/route'), file: 'schedules/[id]', runs: 150,
    input: fc.record({ params: paramsOf({ id: scheduleParam }) }),
  },
  {
    name: 'GET /api/schedules/{id}/runs', method: 'GET', path: '/api/schedules/x/runs', load: () => import('./schedules/[id]/runs/route'), file: 'schedules/[id]/runs', runs: 150,
    input: fc.tuple(paramsOf({ id: scheduleParam }), queryOf({ marker: idField([]) })).map(([params, q]) => ({ params, ...q })),
  },
  {
    name: 'POST /api/schedules/{id}/runs', method: 'POST', path: '/api/schedules/x/runs', load: () => import('./schedules/[id]/runs/route'), file: 'schedules/[id]/runs', runs: 150,
    input: fc.record({ params: paramsOf({ id: scheduleParam }) }),
  },
  {
    name: 'POST /api/schedules/workflow', method: 'POST', path: '/api/schedules/workflow', load: () => import('./schedules/workflow/route'), file: 'schedules/workflow', runs: 100,
    input: fc.record({ body: jsonBody({ name: field(fc.constantFrom('snapdeck_backup_v1', 'snapdeck_backup_nova_v1', 'snapdeck_backup_v2', '../x')) }) }),
  },
  {
    // Sign-in: signed out, through the same pipeline; failures are throttled (429) after a few.
    name: 'POST /api/auth/login', method: 'POST', path: '/api/auth/login', load: () => import('./auth/login/route'), file: 'auth/login', runs: 300,
    input: fc.record({
      body: jsonBody({
        username: field(fc.constantFrom('demo', 'alt', 'nobody')),
        password: field(fc.constantFrom('demo', 'alt', 'wrong')),
        domain: field(fc.constantFrom('Default', 'default', 'Nope')),
        project: field(fc.constantFrom('demo', 'alt-demo', '', 'admin')),
      }, ['project']),
    }),
    check: (input, out) => {
      const b = bodyOf(input);
      const good = (b?.username === 'demo' && b.password === 'demo') || (b?.username === 'alt' && b.password === 'alt');
      return out.status === 200 && !good ? [`signed in with ${JSON.stringify(b).slice(0, 120)}`] : [];
    },
  },
  {
    // Sign-out last: it revokes the session's token.
    name: 'POST /api/auth/logout', method: 'POST', path: '/api/auth/logout', load: () => import('./auth/logout/route'), file: 'auth/logout', runs: 50, redirects: true,
    input: junkQuery,
    check: (_input, out) => (out.status === 303 ? [] : [`sign-out answered ${out.status}`]),
  },
];

// ---------------------------------------------------------------- the run

interface Tally { runs: number; reached: number; fiveXX: number; messages: Map<number, Set<string>>; statuses: Map<number, number>; problems: Map<string, { count: number; example: string }> }
const tallies = new Map<string, Tally>();
const runsOf = (route: RouteCase) => Math.max(1, Math.round(route.runs * Number(process.env.FUZZ_SCALE ?? 1)));

/** The cloud's request log after `seq` (read from the end: the log holds up to 20,000). */
function logSince(seq: number): RequestLogEntry[] {
  const log = cloud.state.requestLog;
  let i = log.length;
  while (i > 0 && log[i - 1]!.seq > seq) i--;
  return log.slice(i);
}

/** An input in a few hundred characters, for the report. */
function describeInput(input: FuzzInput): string {
  return JSON.stringify(input, (_k, v: unknown) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 40)}…(${v.length} chars)` : v)).slice(0, 400);
}

const NOT_FUZZED: string[] = [];

it('has generated inputs for every handler of every route under app/api', async () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const folders = fs.readdirSync(here, { recursive: true, encoding: 'utf8' })
    .filter((f) => path.basename(f) === 'route.ts')
    .map((f) => path.dirname(f).split(path.sep).join('/'))
    .filter((f) => !NOT_FUZZED.includes(f));
  const handlers: string[] = [];
  for (const folder of folders) {
    const mod = (await import(/* @vite-ignore */ path.join(here, folder, 'route.ts'))) as Record<string, unknown>;
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) if (typeof mod[method] === 'function') handlers.push(`${method} ${folder}`);
  }
  expect(handlers.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.file}`).sort());
});

describe.each(ROUTES.filter((r) => r.name.includes(process.env.FUZZ_ONLY ?? '')))('$name', (route) => {
  it(`answers 2xx or a JSON 4xx and sends nothing malformed upstream (${runsOf(route)} inputs)`, { timeout: 120_000 }, async () => {
    if (route.fresh) await freshCloud();
    // Each route starts signed in to demo in RegionOne (the switch routes move the session).
    else if (session?.project.id !== S.projects.demo || session.region !== 'RegionOne') await signInFresh();
    const mod = await route.load();
    const handler = mod[route.method] as Handler;
    const tally: Tally = { runs: 0, reached: 0, fiveXX: 0, messages: new Map(), statuses: new Map(), problems: new Map() };
    tallies.set(route.name, tally);

    // Problems are gathered rather than thrown, so that a run counts every 5xx and reports
    // each kind of problem with its first input, instead of stopping at the first one.
    await fc.assert(fc.asyncProperty(route.input, async (input) => {
      const seq = cloud.state.requestLog.at(-1)?.seq ?? 0;
      outbound = [];
      const before = ended;
      const savedBefore = saved.length;
      const out = await call(route.method, route.path, handler, input);
      // Calls a failing Promise.all left behind still count for this input.
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      const up: Upstream = { log: logSince(seq), sent: outbound };
      const problems = [...answerProblems(out, route.method, route.redirects), ...upstreamProblems(up), ...(route.check?.(input, out, up) ?? [])];
      // GET never changes anything: a GET route sends only GETs upstream (Nova's console
      // output is the one read that Nova's API makes a POST action: os-getConsoleOutput).
      const readsByPost = route.file === 'servers/[id]/console';
      if (route.method === 'GET' && !readsByPost) for (const e of up.log) if (e.method !== 'GET' && e.method !== 'HEAD') problems.push(`a GET route sent ${e.method} ${e.path.slice(0, 80)}`);
      if (ended !== before && out.status !== 401 && !route.redirects) problems.push(`ended the session but answered ${out.status}`);
      for (const s of saved.slice(savedBefore)) if (!sessionDataSchema.safeParse(s).success) problems.push('saved a malformed session');
      tally.runs++;
      if (up.log.length) tally.reached++;
      const message = (out.json as { error?: { message?: string } } | undefined)?.error?.message;
      if (message && up.log.length) tally.messages.set(out.status, (tally.messages.get(out.status) ?? new Set()).add(message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '<uuid>').slice(0, 140)));
      tally.statuses.set(out.status, (tally.statuses.get(out.status) ?? 0) + 1);
      if (out.status >= 500) tally.fiveXX++;
      for (const p of problems) {
        const key = p.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '<uuid>');
        const seen = tally.problems.get(key);
        if (seen) seen.count++;
        else tally.problems.set(key, { count: 1, example: describeInput(input) });
      }
      // A 401 means the session went: sign in again so that the next inputs are tested signed in.
      if (out.status === 401) await signInFresh();
    }), { numRuns: runsOf(route), seed: Number(process.env.FUZZ_SEED ?? 20_260_510) });

    const report = [...tally.problems].map(([p, { count, example }]) => `${p} (×${count}), e.g. ${example}`);
    expect(report, `${route.name}: problems`).toEqual([]);
    expect(tally.runs).toBe(runsOf(route));
  });
});

afterAll(() => {
  const rows = [...tallies].map(([name, t]) => {
    const statuses = [...t.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    const messages = process.env.FUZZ_DEBUG ? [...t.messages].map(([st, m]) => `\n      ${st}: ${[...m].slice(0, 6).join(' | ')}`).join('') : '';
    return `  ${name.padEnd(42)} ${String(t.runs).padStart(5)} inputs, ${String(t.reached).padStart(4)} reached the cloud  5xx: ${t.fiveXX}  [${statuses}]${messages}`;
  });
  const runs = [...tallies.values()].reduce((n, t) => n + t.runs, 0);
  const fiveXX = [...tallies.values()].reduce((n, t) => n + t.fiveXX, 0);
  console.log(`route fuzzing: ${runs} inputs in all, ${fiveXX} answers 5xx\n${rows.join('\n')}`);
});
