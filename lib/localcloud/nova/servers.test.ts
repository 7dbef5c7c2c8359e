import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import detail21 from '@/lib/testing/fixtures/openstack/nova-servers-detail-2.1.json';
import detailLatest from '@/lib/testing/fixtures/openstack/nova-servers-detail-latest.json';
import showLatest from '@/lib/testing/fixtures/openstack/nova-server-show-snapshot-pending.json';
import createResp from '@/lib/testing/fixtures/openstack/nova-server-create-resp.json';
import versionDoc from '@/lib/testing/fixtures/openstack/nova-version-v2.1.json';
import versionsRoot from '@/lib/testing/fixtures/openstack/nova-versions-root.json';
import { SEED } from '../state/seed';
import type { LocalCloud } from '../server';
import { login, sortedKeys, testCloud, until } from '../test-helpers';
import { compute } from './test-kit';

let lc: LocalCloud;
let demo: string;

beforeEach(async () => {
  lc = testCloud();
  demo = await login(lc.app, 'demo', 'demo');
});
afterEach(async () => {
  await lc.dispose();
});

/** The admin-only extended attributes of the captures (made as admin). */
const ADMIN_ONLY = [
  'OS-EXT-SRV-ATTR:host', 'OS-EXT-SRV-ATTR:instance_name', 'OS-EXT-SRV-ATTR:hypervisor_hostname',
  'OS-EXT-SRV-ATTR:reservation_id', 'OS-EXT-SRV-ATTR:launch_index', 'OS-EXT-SRV-ATTR:kernel_id',
  'OS-EXT-SRV-ATTR:ramdisk_id', 'OS-EXT-SRV-ATTR:root_device_name', 'OS-EXT-SRV-ATTR:user_data', 'host_status',
];
const without = (keys: string[], drop: string[]) => keys.filter((k) => !drop.includes(k));

/** Boots a server with networks "none" (as capture nova-02) and waits until ACTIVE. */
async function bootNoNetwork(token: string, name = 'wire-vm'): Promise<string> {
  const r = await compute(lc.app, token, 'POST', '/v2.1/servers', {
    version: 'latest',
    body: { server: { name, imageRef: SEED.images.debian12, flavorRef: 's1-2', networks: 'none' } },
  });
  expect(r.status).toBe(202);
  const id = r.json.server.id as string;
  await until('ACTIVE', async () => (await compute(lc.app, token, 'GET', `/v2.1/servers/${id}`)).json.server.status === 'ACTIVE');
  return id;
}

