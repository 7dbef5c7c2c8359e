// Keystone v3 contract: status codes, headers and body shapes against the Zed captures
// keystone-01..05 (key sets copied below, since the repo must not read ../shared).
import { describe, expect, it } from 'vitest';
import { SEED } from '../state/seed';
import { login, passwordAuth, sortedKeys, testCloud, until } from '../test-helpers';

// From keystone-01-auth-tokens-password-project-scoped.http
const TOKEN_KEYS = ['audit_ids', 'catalog', 'expires_at', 'is_domain', 'issued_at', 'methods', 'project', 'roles', 'user'];
const USER_KEYS = ['domain', 'id', 'name', 'password_expires_at'];
const SERVICE_KEYS = ['endpoints', 'id', 'name', 'type'];
const ENDPOINT_KEYS = ['id', 'interface', 'region', 'region_id', 'url'];
// From keystone-02-auth-projects.http
const PROJECT_KEYS = ['description', 'domain_id', 'enabled', 'id', 'is_domain', 'links', 'name', 'options', 'parent_id', 'tags'];
const ERROR_KEYS = ['code', 'message', 'title'];
const KEYSTONE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$/;

const post = (body: unknown, query = '') => ({
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body),
  path: `/identity/v3/auth/tokens${query}`,
});

async function auth(app: ReturnType<typeof testCloud>['app'], body: unknown, query = '') {
  const { path, ...init } = post(body, query);
  const res = await app.request(path, init);
  return { res, json: (await res.json()) as Record<string, any> };
}

describe('keystone version discovery', () => {
  const { app } = testCloud({ publicUrl: 'http://cloud.test:5480' });

  it.each(['/identity', '/identity/'])('GET %s is 300 with Location and v3.14', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(300);
    expect(res.headers.get('Location')).toBe('http://cloud.test:5480/identity/v3/');
    const body = (await res.json()) as any;
    expect(body.versions.values).toHaveLength(1);
    expect(sortedKeys(body.versions.values[0])).toEqual(['id', 'links', 'media-types', 'status', 'updated']);
    expect(body.versions.values[0]).toMatchObject({ id: 'v3.14', status: 'stable' });
  });

  it.each(['/identity/v3', '/identity/v3/'])('GET %s is the version document', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.version.links).toEqual([{ rel: 'self', href: 'http://cloud.test:5480/identity/v3/' }]);
    expect(res.headers.get('Vary')).toBe('X-Auth-Token');
  });
});

