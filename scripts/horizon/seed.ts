// The servers of `npm run bench:horizon`: project demo of the Zed cloud holds exactly N servers,
// the bench's own ones marked with metadata so that it deletes only what it created. All
// through lib/openstack, the client Snapdeck uses (no `openstack` CLI start-up per call).
import { z } from 'zod';
import type { Connection } from '../../lib/openstack/client';
import { request } from '../../lib/openstack/http';
import { endpointsFor } from '../../lib/openstack/identity/catalog';
import { issueToken } from '../../lib/openstack/identity/tokens';
import { negotiateComputeMicroversion } from '../../lib/openstack/compute/version';
import { createServer, deleteServer, listAllServers, type Server } from '../../lib/openstack/compute/servers';
import { listImages } from '../../lib/openstack/image/images';
import { OpenStackError } from '../../lib/openstack/errors';

/** Marks the bench's servers: the only ones it ever deletes. */
export const BENCH_TAG = { key: 'snapdeck_bench', value: 'horizon' } as const;
export const BENCH_FLAVOR = 's1-2';
/** Two boot images (bootstrap.py's seed), alternating, so the page's Glance look-up asks for two ids. */
const BOOT_IMAGES = ['Debian 12', 'debian12-agent-template'];
/** Nova multi-create batch (createServerOptsSchema allows 10). */
const BATCH = 10;

export interface ZedLogin {
  authUrl: string;
  username: string;
  password: string;
  project: string;
}

export async function connect(login: ZedLogin): Promise<Connection & { projectId: string }> {
  const token = await issueToken(login.authUrl, {
    username: login.username, password: login.password, userDomainName: 'Default', projectName: login.project, projectDomainName: 'Default',
  });
  const endpoints = endpointsFor(token.catalog, { region: 'RegionOne', interface: 'public', authUrl: login.authUrl });
  const computeMicroversion = await negotiateComputeMicroversion({ token: token.tokenId, computeUrl: endpoints.compute });
  return { token: token.tokenId, endpoints, computeMicroversion, projectId: token.project!.id };
}

export const isOurs = (s: Server) => s.metadata[BENCH_TAG.key] === BENCH_TAG.value;