describe('microversions and version documents', () => {
  it('serves the versions list and the v2.1 document without a token', async () => {
    for (const path of ['', '/']) {
      const root = await compute(lc.app, null, 'GET', path);
      expect(root.status).toBe(200);
      expect(root.json.versions.map(sortedKeys)).toEqual(versionsRoot.versions.map(sortedKeys));
      expect(root.json.versions[1]).toMatchObject({ id: 'v2.1', version: '2.93', min_version: '2.1' });
      expect(root.json.versions[1].links[0].href).toBe(`${lc.cloud.publicUrl}/compute/v2.1/`);
    }
    for (const path of ['/v2.1', '/v2.1/']) {
      const doc = await compute(lc.app, null, 'GET', path);
      expect(doc.status).toBe(200);
      expect(sortedKeys(doc.json.version)).toEqual(sortedKeys(versionDoc.version));
      expect(doc.json.version.version).toBe('2.93');
      expect(doc.headers.get('OpenStack-API-Version')).toBe('compute 2.1');
    }
  });

  it('negotiates from either header, the new one winning, and echoes the result with Vary', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, '2.1'],
      [{ 'X-OpenStack-Nova-API-Version': '2.47' }, '2.47'],
      [{ 'OpenStack-API-Version': 'compute 2.60' }, '2.60'],
      [{ 'OpenStack-API-Version': 'compute 2.60', 'X-OpenStack-Nova-API-Version': '2.3' }, '2.60'],
      [{ 'OpenStack-API-Version': 'image 2.5', 'X-OpenStack-Nova-API-Version': '2.3' }, '2.3'],
      [{ 'OpenStack-API-Version': 'compute latest' }, '2.93'],
    ];
    for (const [headers, expected] of cases) {
      const r = await compute(lc.app, demo, 'GET', '/v2.1/flavors', { headers });
      expect(r.status).toBe(200);
      expect(r.headers.get('OpenStack-API-Version')).toBe(`compute ${expected}`);
      expect(r.headers.get('X-OpenStack-Nova-API-Version')).toBe(expected);
      expect(r.headers.get('Vary')).toBe('OpenStack-API-Version, X-OpenStack-Nova-API-Version');
    }
  });

  it('answers 406 out of range and 400 for a malformed version, in Nova fault shapes', async () => {
    const high = await compute(lc.app, demo, 'GET', '/v2.1/servers', { version: '2.94' });
    expect(high.status).toBe(406);
    expect(high.json).toEqual({ computeFault: { code: 406, message: 'Version 2.94 is not supported by the API. Minimum is 2.1 and maximum is 2.93.' } });
    expect(high.headers.get('Content-Type')).toBe('application/json; charset=UTF-8');
    const low = await compute(lc.app, demo, 'GET', '/v2.1/servers', { version: '1.1' });
    expect(low.status).toBe(406);
    const bad = await compute(lc.app, demo, 'GET', '/v2.1/servers', { version: '2.x' });
    expect(bad.status).toBe(400);
    expect(bad.json.badRequest.message).toBe('API Version String 2.x is of invalid format. Must be of format MajorNum.MinorNum.');
  });

  it('echoes the version on errors, but a missing token is keystonemiddleware 401 without it', async () => {
    const missing = await compute(lc.app, demo, 'GET', '/v2.1/servers/7addfbc0-6f19-4f8b-a209-d9f8b0c1d851', { version: 'latest' });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ itemNotFound: { code: 404, message: 'Instance 7addfbc0-6f19-4f8b-a209-d9f8b0c1d851 could not be found.' } });
    expect(missing.headers.get('OpenStack-API-Version')).toBe('compute 2.93');
    expect(missing.headers.get('Vary')).toContain('X-OpenStack-Nova-API-Version');
    const anonymous = await compute(lc.app, null, 'GET', '/v2.1/servers/detail');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error).toMatchObject({ code: 401, title: 'Unauthorized' });
    expect(anonymous.headers.get('OpenStack-API-Version')).toBeNull();
  });
});

