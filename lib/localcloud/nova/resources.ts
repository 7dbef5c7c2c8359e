// Flavors, key pairs and limits: the read-only resources a dashboard needs to launch
// servers and show quota use.
import type { Hono } from 'hono';
import { z } from 'zod';
import type { CloudContext } from '../context';
import { novaFault } from '../errors';
import type { NovaContext, NovaEnv } from './common';
import { atLeast } from './microversion';
import { collectionLinks, last, limitParam, pageAfter, pageSize, stringParam } from './paging';
import { notOneOf, queryLists, validate } from './validation';
import { flavorView } from './views';
import { computeRoot } from '../regions';
import type { CloudState, Flavor, Keypair } from '../state/state';

/** Nova's default quotas ([quota] section), as GET /limits reports them. */
export const QUOTAS = {
  instances: 10,
  cores: 20,
  ram: 51200,
  metadataItems: 128,
  keyPairs: 100,
  serverGroups: 10,
  serverGroupMembers: 10,
} as const;

/** What counts against the quota: every server of the project not yet deleted. */
export function projectUsage(state: CloudState, projectId: string): { instances: number; cores: number; ram: number } {
  let instances = 0;
  let cores = 0;
  let ram = 0;
  for (const s of state.data.servers) {
    if (s.deleted || s.projectId !== projectId) continue;
    instances++;
    cores += s.flavor.vcpus;
    ram += s.flavor.ram;
  }
  return { instances, cores, ram };
}

// ---------------------------------------------------------------- flavors

const FLAVOR_SORT_KEYS = ['created_at', 'description', 'disabled', 'ephemeral_gb', 'flavorid', 'id', 'is_public', 'memory_mb', 'name', 'root_gb', 'rxtx_factor', 'swap', 'updated_at', 'vcpu_weight', 'vcpus'] as const;
const SORT_DIRS = ['asc', 'desc', 'ASC', 'DESC'] as const;

const buildFlavorQuery = (strict: boolean) => {
  const shape = {
    limit: limitParam,
    marker: stringParam,
    is_public: stringParam,
    minRam: stringParam,
    minDisk: stringParam,
    sort_key: z.array(z.enum(FLAVOR_SORT_KEYS, notOneOf(FLAVOR_SORT_KEYS))).optional(),
    sort_dir: z.array(z.enum(SORT_DIRS, notOneOf(SORT_DIRS))).optional(),
  };
  // From 2.75 unknown query parameters are refused (flavors index_query_275).
  return strict ? z.strictObject(shape) : z.looseObject(shape);
};
// Built once: zod compiles an object schema on its first parse.
const FLAVOR_QUERY = { loose: buildFlavorQuery(false), strict: buildFlavorQuery(true) };
const KEYPAIR_QUERY = z.looseObject({ user_id: stringParam, limit: limitParam, marker: stringParam });

const flavorSortValue = (f: Flavor, key: string): string | number | boolean | null => {
  switch (key) {
    case 'name': return f.name;
    case 'memory_mb': return f.ram;
    case 'vcpus': return f.vcpus;
    case 'root_gb': return f.disk;
    case 'ephemeral_gb': return f.ephemeral;
    case 'swap': return f.swap;
    case 'rxtx_factor': return f.rxtxFactor;
    case 'is_public': return f.isPublic;
    case 'description': return f.description;
    case 'disabled': return false;
    default: return f.id; // flavorid, id, created_at, updated_at, vcpu_weight
  }
};

