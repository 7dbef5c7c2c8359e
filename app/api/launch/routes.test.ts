// The launch-related route handlers (launch, sources, networks, key pairs, backup) with a
// signed-in session and a recording fetch in place of the cloud: validation answers 400
// with fields and sends nothing upstream; valid input makes exactly the calls expected.
import { NextRequest } from 'next/server';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AGENT_CLOUD_CONFIG } from '@/lib/cloud-init/user-data';
import type { SessionData } from '@/lib/server/session';

const SESSION: SessionData = {
  tokenId: 'tok-0123456789',
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  user: { id: 'u1', name: 'demo', domainName: 'Default' },
  project: { id: 'p-demo', name: 'demo' },
  region: 'RegionOne',
  regions: ['RegionOne'],
  endpoints: { identity: 'http://cloud.test/identity', compute: 'http://cloud.test/compute/v2.1', image: 'http://cloud.test/image', network: 'http://cloud.test/network' },
  computeMicroversion: '2.93',
};
let session: SessionData = SESSION;

vi.mock('@/lib/server/session', () => ({
  readSession: vi.fn(async () => ({ data: session, cookie: {} })),
  endSession: vi.fn(async () => {}),
}));

interface Call {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}
type Reply = { status: number; json?: unknown; headers?: Record<string, string> };
let calls: Call[] = [];
let answer: (call: Call) => Reply = () => ({ status: 500, json: { message: 'no answer set' } });

beforeAll(() => {
  vi.stubEnv('SNAPDECK_AUTH_URL', 'http://cloud.test/identity');
});

beforeEach(() => {
  session = SESSION;
  calls = [];
  vi.stubGlobal('fetch', vi.fn(async (input: string | URL, init: RequestInit = {}) => {
    const call: Call = { method: init.method ?? 'GET', url: new URL(String(input)), headers: new Headers(init.headers), body: typeof init.body === 'string' ? JSON.parse(init.body) : null };
    calls.push(call);
    const r = answer(call);
    return new Response(r.json === undefined ? null : JSON.stringify(r.json), { status: r.status, headers: { 'Content-Type': 'application/json', 'x-openstack-request-id': 'req-test', ...r.headers } });
  }));
});
afterEach(() => vi.unstubAllGlobals());

const IMAGE = 'a0000001-0000-4000-8000-000000000007';
const NET = 'c0000001-0000-4000-8000-000000000002';
const SERVER = 'b0000001-0000-4000-8000-000000000001';
const noParams = { params: Promise.resolve({}) };