describe('POST /v3/auth/tokens', () => {
  const { app } = testCloud({ publicUrl: 'http://cloud.test:5480' });

  it('issues a project-scoped token with the capture\'s shape', async () => {
    const { res, json } = await auth(app, passwordAuth('demo', 'demo', 'demo'));
    expect(res.status).toBe(201);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    const token = res.headers.get('X-Subject-Token')!;
    expect(token).toMatch(/^gAAAAA[A-Za-z0-9_-]+$/);
    expect(token.length).toBe(183);
    const t = json.token;
    expect(sortedKeys(t)).toEqual(TOKEN_KEYS);
    expect(sortedKeys(t.user)).toEqual(USER_KEYS);
    expect(sortedKeys(t.project)).toEqual(['domain', 'id', 'name']);
    expect(t.project).toEqual({ domain: { id: 'default', name: 'Default' }, id: SEED.projects.demo, name: 'demo' });
    expect(t.methods).toEqual(['password']);
    expect(t.audit_ids).toHaveLength(1);
    expect(t.audit_ids[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(t.expires_at).toMatch(KEYSTONE_TIME);
    expect(t.issued_at).toMatch(KEYSTONE_TIME);
    expect(Date.parse(t.expires_at) - Date.parse(t.issued_at)).toBe(3600_000);
    expect(t.roles.map((r: any) => r.name).sort()).toEqual(['member', 'reader']);
    for (const r of t.roles) expect(sortedKeys(r)).toEqual(['id', 'name']);
  });

  it('advertises identity, image, compute and network in RegionOne on three interfaces', async () => {
    const { json } = await auth(app, passwordAuth('demo', 'demo', 'demo'));
    const catalog = json.token.catalog as any[];
    expect(catalog.map((s) => s.type).slice(0, 4)).toEqual(['identity', 'image', 'compute', 'network']);
    expect(catalog.map((s) => s.name).slice(0, 4)).toEqual(['keystone', 'glance', 'nova', 'neutron']);
    // Cinder under both of its catalog types, as the spike's cinder-up registers it.
    expect(catalog.filter((s) => s.type === 'block-storage' || s.type === 'volumev3').map((s) => s.name)).toEqual(['cinder', 'cinderv3']);
    for (const s of catalog) {
      expect(sortedKeys(s)).toEqual(SERVICE_KEYS);
      expect(s.endpoints.map((e: any) => e.interface)).toEqual(['public', 'internal', 'admin']);
      for (const e of s.endpoints) {
        expect(sortedKeys(e)).toEqual(ENDPOINT_KEYS);
        expect(e.region).toBe('RegionOne');
        expect(e.region_id).toBe('RegionOne');
      }
    }
    const url = (type: string) => catalog.find((s) => s.type === type).endpoints[0].url;
    expect(url('identity')).toBe('http://cloud.test:5480/identity');
    expect(url('compute')).toBe('http://cloud.test:5480/compute/v2.1');
    expect(url('image')).toBe('http://cloud.test:5480/image');
    expect(url('network')).toBe('http://cloud.test:5480/network');
    expect(url('block-storage')).toBe(`http://cloud.test:5480/volume/v3/${SEED.projects.demo}`);
    expect(url('volumev3')).toBe(url('block-storage'));
  });

  it('accepts user and project by id', async () => {
    const { res, json } = await auth(app, {
      auth: { identity: { methods: ['password'], password: { user: { id: SEED.users.alt, password: 'alt' } } }, scope: { project: { id: SEED.projects.altDemo } } },
    });
    expect(res.status).toBe(201);
    expect(json.token.project.name).toBe('alt-demo');
  });

  it('issues an unscoped token without project, roles or catalog', async () => {
    for (const body of [passwordAuth('demo', 'demo', null), { auth: { ...(passwordAuth('demo', 'demo', null) as any).auth, scope: 'unscoped' } }]) {
      const { res, json } = await auth(app, body);
      expect(res.status).toBe(201);
      expect(sortedKeys(json.token)).toEqual(['audit_ids', 'expires_at', 'issued_at', 'methods', 'user']);
    }
  });

  it('leaves the catalog out with ?nocatalog', async () => {
    const { res, json } = await auth(app, passwordAuth('demo', 'demo', 'demo'), '?nocatalog');
    expect(res.status).toBe(201);
    expect(json.token.catalog).toBeUndefined();
    expect(json.token.project.name).toBe('demo');
  });

  it.each([
    ['wrong password', passwordAuth('demo', 'nope', 'demo')],
    ['unknown user', passwordAuth('nobody', 'demo', 'demo')],
    ['project not assigned', passwordAuth('alt', 'alt', 'demo')],
    ['unknown project', passwordAuth('demo', 'demo', 'no-such-project')],
    ['domain scope', { auth: { ...(passwordAuth('demo', 'demo', null) as any).auth, scope: { domain: { id: 'default' } } } }],
    ['unsupported method', { auth: { identity: { methods: ['totp'], totp: {} } } }],
  ])('%s: 401 with the generic message and WWW-Authenticate (keystone-03)', async (_, body) => {
    const { res, json } = await auth(app, body);
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Keystone uri="http://cloud.test:5480/identity/v3"');
    expect(json).toEqual({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } });
  });

  it.each([
    ['not JSON', '{"auth": ', /valid JSON object in request body/],
    ['no identity', { auth: {} }, /^Invalid input for field 'auth': 'identity' is a required property$/],
    ['no password', { auth: { identity: { methods: ['password'], password: { user: { name: 'demo', domain: { name: 'Default' } } } } } }, /^Invalid input for field 'auth\/identity\/password\/user': 'password' is a required property$/],
    ['methods not a list', { auth: { identity: { methods: 'password' } } }, /'auth\/identity\/methods': "password" is not of type 'array'/],
    ['password method without password', { auth: { identity: { methods: ['password'] } } }, /^Expecting to find password in identity/],
    ['user name without domain', { auth: { identity: { methods: ['password'], password: { user: { name: 'demo', password: 'demo' } } } } }, /^Expecting to find domain in user/],
    ['project name without domain', { auth: { ...(passwordAuth('demo', 'demo', null) as any).auth, scope: { project: { name: 'demo' } } } }, /^Expecting to find domain in project/],
    ['two scopes', { auth: { ...(passwordAuth('demo', 'demo', null) as any).auth, scope: { project: { id: SEED.projects.demo }, domain: { id: 'default' } } } }, /mutually exclusive/],
  ])('%s: 400 in Keystone\'s shape', async (_, body, message) => {
    const { res, json } = await auth(app, body);
    expect(res.status).toBe(400);
    expect(sortedKeys(json.error)).toEqual(ERROR_KEYS);
    expect(json.error).toMatchObject({ code: 400, title: 'Bad Request' });
    expect(json.error.message).toMatch(message);
  });

  it('refuses a JSON body sent as another content type', async () => {
    const res = await app.request('/identity/v3/auth/tokens', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(passwordAuth('demo', 'demo', 'demo')) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toMatch(/application\/json in Content-Type header/);
  });

  it('rescopes an unscoped token with the token method, keeping expiry and audit chain', async () => {
    const unscoped = await login(app, 'demo', null);
    const first = (await (await app.request('/identity/v3/auth/tokens', { headers: { 'X-Auth-Token': unscoped, 'X-Subject-Token': unscoped } })).json()) as any;
    const { res, json } = await auth(app, { auth: { identity: { methods: ['token'], token: { id: unscoped } }, scope: { project: { id: SEED.projects.altDemo } } } });
    expect(res.status).toBe(201);
    expect(json.token.methods).toEqual(['token', 'password']);
    expect(json.token.audit_ids).toHaveLength(2);
    expect(json.token.audit_ids[1]).toBe(first.token.audit_ids[0]);
    expect(json.token.expires_at).toBe(first.token.expires_at);
    expect(json.token.project.name).toBe('alt-demo');
  });
});

describe('catalog options', () => {
  it('lists every configured region and drops network without Neutron, block storage without Cinder, workflow without Mistral', async () => {
    const { app } = testCloud({ regions: ['RegionOne', 'RegionTwo'], neutron: false, cinder: false, mistral: false });
    const token = await login(app);
    const res = await app.request('/identity/v3/auth/catalog', { headers: { 'X-Auth-Token': token } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(sortedKeys(body)).toEqual(['catalog', 'links']);
    expect(body.catalog.map((s: any) => s.type)).toEqual(['identity', 'image', 'compute']);
    for (const s of body.catalog) {
      expect(s.endpoints).toHaveLength(6);
      expect(new Set(s.endpoints.map((e: any) => e.region_id))).toEqual(new Set(['RegionOne', 'RegionTwo']));
      expect(new Set(s.endpoints.map((e: any) => e.id)).size).toBe(6);
    }
  });
});

describe('the block storage entry', () => {
  it('names the project of the token, so a rescoped token gets its own', async () => {
    const { app } = testCloud();
    const token = await login(app, 'demo', 'alt-demo');
    const body = (await (await app.request('/identity/v3/auth/catalog', { headers: { 'X-Auth-Token': token } })).json()) as any;
    const cinder = body.catalog.find((s: any) => s.type === 'block-storage');
    expect(cinder.endpoints.map((e: any) => e.url)).toEqual(Array(3).fill(`http://127.0.0.1:0/volume/v3/${SEED.projects.altDemo}`));
  });
});

describe('validate, check and revoke', () => {
  const { app, state } = testCloud({ timings: { tokenTtlSeconds: 3600 } });
  const headers = (caller: string, subject: string) => ({ 'X-Auth-Token': caller, 'X-Subject-Token': subject });

  it('GET answers 200 with the token and echoes X-Subject-Token (keystone-05)', async () => {
    const t = await login(app);
    const res = await app.request('/identity/v3/auth/tokens', { headers: headers(t, t) });
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Subject-Token')).toBe(t);
    expect(sortedKeys(((await res.json()) as any).token)).toEqual(TOKEN_KEYS);
    const nocat = (await (await app.request('/identity/v3/auth/tokens?nocatalog', { headers: headers(t, t) })).json()) as any;
    expect(nocat.token.catalog).toBeUndefined();
  });

  it('HEAD answers 200 without a body', async () => {
    const t = await login(app);
    const res = await app.request('/identity/v3/auth/tokens', { method: 'HEAD', headers: headers(t, t) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('an unknown subject is 404 TokenNotFound; no caller is 401', async () => {
    const t = await login(app);
    const res = await app.request('/identity/v3/auth/tokens', { headers: headers(t, 'gAAAAABnope') });
    expect(res.status).toBe(404);
    expect((await res.json()) as any).toEqual({ error: { code: 404, title: 'Not Found', message: 'Could not find token: gAAAAABnope.' } });
    const anon = await app.request('/identity/v3/auth/tokens', { headers: { 'X-Subject-Token': t } });
    expect(anon.status).toBe(401);
    expect(anon.headers.get('WWW-Authenticate')).toMatch(/^Keystone uri=/);
  });

  it('another user\'s token is 403 for a member and visible to an admin', async () => {
    const demo = await login(app);
    const alt = await login(app, 'alt', 'alt-demo');
    const admin = await login(app, 'admin', 'admin');
    const res = await app.request('/identity/v3/auth/tokens', { headers: headers(alt, demo) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.message).toBe('You are not authorized to perform the requested action: identity:validate_token.');
    expect((await app.request('/identity/v3/auth/tokens', { headers: headers(admin, demo) })).status).toBe(200);
  });

  it('DELETE revokes at once: 204, then 404 to validation and 401 to services', async () => {
    const caller = await login(app);
    const victim = await login(app);
    expect((await app.request('/network/v2.0/networks', { headers: { 'X-Auth-Token': victim } })).status).toBe(200);
    const del = await app.request('/identity/v3/auth/tokens', { method: 'DELETE', headers: headers(caller, victim) });
    expect(del.status).toBe(204);
    expect(state.token(victim)?.revoked).toBe(true);
    const v = await app.request('/identity/v3/auth/tokens', { headers: headers(caller, victim) });
    expect(v.status).toBe(404);
    expect(((await v.json()) as any).error.message).toBe('Failed to validate token');
    expect((await app.request('/network/v2.0/networks', { headers: { 'X-Auth-Token': victim } })).status).toBe(401);
    expect((await app.request('/identity/v3/auth/projects', { headers: { 'X-Auth-Token': victim } })).status).toBe(401);
  });
});

describe('token expiry', () => {
  it('a token stops working at expires_at; allow_expired still validates it', async () => {
    const { app, state } = testCloud({ timings: { tokenTtlSeconds: 1 } });
    const { res, json } = await auth(app, passwordAuth('demo', 'demo', 'demo'));
    const t = res.headers.get('X-Subject-Token')!;
    expect(Date.parse(json.token.expires_at) - Date.parse(json.token.issued_at)).toBe(1000);
    await until('the token to expire', async () => (await app.request('/identity/v3/auth/projects', { headers: { 'X-Auth-Token': t } })).status === 401, { timeoutMs: 5000 });
    // The caller needs a live token: a longer lifetime for the admin's.
    state.timings.tokenTtlSeconds = 3600;
    const admin = await login(app, 'admin', 'admin');
    expect((await app.request('/identity/v3/auth/tokens', { headers: { 'X-Auth-Token': admin, 'X-Subject-Token': t } })).status).toBe(404);
    const allowed = await app.request('/identity/v3/auth/tokens?allow_expired=1', { headers: { 'X-Auth-Token': admin, 'X-Subject-Token': t } });
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as any).token.expires_at).toBe(json.token.expires_at);
  });
});

describe('GET /v3/auth/projects', () => {
  const { app } = testCloud({ publicUrl: 'http://cloud.test:5480' });

  it('lists the projects the user has roles on, with full project objects (keystone-02)', async () => {
    const t = await login(app, 'demo', null);
    const res = await app.request('/identity/v3/auth/projects', { headers: { 'X-Auth-Token': t } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.links).toEqual({ next: null, self: 'http://cloud.test:5480/identity/v3/auth/projects', previous: null });
    expect(body.projects.map((p: any) => p.name).sort()).toEqual(['alt-demo', 'demo']);
    for (const p of body.projects) {
      expect(sortedKeys(p)).toEqual(PROJECT_KEYS);
      expect(p.links.self).toBe(`http://cloud.test:5480/identity/v3/projects/${p.id}`);
    }
  });

  it('keeps each user to their own projects', async () => {
    const alt = await login(app, 'alt', 'alt-demo');
    const body = (await (await app.request('/identity/v3/auth/projects', { headers: { 'X-Auth-Token': alt } })).json()) as any;
    expect(body.projects.map((p: any) => p.name)).toEqual(['alt-demo']);
  });

  it('answers 401 to a bad token (keystone-04)', async () => {
    const res = await app.request('/identity/v3/auth/projects', { headers: { 'X-Auth-Token': 'garbage' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Keystone uri="http://cloud.test:5480/identity/v3"');
    expect(sortedKeys(((await res.json()) as any).error)).toEqual(ERROR_KEYS);
  });
});

describe('GET /v3/auth/catalog and unknown routes', () => {
  const { app } = testCloud();
  it('needs a scoped token', async () => {
    const t = await login(app, 'demo', null);
    const res = await app.request('/identity/v3/auth/catalog', { headers: { 'X-Auth-Token': t } });
    expect(res.status).toBe(403);
    expect((await app.request('/identity/v3/auth/catalog')).status).toBe(401);
  });
  it('answers 404 and 405 in Keystone\'s shape', async () => {
    const nf = await app.request('/identity/v3/nothing');
    expect(nf.status).toBe(404);
    expect(sortedKeys(((await nf.json()) as any).error)).toEqual(ERROR_KEYS);
    const na = await app.request('/identity/v3/auth/projects', { method: 'POST' });
    expect(na.status).toBe(405);
  });
});