function listFlavors(cloud: CloudContext, c: NovaContext, detail: boolean): Response {
  const v = c.get('version');
  const q = validate(c, atLeast(v, '2.75') ? FLAVOR_QUERY.strict : FLAVOR_QUERY.loose, queryLists(c), 'query');
  if (!q.ok) return q.response;
  const size = pageSize(q.data.limit);
  if (size === 'invalid') return novaFault(c, 400, 'limit param must be an integer');
  const minRam = last(q.data.minRam);
  const minDisk = last(q.data.minDisk);
  if (minRam !== undefined && !/^\d+$/.test(minRam)) return novaFault(c, 400, `Invalid minRam filter [${minRam}]`);
  if (minDisk !== undefined && !/^\d+$/.test(minDisk)) return novaFault(c, 400, `Invalid minDisk filter [${minDisk}]`);
  // Non-admins see public flavors only; admins choose with is_public (default true, "none" = all).
  const isPublic = last(q.data.is_public);
  let wantPublic: boolean | null = true;
  if (c.get('auth').isAdmin && isPublic !== undefined) {
    if (isPublic.toLowerCase() === 'none') wantPublic = null;
    else if (/^(true|t|yes|y|on|1)$/i.test(isPublic)) wantPublic = true;
    else if (/^(false|f|no|n|off|0)$/i.test(isPublic)) wantPublic = false;
    else return novaFault(c, 400, `Invalid is_public filter [${isPublic}]`);
  }
  const key = last(q.data.sort_key) ?? 'flavorid';
  const dir = (last(q.data.sort_dir) ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
  const flavors = cloud.state.data.flavors
    .filter((f) => wantPublic === null || f.isPublic === wantPublic)
    .filter((f) => (minRam === undefined || f.ram >= Number(minRam)) && (minDisk === undefined || f.disk >= Number(minDisk)))
    .sort((a, b) => {
      const x = flavorSortValue(a, key);
      const y = flavorSortValue(b, key);
      return (x === y ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1) * dir;
    });
  const marker = last(q.data.marker);
  let after: ((f: Flavor) => boolean) | undefined;
  if (marker !== undefined) {
    const index = flavors.findIndex((f) => f.id === marker);
    if (index < 0) return novaFault(c, 400, `marker [${marker}] not found`);
    after = (f) => flavors.indexOf(f) > index;
  }
  const page = pageAfter(flavors, size, after);
  const body: Record<string, unknown> = { flavors: page.map((f) => flavorView(computeRoot(cloud), f, v, detail)) };
  const next = collectionLinks(c, computeRoot(cloud), detail ? 'flavors/detail' : 'flavors', page, size);
  if (next.length) body.flavors_links = next;
  return c.json(body);
}

// ---------------------------------------------------------------- key pairs

const keypairBrief = (k: Keypair, v: NovaContext) => ({
  name: k.name,
  public_key: k.publicKey,
  fingerprint: k.fingerprint,
  ...(atLeast(v.get('version'), '2.2') ? { type: k.type } : {}),
});

/** Keypairs have no uuid: the database id is shown, a small stable integer. */
const keypairDbId = (state: CloudState, k: Keypair) => state.data.keypairs.indexOf(k) + 1;

export function resourceRoutes(cloud: CloudContext, app: Hono<NovaEnv>): void {
  const { state } = cloud;

  app.get('/v2.1/flavors', (c) => listFlavors(cloud, c, false));
  app.get('/v2.1/flavors/detail', (c) => listFlavors(cloud, c, true));
  app.get('/v2.1/flavors/:id', (c) => {
    const f = state.flavor(c.req.param('id'));
    if (!f || (!f.isPublic && !c.get('auth').isAdmin)) return novaFault(c, 404, `Flavor ${c.req.param('id')} could not be found.`);
    return c.json({ flavor: flavorView(computeRoot(cloud), f, c.get('version'), true) });
  });

  // Flavor extra specs (openstacksdk reads them for `openstack flavor list`).
  const visibleFlavor = (c: NovaContext) => {
    const f = state.flavor(c.req.param('id') ?? '');
    return f && (f.isPublic || c.get('auth').isAdmin) ? f : null;
  };
  app.get('/v2.1/flavors/:id/os-extra_specs', (c) => {
    const f = visibleFlavor(c);
    if (!f) return novaFault(c, 404, `Flavor ${c.req.param('id')} could not be found.`);
    return c.json({ extra_specs: { ...f.extraSpecs } });
  });
  app.get('/v2.1/flavors/:id/os-extra_specs/:key', (c) => {
    const f = visibleFlavor(c);
    if (!f) return novaFault(c, 404, `Flavor ${c.req.param('id')} could not be found.`);
    const key = c.req.param('key');
    const value = f.extraSpecs[key];
    if (value === undefined) return novaFault(c, 404, `Flavor ${f.id} has no extra specs with key ${key}.`);
    return c.json({ [key]: value });
  });

  app.get('/v2.1/os-keypairs', (c) => {
    const v = c.get('version');
    const auth = c.get('auth');
    const q = validate(c, KEYPAIR_QUERY, queryLists(c), 'query');
    if (!q.ok) return q.response;
    // Admins may list another user's key pairs from 2.10.
    const userId = (auth.isAdmin && atLeast(v, '2.10') && last(q.data.user_id)) || auth.user.id;
    const mine = state.data.keypairs.filter((k) => k.userId === userId).sort((a, b) => (a.name < b.name ? -1 : 1));
    const paged = atLeast(v, '2.35');
    const size = paged ? pageSize(q.data.limit) : mine.length;
    if (size === 'invalid') return novaFault(c, 400, 'limit param must be an integer');
    const marker = paged ? last(q.data.marker) : undefined;
    if (marker !== undefined && !mine.some((k) => k.name === marker)) return novaFault(c, 400, `Marker ${marker} could not be found.`);
    const page = pageAfter(mine, size, marker === undefined ? undefined : (k) => k.name > marker);
    const body: Record<string, unknown> = { keypairs: page.map((k) => ({ keypair: keypairBrief(k, c) })) };
    const next = paged && q.data.limit !== undefined ? collectionLinks(c, computeRoot(cloud), 'os-keypairs', page.map((k) => ({ id: k.name })), size) : [];
    if (next.length) body.keypairs_links = next;
    return c.json(body);
  });

  app.get('/v2.1/os-keypairs/:name', (c) => {
    const auth = c.get('auth');
    const name = c.req.param('name');
    const userId = (auth.isAdmin && atLeast(c.get('version'), '2.10') && c.req.query('user_id')) || auth.user.id;
    const k = state.data.keypairs.find((x) => x.name === name && x.userId === userId);
    if (!k) return novaFault(c, 404, `Keypair ${name} not found for user ${userId}`);
    return c.json({
      keypair: {
        ...keypairBrief(k, c), user_id: k.userId, created_at: k.createdAt.replace(/Z$/, '.000000'),
        deleted: false, deleted_at: null, updated_at: null, id: keypairDbId(state, k),
      },
    });
  });

  app.get('/v2.1/limits', (c) => {
    const v = c.get('version');
    const used = projectUsage(state, c.get('auth').project!.id);
    // Each microversion drops what moved elsewhere: networks (2.36), image metadata
    // (2.39), personality (2.57).
    const absolute: Record<string, number> = {
      ...(!atLeast(v, '2.39') ? { maxImageMeta: 128 } : {}),
      ...(!atLeast(v, '2.57') ? { maxPersonality: 5, maxPersonalitySize: 10240 } : {}),
      ...(!atLeast(v, '2.36') ? { maxSecurityGroupRules: -1, maxSecurityGroups: -1 } : {}),
      maxServerMeta: QUOTAS.metadataItems,
      maxTotalCores: QUOTAS.cores,
      ...(!atLeast(v, '2.36') ? { maxTotalFloatingIps: -1 } : {}),
      maxTotalInstances: QUOTAS.instances,
      maxTotalKeypairs: QUOTAS.keyPairs,
      maxTotalRAMSize: QUOTAS.ram,
      maxServerGroups: QUOTAS.serverGroups,
      maxServerGroupMembers: QUOTAS.serverGroupMembers,
      totalCoresUsed: used.cores,
      totalInstancesUsed: used.instances,
      totalRAMUsed: used.ram,
      ...(!atLeast(v, '2.36') ? { totalSecurityGroupsUsed: 0, totalFloatingIpsUsed: 0 } : {}),
      totalServerGroupsUsed: 0,
    };
    return c.json({ limits: { absolute, rate: [] } });
  });
}