describe('server views', () => {
  it('matches the Zed captures key for key at 2.1 and 2.93, for admins (as captured) and members', async () => {
    const id = await bootNoNetwork(demo);
    const admin = await login(lc.app, 'admin', 'admin');
    const list21 = await compute(lc.app, admin, 'GET', '/v2.1/servers/detail?all_tenants=1', { version: '2.1' });
    const mine21 = list21.json.servers.find((s: { id: string }) => s.id === id);
    expect(sortedKeys(mine21)).toEqual(sortedKeys(detail21.servers[0]));
    expect(sortedKeys(mine21.flavor)).toEqual(['id', 'links']);

    const listLatest = await compute(lc.app, admin, 'GET', '/v2.1/servers/detail?all_tenants=1', { version: 'latest' });
    const mineLatest = listLatest.json.servers.find((s: { id: string }) => s.id === id);
    expect(sortedKeys(mineLatest)).toEqual(sortedKeys(detailLatest.servers[0]));
    expect(sortedKeys(mineLatest.flavor)).toEqual(sortedKeys(detailLatest.servers[0]!.flavor));

    const show = await compute(lc.app, admin, 'GET', `/v2.1/servers/${id}`, { version: 'latest' });
    expect(sortedKeys(show.json.server)).toEqual(sortedKeys(showLatest.server));

    const member = await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}`, { version: 'latest' });
    expect(sortedKeys(member.json.server)).toEqual(without(sortedKeys(showLatest.server), ADMIN_ONLY));
    const member21 = await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}`, { version: '2.1' });
    expect(sortedKeys(member21.json.server)).toEqual(without(sortedKeys(detail21.servers[0]), ADMIN_ONLY));
  });

  it('shows addresses, security groups and the derived status of the seeded servers', async () => {
    const r = await compute(lc.app, demo, 'GET', `/v2.1/servers/${SEED.servers.db1}`, { version: '2.93' });
    const s = r.json.server;
    expect(s.status).toBe('ACTIVE');
    expect(s.addresses['demo-private'][0]).toMatchObject({ version: 4, addr: '10.0.0.12', 'OS-EXT-IPS:type': 'fixed' });
    expect(s.addresses['demo-private'][0]['OS-EXT-IPS-MAC:mac_addr']).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);
    expect(s.security_groups).toEqual([{ name: 'default' }]);
    expect(s['OS-EXT-SRV-ATTR:hostname']).toBe('db-1'); // shown to members from 2.90
    expect(s.fault).toBeUndefined();
    const batch = await compute(lc.app, demo, 'GET', `/v2.1/servers/${SEED.servers.batch1}`);
    expect(batch.json.server).toMatchObject({ status: 'SHUTOFF', 'OS-EXT-STS:vm_state': 'stopped', 'OS-EXT-STS:power_state': 4 });
    expect(batch.json.server.progress).toBeUndefined(); // progress only for ACTIVE/BUILD/…
  });

  it('shows a fault only when the server is in ERROR', async () => {
    const s = lc.state.server(SEED.servers.web1)!;
    s.fault = { code: 500, message: 'boom', details: 'Traceback…', created: '2026-01-01T00:00:00Z' };
    expect((await compute(lc.app, demo, 'GET', `/v2.1/servers/${s.id}`)).json.server.fault).toBeUndefined();
    s.vmState = 'error';
    const r = await compute(lc.app, demo, 'GET', `/v2.1/servers/${s.id}`);
    expect(r.json.server.status).toBe('ERROR');
    // Details of a 500 fault are for admins only.
    expect(r.json.server.fault).toEqual({ code: 500, created: '2026-01-01T00:00:00Z', message: 'boom' });
  });

  it('hides other projects’ servers (404), including from lists', async () => {
    const r = await compute(lc.app, demo, 'GET', `/v2.1/servers/${SEED.servers.alt1}`);
    expect(r.status).toBe(404);
    expect(r.json.itemNotFound.message).toBe(`Instance ${SEED.servers.alt1} could not be found.`);
    const list = await compute(lc.app, demo, 'GET', '/v2.1/servers');
    expect(list.json.servers.map((s: { id: string }) => s.id)).not.toContain(SEED.servers.alt1);
    expect(list.json.servers).toHaveLength(6);
  });
});