/** Polls `check` (every `everyMs`) until it returns a value, or fails after `seconds`. */
export async function waitFor<T>(what: string, seconds: number, check: () => Promise<T | undefined>, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// ---------------------------------------------------------------- quota

const quotaSetSchema = z.looseObject({ quota_set: z.looseObject({ instances: z.number(), cores: z.number(), ram: z.number() }) });
const QUOTA_KEYS = ['instances', 'cores', 'ram'] as const;
/** The quota the bench sets for `servers` of its flavor (s1-2: 1 vCPU, 2000 MB), with room for
 * servers others keep in the project. */
const benchQuota = (servers: number) => ({ instances: servers + 50, cores: servers + 50, ram: (servers + 50) * 2000 });

/**
 * Raises Nova's quota of the project (as an admin) where `servers` would not fit: [quota] in
 * nova.conf allows 100 instances and 200 cores. True when the project's quota is the bench's,
 * raised now or by an earlier run that was interrupted: resetQuota then puts it back.
 */
export async function ensureQuota(admin: Connection, projectId: string, servers: number): Promise<boolean> {
  const path = `/os-quota-sets/${projectId}`;
  const now = (await request(admin, { service: 'compute', method: 'GET', path, ok: [200], parse: quotaSetSchema })).data.quota_set;
  const want = benchQuota(servers);
  const raise = Object.fromEntries(QUOTA_KEYS.filter((k) => now[k] >= 0 && now[k] < want[k]).map((k) => [k, want[k]]));
  if (Object.keys(raise).length === 0) return QUOTA_KEYS.some((k) => now[k] === want[k]);
  await request(admin, { service: 'compute', method: 'PUT', path, json: { quota_set: raise }, ok: [200], parse: 'none' });
  console.log(`quota: raised ${Object.entries(raise).map(([k, v]) => `${k} ${now[k as keyof typeof now]} → ${v}`).join(', ')} in project demo (reset at the end)`);
  return true;
}

/** Drops the project's own quota: back to nova.conf's [quota] defaults, as scripts/zed-cloud/up left it. */
export async function resetQuota(admin: Connection, projectId: string): Promise<void> {
  await request(admin, { service: 'compute', method: 'DELETE', path: `/os-quota-sets/${projectId}`, ok: [202, 204], parse: 'none' });
}

// ---------------------------------------------------------------- servers

/**
 * Makes project demo hold exactly `total` servers, all ACTIVE: creates (or deletes) the bench's
 * own servers only. Fails when the project's other servers alone are more than `total`.
 */
export async function ensureServers(conn: Connection, total: number): Promise<{ created: number; deleted: number; others: number; seconds: number }> {
  const t0 = performance.now();
  const all = await listAllServers(conn);
  const ours = all.filter(isOurs);
  const others = all.length - ours.length;
  if (others > total) {
    throw new Error(`project demo has ${others} servers the bench did not create; it needs exactly ${total} in all. Delete some, or run on a fresh cloud.`);
  }
  const wanted = total - others;
  let created = 0;
  let deleted = 0;
  if (ours.length > wanted) {
    const extra = ours.slice(0, ours.length - wanted);
    await deleteServers(conn, extra);
    deleted = extra.length;
  }
  if (ours.length < wanted) {
    const imageIds = await bootImageIds(conn);
    const stamp = Date.now().toString(36);
    for (let batch = 0; created < wanted - ours.length; batch++) {
      const count = Math.min(BATCH, wanted - ours.length - created);
      await createServer(conn, {
        name: `bench-${stamp}-${String(batch).padStart(2, '0')}`,
        imageRef: imageIds[batch % imageIds.length]!,
        flavorRef: BENCH_FLAVOR,
        networks: 'none',
        metadata: { [BENCH_TAG.key]: BENCH_TAG.value },
        count,
      });
      created += count;
    }
  }
  // A fake-driver boot took 1.5 s per server on an idle 2-core machine, 6 s under a load of 10
  await waitActive(conn, total, 120 + 10 * created);
  return { created, deleted, others, seconds: (performance.now() - t0) / 1000 };
}

async function bootImageIds(conn: Connection): Promise<string[]> {
  const ids: string[] = [];
  for (const name of BOOT_IMAGES) {
    const found = (await listImages(conn, { name, limit: 1 })).images[0];
    if (!found) throw new Error(`image "${name}" not found in the Zed cloud: run scripts/zed-cloud/up (it seeds it)`);
    ids.push(found.id);
  }
  return ids;
}

/** `total` servers in the project and every one of the bench's ACTIVE; fails on the first ERROR. */
async function waitActive(conn: Connection, total: number, seconds: number): Promise<void> {
  let shown = Date.now();
  await waitFor(`${total} servers in project demo, the bench's ACTIVE`, seconds, async () => {
    const all = await listAllServers(conn);
    const ours = all.filter(isOurs);
    const failed = ours.find((s) => s.status === 'ERROR');
    if (failed) throw new Error(`server ${failed.name} went to ERROR: ${failed.fault?.message ?? 'no fault given'}`);
    const active = ours.filter((s) => s.status === 'ACTIVE').length;
    const done = active === ours.length && all.length === total;
    if (!done && Date.now() - shown > 15_000) {
      console.log(`  ${active}/${ours.length} of the bench's servers ACTIVE, ${all.length} in the project`);
      shown = Date.now();
    }
    return done ? true : undefined;
    // every 5 s: a list of 200 servers costs Nova's one API worker about a second of CPU
  }, 5000);
}

/** Deletes every server the bench created and waits until Nova lists none of them. */
export async function deleteOurServers(conn: Connection): Promise<number> {
  const ours = (await listAllServers(conn)).filter(isOurs);
  await deleteServers(conn, ours);
  return ours.length;
}

/** Deletes the servers (one already gone is fine) and waits until Nova lists none of them. */
async function deleteServers(conn: Connection, servers: readonly Server[]): Promise<void> {
  if (servers.length === 0) return;
  for (const s of servers) {
    await deleteServer(conn, s.id).catch((err: unknown) => {
      if (!(err instanceof OpenStackError && err.is(404))) throw err;
    });
  }
  // nova-compute ends them one at a time: 1.5 s each on an idle 2-core machine, 7 s under load
  let shown = Date.now();
  await waitFor(`${servers.length} deleted servers to go`, 120 + 10 * servers.length, async () => {
    const listed = new Set((await listAllServers(conn)).map((s) => s.id));
    const left = servers.filter((s) => listed.has(s.id)).length;
    if (left > 0 && Date.now() - shown > 15_000) {
      console.log(`  ${left} of ${servers.length} deleted servers still listed`);
      shown = Date.now();
    }
    return left === 0 ? true : undefined;
  }, 5000);
}
