// Neutron v2.0 networks contract, shapes from neutron-lib's networks-list-response.json.
import { describe, expect, it } from 'vitest';
import { SEED } from '../state/seed';
import { login, sortedKeys, testCloud } from '../test-helpers';

// The sample's keys, without those of extensions this cloud does not load
// (dns_domain, pvlan, qinq, vlan_transparent).
const NETWORK_KEYS = [
  'admin_state_up', 'availability_zone_hints', 'availability_zones', 'created_at', 'description', 'id',
  'ipv4_address_scope', 'ipv6_address_scope', 'is_default', 'l2_adjacency', 'mtu', 'name', 'port_security_enabled',
  'project_id', 'qos_policy_id', 'revision_number', 'router:external', 'shared', 'status', 'subnets', 'tags',
  'tenant_id', 'updated_at',
];
const PROVIDER_KEYS = ['provider:network_type', 'provider:physical_network', 'provider:segmentation_id'];
const N = SEED.networks;

describe('neutron networks', async () => {
  const { app } = testCloud({ publicUrl: 'http://cloud.test:5480' });
  const demo = await login(app);
  const admin = await login(app, 'admin', 'admin');
  const get = async (path: string, token = demo) => {
    const res = await app.request(path, { headers: { 'X-Auth-Token': token } });
    return { res, body: (await res.json()) as any };
  };

  it('serves the version list without a token and the resource list with one', async () => {
    for (const path of ['/network', '/network/']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect((await res.json()) as any).toEqual({ versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: 'http://cloud.test:5480/network/v2.0/', rel: 'self' }] }] });
    }
    const { res, body } = await get('/network/v2.0');
    expect(res.status).toBe(200);
    expect(body.resources.map((r: any) => r.collection)).toEqual(['subnets', 'networks', 'ports']);
  });

  it('answers 401 in Keystone\'s shape without a valid token (keystonemiddleware)', async () => {
    const res = await app.request('/network/v2.0/networks', { headers: { 'X-Auth-Token': 'nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Keystone uri="http://cloud.test:5480/identity/v3"');
    expect(((await res.json()) as any).error.code).toBe(401);
  });

  it('lists the project\'s and shared networks with the sample\'s fields', async () => {
    const { res, body } = await get('/network/v2.0/networks');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(sortedKeys(body)).toEqual(['networks']);
    expect(body.networks.map((n: any) => n.id).sort()).toEqual([N.extNet, N.demoPrivate]);
    for (const n of body.networks) expect(sortedKeys(n)).toEqual(NETWORK_KEYS);
    const ext = body.networks.find((n: any) => n.id === N.extNet);
    expect(ext).toMatchObject({ name: 'Ext-Net', shared: true, 'router:external': true, status: 'ACTIVE' });
    expect(ext.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('shows every network to an admin, with the provider attributes', async () => {
    const { body } = await get('/network/v2.0/networks', admin);
    expect(body.networks).toHaveLength(3);
    for (const n of body.networks) expect(sortedKeys(n)).toEqual([...NETWORK_KEYS, ...PROVIDER_KEYS].sort());
  });

  it.each([
    ['shared=true', [N.extNet]],
    ['shared=True', [N.extNet]],
    ['router:external=false', [N.demoPrivate]],
    ['router%3Aexternal=true', [N.extNet]],
    ['name=demo-private', [N.demoPrivate]],
    ['name=demo-private&name=Ext-Net', [N.extNet, N.demoPrivate]],
    ['name=Ext-Net&shared=false', []],
    ['name=alt-private', []],
    [`id=${N.demoPrivate}`, [N.demoPrivate]],
  ])('filters ?%s', async (query, ids) => {
    const { res, body } = await get(`/network/v2.0/networks?${query}`);
    expect(res.status).toBe(200);
    expect(body.networks.map((n: any) => n.id).sort()).toEqual([...ids].sort());
  });

  it('refuses unknown filters and non-boolean values with a NeutronError', async () => {
    const unknown = await get('/network/v2.0/networks?color=blue');
    expect(unknown.res.status).toBe(400);
    expect(unknown.body).toEqual({ NeutronError: { type: 'HTTPBadRequest', message: "['color'] is invalid attribute for filtering", detail: '' } });
    const bad = await get('/network/v2.0/networks?shared=maybe');
    expect(bad.res.status).toBe(400);
    expect(bad.body.NeutronError).toMatchObject({ type: 'InvalidInput', message: "Invalid input for operation: 'maybe' cannot be converted to boolean." });
    const limit = await get('/network/v2.0/networks?limit=x');
    expect(limit.res.status).toBe(400);
  });

  it('returns only the asked fields', async () => {
    const { body } = await get('/network/v2.0/networks?fields=id&fields=name&shared=true');
    expect(body.networks).toEqual([{ id: N.extNet, name: 'Ext-Net' }]);
  });

  it('pages with limit/marker and networks_links, forwards and back', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/network/v2.0/networks?limit=1';
    let pages = 0;
    let last: any;
    while (url) {
      const { body } = await get(url.replace('http://cloud.test:5480', ''), admin);
      expect(body.networks.length).toBeLessThanOrEqual(1);
      seen.push(...body.networks.map((n: any) => n.id));
      last = body;
      url = body.networks_links.find((l: any) => l.rel === 'next')?.href;
      if (url) expect(url).toMatch(/^http:\/\/cloud\.test:5480\/network\/v2\.0\/networks\?limit=1&marker=/);
      if (++pages > 5) throw new Error('pagination does not end');
    }
    expect(seen).toEqual([N.extNet, N.demoPrivate, N.altPrivate].sort());
    const prev = last.networks_links.find((l: any) => l.rel === 'previous').href as string;
    expect(prev).toContain('page_reverse=True');
    const back = await get(prev.replace('http://cloud.test:5480', ''), admin);
    expect(back.body.networks.map((n: any) => n.id)).toEqual([seen[1]]);
  });

  it('shows one network, 404 NetworkNotFound for another project\'s', async () => {
    const ok = await get(`/network/v2.0/networks/${N.demoPrivate}`);
    expect(ok.res.status).toBe(200);
    expect(sortedKeys(ok.body.network)).toEqual(NETWORK_KEYS);
    const hidden = await get(`/network/v2.0/networks/${N.altPrivate}`);
    expect(hidden.res.status).toBe(404);
    expect(hidden.body).toEqual({ NeutronError: { type: 'NetworkNotFound', message: `Network ${N.altPrivate} could not be found.`, detail: '' } });
  });

  it('answers unknown paths with a NeutronError 404', async () => {
    const { res, body } = await get('/network/v2.0/routers/x');
    expect(res.status).toBe(404);
    expect(body.NeutronError.type).toBe('HTTPNotFound');
  });
});

describe('without Neutron', () => {
  it('the network service is gone from routes and catalog', async () => {
    const { app } = testCloud({ neutron: false });
    const token = await login(app);
    expect((await app.request('/network/v2.0/networks', { headers: { 'X-Auth-Token': token } })).status).toBe(404);
    expect((await app.request('/network')).status).toBe(404);
    const cat = (await (await app.request('/identity/v3/auth/catalog', { headers: { 'X-Auth-Token': token } })).json()) as any;
    expect(cat.catalog.some((s: any) => s.type === 'network')).toBe(false);
  });
});