function post(path: string, body: unknown, contentType = 'application/json') {
  return new NextRequest(`http://localhost${path}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': contentType } });
}
const get = (path: string) => new NextRequest(`http://localhost${path}`);

const validLaunch = { name: 'from-snap', sourceId: IMAGE, flavorId: 'd2-4', network: NET, count: 1, installAgent: false, userData: '' };
const createdServer = (id: string) => ({ status: 202, json: { server: { id, links: [], 'OS-DCF:diskConfig': 'MANUAL', security_groups: [{ name: 'default' }], adminPass: 'x' } } });

describe('POST /api/launch', async () => {
  const { POST } = await import('./route');

  it('answers 400 with a message per field and sends nothing upstream', async () => {
    const res = await POST(post('/api/launch', { ...validLaunch, name: ' ', sourceId: 'nope', flavorId: '', network: 'somewhere', count: 11 }), noParams);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(body.error.fields).sort()).toEqual(['count', 'flavorId', 'name', 'network', 'sourceId']);
    expect(body.error.fields.count).toBe('At most 10 at once.');
    expect(calls).toHaveLength(0);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await POST(post('/api/launch', 'name=x', 'application/x-www-form-urlencoded'), noParams);
    expect(res.status).toBe(400);
    expect(calls).toHaveLength(0);
  });

  it('creates one server, sending the agent cloud-config base64-encoded', async () => {
    answer = () => createdServer(SERVER);
    const res = await POST(post('/api/launch', { ...validLaunch, installAgent: true, keyName: 'demo-key' }), noParams);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ids: [SERVER], requested: 1, complete: true, note: null });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.method).toBe('POST');
    expect(call!.url.pathname).toBe('/compute/v2.1/servers');
    const server = (call!.body as { server: Record<string, unknown> }).server;
    expect(server).toMatchObject({ name: 'from-snap', imageRef: IMAGE, flavorRef: 'd2-4', networks: [{ uuid: NET }], key_name: 'demo-key' });
    expect(server.min_count).toBeUndefined();
    expect(Buffer.from(String(server.user_data), 'base64').toString('utf8')).toBe(AGENT_CLOUD_CONFIG);
  });

  it('sends no user_data when there is none', async () => {
    answer = () => createdServer(SERVER);
    await POST(post('/api/launch', { ...validLaunch, network: 'none' }), noParams);
    const server = (calls[0]!.body as { server: Record<string, unknown> }).server;
    expect(server.networks).toBe('none');
    expect('user_data' in server).toBe(false);
  });

  it('refuses user data it cannot join to the agent part, next to the field', async () => {
    const res = await POST(post('/api/launch', { ...validLaunch, installAgent: true, userData: 'plain words' }), noParams);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(body.error.fields.userData).toMatch(/cloud-init header/);
    expect(calls).toHaveLength(0);
  });

  it('refuses "auto"/"none" when the negotiated microversion is below 2.37', async () => {
    session = { ...SESSION, computeMicroversion: '2.1' };
    const res = await POST(post('/api/launch', { ...validLaunch, network: 'auto' }), noParams);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.network).toMatch(/2\.37/);
    expect(calls).toHaveLength(0);
  });

  it('finds the other servers of a multiple create by Nova’s names and creation time', async () => {
    const created = '2026-11-25T23:22:58Z';
    const wire = (id: string, name: string, at: string) => ({ id, name, status: 'BUILD', tenant_id: 'p-demo', created: at, updated: at });
    answer = (call) => {
      if (call.method === 'POST') return createdServer(`${SERVER.slice(0, -1)}1`);
      return {
        status: 200,
        json: {
          servers: [
            wire(`${SERVER.slice(0, -1)}3`, 'farm-3', created),
            wire(`${SERVER.slice(0, -1)}2`, 'farm-2', created),
            wire(`${SERVER.slice(0, -1)}1`, 'farm-1', created),
            wire(`${SERVER.slice(0, -1)}9`, 'farm-2', '2026-01-01T00:00:00Z'), // an older homonym
            wire(`${SERVER.slice(0, -1)}8`, 'farm-old', created),
          ],
        },
      };
    };
    const res = await POST(post('/api/launch', { ...validLaunch, name: 'farm', count: 3 }), noParams);
    expect(res.status).toBe(202);
    const result = (await res.json()) as { ids: string[]; complete: boolean };
    expect(result.ids).toEqual([`${SERVER.slice(0, -1)}1`, `${SERVER.slice(0, -1)}3`, `${SERVER.slice(0, -1)}2`]);
    expect(result.complete).toBe(true);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'GET']);
    expect((calls[0]!.body as { server: Record<string, unknown> }).server).toMatchObject({ min_count: 3, max_count: 3 });
    expect(calls[1]!.url.searchParams.get('name')).toBe('farm');
  });

  it('says so when it cannot name every server of a multiple create', async () => {
    answer = (call) => (call.method === 'POST' ? createdServer(SERVER) : { status: 500, json: { computeFault: { code: 500, message: 'boom' } } });
    const res = await POST(post('/api/launch', { ...validLaunch, name: 'farm', count: 2 }), noParams);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ ids: [SERVER], complete: false, note: expect.stringMatching(/named only the first/) });
  });

  it('passes Nova’s quota refusal on and does not retry the POST', async () => {
    const message = 'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances';
    answer = () => ({ status: 403, json: { forbidden: { code: 403, message } } });
    const res = await POST(post('/api/launch', validLaunch), noParams);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(message);
    expect(calls).toHaveLength(1);
  });
});