describe('server lists', () => {
  const ids = (r: { json: { servers: { id: string }[] } }) => r.json.servers.map((s) => s.id);

  it('sorts by created_at desc by default and pages with limit/marker and a next link', async () => {
    const all = await compute(lc.app, demo, 'GET', '/v2.1/servers/detail');
    const { web1, db1, app1, legacy1, batch1, vol1 } = SEED.servers;
    expect(ids(all)).toEqual([batch1, app1, db1, web1, legacy1, vol1]);
    expect(all.json.servers_links).toBeUndefined();

    const first = await compute(lc.app, demo, 'GET', '/v2.1/servers/detail?limit=2&status=ACTIVE');
    expect(ids(first)).toEqual([app1, db1]);
    expect(first.json.servers_links).toEqual([
      { rel: 'next', href: `${lc.cloud.publicUrl}/compute/v2.1/servers/detail?limit=2&status=ACTIVE&marker=${db1}` },
    ]);
    const next = new URL(first.json.servers_links[0].href);
    const second = await compute(lc.app, demo, 'GET', `/v2.1/servers/detail${next.search}`);
    expect(ids(second)).toEqual([web1, legacy1]);
    expect(second.json.servers_links[0].href).toContain(`marker=${legacy1}`);
    const third = await compute(lc.app, demo, 'GET', `/v2.1/servers/detail?limit=2&status=ACTIVE&marker=${legacy1}`);
    // A short last page has no next link.
    expect(ids(third)).toEqual([vol1]);
    expect(third.json.servers_links).toBeUndefined();
  });

  it('refuses an unknown marker and a bad limit', async () => {
    const r = await compute(lc.app, demo, 'GET', '/v2.1/servers?marker=nope');
    expect(r.status).toBe(400);
    expect(r.json.badRequest.message).toBe('marker [nope] not found');
    const neg = await compute(lc.app, demo, 'GET', '/v2.1/servers?limit=-1');
    expect(neg.json.badRequest.message).toBe("Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'");
  });

  it('sorts by display_name both ways and by several keys', async () => {
    const asc = await compute(lc.app, demo, 'GET', '/v2.1/servers?sort_key=display_name&sort_dir=asc');
    expect(asc.json.servers.map((s: { name: string }) => s.name)).toEqual(['app-1', 'batch-1', 'db-1', 'legacy-1', 'vol-1', 'web-1']);
    const desc = await compute(lc.app, demo, 'GET', '/v2.1/servers?sort_key=display_name');
    expect(desc.json.servers.map((s: { name: string }) => s.name)).toEqual(['web-1', 'vol-1', 'legacy-1', 'db-1', 'batch-1', 'app-1']);
    const multi = await compute(lc.app, demo, 'GET', '/v2.1/servers?sort_key=vm_state&sort_dir=desc&sort_key=display_name&sort_dir=asc');
    expect(multi.json.servers.map((s: { name: string }) => s.name)).toEqual(['batch-1', 'app-1', 'db-1', 'legacy-1', 'vol-1', 'web-1']);
    const bad = await compute(lc.app, demo, 'GET', '/v2.1/servers?sort_key=nope');
    expect(bad.status).toBe(400);
    expect(bad.json.badRequest.message).toMatch(/^Invalid input for query parameters sort_key\. Value: nope\. 'nope' is not one of \[/);
  });

  it('filters by name as a case-insensitive regular expression, and by status', async () => {
    const r = await compute(lc.app, demo, 'GET', '/v2.1/servers?name=^(WEB|db)-');
    expect(r.json.servers.map((s: { name: string }) => s.name).sort()).toEqual(['db-1', 'web-1']);
    const off = await compute(lc.app, demo, 'GET', '/v2.1/servers?status=shutoff');
    expect(ids(off)).toEqual([SEED.servers.batch1]);
    const either = await compute(lc.app, demo, 'GET', '/v2.1/servers?status=SHUTOFF&status=ERROR');
    expect(ids(either)).toEqual([SEED.servers.batch1]);
    const bad = await compute(lc.app, demo, 'GET', '/v2.1/servers?status=sleepy', { version: '2.38' });
    expect(bad.status).toBe(400);
    expect(bad.json.badRequest.message).toBe('Invalid status value');
    // Before 2.38 an unknown status just matches nothing.
    const old = await compute(lc.app, demo, 'GET', '/v2.1/servers?status=sleepy', { version: '2.37' });
    expect(old.json.servers).toEqual([]);
  });

  it('applies the 2.83 filters from 2.83 only, and refuses unknown parameters from 2.75', async () => {
    const before = await compute(lc.app, demo, 'GET', '/v2.1/servers?vm_state=stopped', { version: '2.82' });
    expect(before.json.servers).toHaveLength(6);
    const after = await compute(lc.app, demo, 'GET', '/v2.1/servers?vm_state=stopped', { version: '2.83' });
    expect(ids(after)).toEqual([SEED.servers.batch1]);
    const keyed = await compute(lc.app, demo, 'GET', '/v2.1/servers?key_name=demo-key', { version: '2.83' });
    expect(ids(keyed)).toEqual([SEED.servers.web1]);
    const ignored = await compute(lc.app, demo, 'GET', '/v2.1/servers?flavour=big', { version: '2.74' });
    expect(ignored.status).toBe(200);
    const refused = await compute(lc.app, demo, 'GET', '/v2.1/servers?flavour=big', { version: '2.75' });
    expect(refused.status).toBe(400);
    expect(refused.json.badRequest.message).toBe("Additional properties are not allowed ('flavour' was unexpected)");
  });

  it('lists recently deleted servers with changes-since', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    expect((await compute(lc.app, demo, 'DELETE', `/v2.1/servers/${SEED.servers.web1}`)).status).toBe(204);
    await until('deleted', async () => (await compute(lc.app, demo, 'GET', `/v2.1/servers/${SEED.servers.web1}`)).status === 404);
    const plain = await compute(lc.app, demo, 'GET', '/v2.1/servers');
    expect(ids(plain)).not.toContain(SEED.servers.web1);
    const changes = await compute(lc.app, demo, 'GET', `/v2.1/servers/detail?changes-since=${encodeURIComponent(since)}`);
    expect(changes.json.servers).toHaveLength(1);
    expect(changes.json.servers[0]).toMatchObject({ id: SEED.servers.web1, status: 'DELETED' });
    const bad = await compute(lc.app, demo, 'GET', '/v2.1/servers?changes-since=yesterday');
    expect(bad.json.badRequest.message).toBe("Invalid input for query parameters changes-since. Value: yesterday. 'yesterday' is not a 'date-time'");
  });
});