describe('POST /api/servers/<id>/backup', async () => {
  const { POST } = await import('../servers/[id]/backup/route');
  const params = (id: string) => ({ params: Promise.resolve({ id }) });
  const valid = { name: 'web-1-daily', backupType: 'daily', rotation: 2 };

  it('refuses a bad instance id and a rotation outside 1–30, sending nothing', async () => {
    expect((await POST(post('/api/servers/x/backup', valid), params('not-a-uuid'))).status).toBe(400);
    for (const rotation of [0, 31, 2.5, 'two']) {
      const res = await POST(post(`/api/servers/${SERVER}/backup`, { ...valid, rotation }), params(SERVER));
      expect(res.status, String(rotation)).toBe(400);
      expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.rotation).toBeTruthy();
    }
    const blank = await POST(post(`/api/servers/${SERVER}/backup`, { ...valid, name: '', backupType: ' ' }), params(SERVER));
    expect(Object.keys(((await blank.json()) as { error: { fields: Record<string, string> } }).error.fields).sort()).toEqual(['backupType', 'name']);
    expect(calls).toHaveLength(0);
  });

  it('sends one createBackup with Nova’s field names and returns the image id', async () => {
    answer = () => ({ status: 202, json: { image_id: IMAGE } });
    const res = await POST(post(`/api/servers/${SERVER}/backup`, valid), params(SERVER));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ imageId: IMAGE });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url.pathname).toBe(`/compute/v2.1/servers/${SERVER}/action`);
    expect(calls[0]!.body).toEqual({ createBackup: { name: 'web-1-daily', backup_type: 'daily', rotation: 2 } });
  });

  it('passes Nova’s refusal of a volume-backed instance on', async () => {
    answer = () => ({ status: 400, json: { badRequest: { code: 400, message: "It's not supported to backup volume backed instance." } } });
    const res = await POST(post(`/api/servers/${SERVER}/backup`, valid), params(SERVER));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/volume backed/);
  });
});

describe('GET /api/launch/sources', async () => {
  const { GET } = await import('./sources/route');
  const wireImage = (id: string, name: string, props: Record<string, string> = {}, created = '2026-01-01T00:00:00Z') => ({
    id, name, status: 'active', visibility: 'private', owner: 'p-demo', protected: false, min_disk: 0, min_ram: 0, size: 1,
    created_at: created, updated_at: created, tags: [], disk_format: 'qcow2', container_format: 'bare', file: `/v2/images/${id}/file`, schema: '/v2/schemas/image', self: `/v2/images/${id}`, ...props,
  });

  it('refuses a bad id and sends nothing', async () => {
    expect((await GET(get('/api/launch/sources?id=nope'), noParams)).status).toBe(400);
    expect(calls).toHaveLength(0);
  });

  it('lists snapshots first, asking Glance for active snapshots by property', async () => {
    const snap = wireImage(`${IMAGE.slice(0, -1)}1`, 'web-1-snap', { image_type: 'snapshot', instance_uuid: SERVER });
    answer = (call) => ({
      status: 200,
      json: { images: call.url.searchParams.get('image_type') ? [snap] : [wireImage(IMAGE, 'Debian 12'), snap], schema: '/v2/schemas/images', first: '/v2/images' },
    });
    const res = await GET(get('/api/launch/sources?q=e'), noParams);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { sources: { name: string; kind: string }[]; truncated: boolean };
    expect(body.sources.map((s) => [s.name, s.kind])).toEqual([['web-1-snap', 'snapshot'], ['Debian 12', 'image']]);
    expect(body.truncated).toBe(false);
    const asked = calls.map((c) => Object.fromEntries(c.url.searchParams));
    expect(asked).toContainEqual(expect.objectContaining({ image_type: 'snapshot', status: 'active', limit: '1000' }));
  });
});

describe('GET /api/networks', async () => {
  const { GET } = await import('../networks/route');

  it('offers auto/none without asking anything when the cloud has no Neutron', async () => {
    session = { ...SESSION, endpoints: { ...SESSION.endpoints, network: null } };
    const res = await GET(get('/api/networks'), noParams);
    expect(await res.json()).toEqual({ service: false, networks: [], autoAndNone: true });
    expect(calls).toHaveLength(0);
  });

  it('lists the project’s networks before shared ones', async () => {
    answer = () => ({ status: 200, json: { networks: [
      { id: 'n1', name: 'Ext-Net', status: 'ACTIVE', shared: true, 'router:external': true },
      { id: 'n2', name: 'demo-private', status: 'ACTIVE', shared: false },
    ] } });
    const body = (await (await GET(get('/api/networks'), noParams)).json()) as { networks: { name: string }[]; service: boolean };
    expect(body.service).toBe(true);
    expect(body.networks.map((n) => n.name)).toEqual(['demo-private', 'Ext-Net']);
  });
});