describe('POST /servers', () => {
  const boot = (server: Record<string, unknown>, version = 'latest', token = demo) =>
    compute(lc.app, token, 'POST', '/v2.1/servers', { version, body: { server } });

  it('answers 202 as capture nova-02 and builds the server to ACTIVE', async () => {
    const r = await boot({ name: 'wire-vm', imageRef: SEED.images.debian12, flavorRef: 's1-2', networks: 'none' });
    expect(r.status).toBe(202);
    expect(sortedKeys(r.json.server)).toEqual(sortedKeys(createResp.server));
    expect(r.json.server.adminPass).toMatch(/^[2-9A-HJ-NP-Za-km-z]{12}$/);
    expect(r.headers.get('Location')).toBe(`${lc.cloud.publicUrl}/compute/v2.1/servers/${r.json.server.id}`);
    const building = (await compute(lc.app, demo, 'GET', `/v2.1/servers/${r.json.server.id}`)).json.server;
    expect(building).toMatchObject({ status: 'BUILD', 'OS-EXT-STS:vm_state': 'building', 'OS-SRV-USG:launched_at': null });
    const active = await until('ACTIVE', async () => {
      const s = (await compute(lc.app, demo, 'GET', `/v2.1/servers/${r.json.server.id}`)).json.server;
      return s.status === 'ACTIVE' ? s : undefined;
    });
    expect(active).toMatchObject({ 'OS-EXT-STS:power_state': 1, 'OS-EXT-STS:task_state': null, addresses: {} });
    expect(active['OS-SRV-USG:launched_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  });

  it('puts "auto" on the project’s own network and a network list on the networks named', async () => {
    const auto = await boot({ name: 'a', imageRef: SEED.images.debian12, flavorRef: 's1-2', networks: 'auto' });
    const listed = await boot({ name: 'b', imageRef: SEED.images.debian12, flavorRef: 's1-2', networks: [{ uuid: SEED.networks.extNet }] });
    for (const [r, net] of [[auto, 'demo-private'], [listed, 'Ext-Net']] as const) {
      const s = await until('addresses', async () => {
        const v = (await compute(lc.app, demo, 'GET', `/v2.1/servers/${r.json.server.id}`)).json.server;
        return v.status === 'ACTIVE' ? v : undefined;
      });
      expect(Object.keys(s.addresses)).toEqual([net]);
    }
    const addrs = lc.state.data.servers.filter((s) => !s.deleted).flatMap((s) => s.addresses.map((a) => a.addr));
    expect(new Set(addrs).size).toBe(addrs.length);
  });

  it('validates the body per microversion with Nova’s messages', async () => {
    const base = { name: 'x', imageRef: SEED.images.debian12, flavorRef: 's1-2' };
    const cases: [Record<string, unknown>, string, string][] = [
      [base, '2.37', `Invalid input for field/attribute server. Value: {'name': 'x', 'imageRef': '${SEED.images.debian12}', 'flavorRef': 's1-2'}. 'networks' is a required property`],
      [{ ...base, networks: 'auto' }, '2.36', "Invalid input for field/attribute networks. Value: auto. 'auto' is not of type 'array'"],
      [{ ...base, networks: 'some' }, '2.37', "Invalid input for field/attribute networks. Value: some. 'some' is not valid under any of the given schemas"],
      [{ ...base, name: '', networks: 'none' }, 'latest', "Invalid input for field/attribute name. Value: . '' is too short"],
      [{ ...base, name: ' x', networks: 'none' }, 'latest', "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace."],
      [{ ...base, imageRef: 'abc', networks: 'none' }, 'latest', "Invalid input for field/attribute imageRef. Value: abc. 'abc' is not valid under any of the given schemas"],
      [{ ...base, description: 'd' }, '2.18', "Invalid input for field/attribute server. Value: {'name': 'x', 'imageRef': '" + SEED.images.debian12 + "', 'flavorRef': 's1-2', 'description': 'd'}. Additional properties are not allowed ('description' was unexpected)"],
      [{ ...base, networks: 'none', metadata: { k: 'v'.repeat(256) } }, 'latest', `Invalid input for field/attribute k. Value: ${'v'.repeat(256)}. '${'v'.repeat(256)}' is too long`],
      [{ ...base, networks: 'none', user_data: 'not base64!' }, 'latest', "Invalid input for field/attribute user_data. Value: not base64!. 'not base64!' is not a 'base64'"],
      [{ ...base, networks: 'none', min_count: 0 }, 'latest', 'Invalid input for field/attribute min_count. Value: 0. 0 is less than the minimum of 1'],
    ];
    for (const [server, version, message] of cases) {
      const r = await boot(server, version);
      expect({ status: r.status, message: r.json?.badRequest?.message }).toEqual({ status: 400, message });
    }
    const malformed = await compute(lc.app, demo, 'POST', '/v2.1/servers', { body: '{"server": ' });
    expect(malformed.json).toEqual({ badRequest: { code: 400, message: 'Malformed request body' } });
  });

  it('refuses missing or unusable images, flavors, networks and key pairs', async () => {
    const base = { name: 'x', imageRef: SEED.images.debian12, flavorRef: 's1-2', networks: 'none' };
    const missing = '11111111-2222-4333-8444-555555555555';
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, imageRef: SEED.images.altImage }, `Image ${SEED.images.altImage} could not be found.`],
      [{ ...base, imageRef: missing }, `Image ${missing} could not be found.`],
      [{ ...base, flavorRef: 'm1.nope' }, 'Flavor m1.nope could not be found.'],
      [{ ...base, networks: [{ uuid: SEED.networks.altPrivate }] }, `Network ${SEED.networks.altPrivate} could not be found.`],
      [{ ...base, key_name: 'nokey' }, 'Invalid key_name provided.'],
    ];
    for (const [server, message] of cases) {
      const r = await boot(server);
      expect({ status: r.status, message: r.json?.badRequest?.message }).toEqual({ status: 400, message });
    }
    lc.state.image(SEED.images.template)!.minDisk = 20;
    const small = await boot({ ...base, imageRef: SEED.images.template });
    expect(small.json.badRequest.message).toBe(`Flavor's disk is too small for requested image. Flavor disk is ${10 * 1024 ** 3} bytes, minimum size is ${20 * 1024 ** 3} bytes.`);
    lc.state.image(SEED.images.template)!.minRam = 4096;
    const ram = await boot({ ...base, imageRef: SEED.images.template, flavorRef: 'b2-30' });
    expect(ram.status).toBe(202);
    const tiny = await boot({ ...base, imageRef: SEED.images.template, flavorRef: 'd2-2' });
    expect(tiny.json.badRequest.message).toBe("Flavor's memory is too small for requested image.");
    lc.state.image(SEED.images.template)!.status = 'queued';
    const queued = await boot({ ...base, imageRef: SEED.images.template });
    expect(queued.json.badRequest.message).toBe(`Image ${SEED.images.template} is not active.`);
  });

  it('enforces the instance quota with 403 as Nova words it', async () => {
    // demo has 6 servers (vol-1 among them); 4 more fit (cores: 4×1 + existing 9 ≤ 20), the 11th does not.
    const r = await boot({ name: 'many', imageRef: SEED.images.debian12, flavorRef: 's1-2', networks: 'none', min_count: 4, max_count: 4 });
    expect(r.status).toBe(202);
    expect(lc.state.data.servers.filter((s) => s.name.startsWith('many-'))).toHaveLength(4);
    const over = await boot({ name: 'one-more', imageRef: SEED.images.debian12, flavorRef: 's1-2', networks: 'none' });
    expect(over.status).toBe(403);
    expect(over.json).toEqual({ forbidden: { code: 403, message: 'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances' } });
  });

  it('records whether the guest gets the agent channel and runs the agent', async () => {
    const userData = Buffer.from('#cloud-config\npackages: [qemu-guest-agent]\n').toString('base64');
    const withUserData = await boot({ name: 'ud', imageRef: SEED.images.appTemplate, flavorRef: 'd2-4', networks: 'none', user_data: userData });
    const plain = await boot({ name: 'plain', imageRef: SEED.images.appTemplate, flavorRef: 'd2-4', networks: 'none' });
    const fromTemplate = await boot({ name: 'tpl', imageRef: SEED.images.template, flavorRef: 'd2-4', networks: 'none' });
    const noChannel = await boot({ name: 'deb', imageRef: SEED.images.debian12, flavorRef: 'd2-4', networks: 'none', user_data: userData });
    const server = (r: { json: { server: { id: string } } }) => lc.state.server(r.json.server.id)!;
    // app-template has hw_qemu_guest_agent now (it was added after app-1 booted).
    expect([server(withUserData).agentChannel, server(withUserData).agentRunning]).toEqual([true, true]);
    expect([server(plain).agentChannel, server(plain).agentRunning]).toEqual([true, false]);
    expect([server(fromTemplate).agentChannel, server(fromTemplate).agentRunning]).toEqual([true, true]);
    expect([server(noChannel).agentChannel, server(noChannel).agentRunning]).toEqual([false, true]);
    expect(server(withUserData).bootImageProps.hw_qemu_guest_agent).toBe('yes');
  });
});

describe('DELETE /servers/{id}', () => {
  it('answers 204, shows task_state deleting, then the server is gone', async () => {
    const r = await compute(lc.app, demo, 'DELETE', `/v2.1/servers/${SEED.servers.db1}`, { version: 'latest' });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    const during = await compute(lc.app, demo, 'GET', `/v2.1/servers/${SEED.servers.db1}`);
    expect(during.json.server['OS-EXT-STS:task_state']).toBe('deleting');
    await until('gone', async () => (await compute(lc.app, demo, 'GET', `/v2.1/servers/${SEED.servers.db1}`)).status === 404);
    const again = await compute(lc.app, demo, 'POST', `/v2.1/servers/${SEED.servers.db1}/action`, { body: { createImage: { name: 'too-late' } } });
    expect(again.status).toBe(404);
    const other = await compute(lc.app, demo, 'DELETE', `/v2.1/servers/${SEED.servers.alt1}`);
    expect(other.status).toBe(404);
  });
});

describe('routing', () => {
  it('needs a token everywhere under /v2.1/ but the version document, and 404s unknown paths', async () => {
    for (const path of ['/v2.1/flavors/v2.1', '/v2.1/servers/v2.1/', '/v2.1/limits']) {
      expect((await compute(lc.app, null, 'GET', path)).status).toBe(401);
    }
    const unknown = await compute(lc.app, demo, 'GET', '/v2.1/os-hypervisors-nope');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ message: 'The resource could not be found.<br /><br />\n\n\n', code: '404 Not Found', title: 'Not Found' });
  });
});
