// The /__admin test hooks: loopback only, zod-validated, and each one doing what it says.
import { request as httpRequest } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHost } from './admin';
import { SEED } from '../state/seed';
import { startLocalCloud } from '../server';
import { login, testCloud } from '../test-helpers';

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
/** What @hono/node-server passes as env; getConnInfo reads the socket's remote address. */
const fromAddress = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 40000, remoteFamily: remoteAddress.includes(':') ? 'IPv6' : 'IPv4' } } });

describe('loopback only', () => {
  it.each([
    ['127.0.0.1', true], ['127.8.9.10', true], ['::1', true], ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false], ['::ffff:192.168.1.2', false], ['2001:db8::1', false], ['128.0.0.1', false], [undefined, false],
  ])('isLoopbackAddress(%s) = %s', (addr, expected) => {
    expect(isLoopbackAddress(addr)).toBe(expected);
  });

  it('refuses a caller from another address with 403, accepts loopback and in-process callers', async () => {
    const { app } = testCloud();
    const far = await app.request('/__admin/health', {}, fromAddress('10.0.0.5'));
    expect(far.status).toBe(403);
    expect(((await far.json()) as any).error.message).toMatch(/loopback/);
    expect((await app.request('/__admin/reset', json({}), fromAddress('192.168.1.2'))).status).toBe(403);
    const loopbackHost = { headers: { Host: '127.0.0.1:5480' } };
    expect((await app.request('/__admin/health', loopbackHost, fromAddress('::ffff:127.0.0.1'))).status).toBe(200);
    // A socket with no Host at all (HTTP/1.0) is refused: its name cannot be checked.
    expect((await app.request('/__admin/health', {}, fromAddress('127.0.0.1'))).status).toBe(403);
    expect((await app.request('/__admin/health')).status).toBe(200);
  });
});

describe('only programs on this machine, never a web page', () => {
  it.each([
    ['127.0.0.1', true], ['127.0.0.1:5480', true], ['localhost', true], ['LOCALHOST:80', true], ['[::1]', true], ['[::1]:5480', true],
    ['evil.example', false], ['evil.example:5480', false], ['127.0.0.1.nip.io', false], ['localhost.evil.example', false],
    ['127.0.0.2', false], ['::1', false], ['localhost:', false], ['localhost:5480:1', false], ['', false], [undefined, false],
  ])('isLoopbackHost(%s) = %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it('refuses a Host that is not a loopback name (DNS rebinding), even in-process', async () => {
    const { app } = testCloud();
    const res = await app.request('/__admin/health', { headers: { Host: 'rebind.evil.example:5480' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.message).toMatch(/Host 127\.0\.0\.1, localhost or \[::1\]/);
    expect((await app.request('/__admin/health', { headers: { Host: 'localhost:5480' } })).status).toBe(200);
  });

  it('refuses any request with an Origin, and one a browser says a page made', async () => {
    const { app, state } = testCloud();
    for (const origin of ['http://127.0.0.1:3000', 'http://evil.example', 'null']) {
      const res = await app.request('/__admin/reset', { ...json({ servers: 3 }), headers: { 'Content-Type': 'application/json', Origin: origin } });
      expect(res.status, origin).toBe(403);
      expect(((await res.json()) as any).error.message).toMatch(/Origin/);
    }
    expect((await app.request('/__admin/health', { headers: { Origin: 'http://evil.example' } })).status).toBe(403);
    expect(state.data.servers).toHaveLength(7); // the refused resets did nothing
    for (const site of ['cross-site', 'same-site', 'same-origin']) {
      expect((await app.request('/__admin/health', { headers: { 'Sec-Fetch-Site': site } })).status, site).toBe(403);
    }
    expect((await app.request('/__admin/health', { headers: { 'Sec-Fetch-Site': 'none' } })).status).toBe(200);
  });

  it('refuses a body that is not application/json with 415, and takes none or JSON', async () => {
    const { app, state } = testCloud();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      const res = await app.request('/__admin/reset', { method: 'POST', body: '{"servers":3}', headers: { 'Content-Type': type } });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as any).error).toEqual({ code: 415, message: 'The admin API accepts only application/json bodies.' });
    }
    // A string body with no type is text/plain to fetch.
    expect((await app.request('/__admin/reset', { method: 'POST', body: '{"servers":3}' })).status).toBe(415);
    expect(state.data.servers).toHaveLength(7);
    const charset = await app.request('/__admin/reset', { method: 'POST', body: '{"servers":3}', headers: { 'Content-Type': 'Application/JSON; charset=utf-8' } });
    expect(charset.status).toBe(200);
    expect(state.data.servers).toHaveLength(10);
    expect((await app.request('/__admin/tokens/expire-all', { method: 'POST' })).status).toBe(200);
  });
});

/** A raw HTTP/1.1 request, so the test chooses the Host header (fetch does not let it). */
function rawRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('admin API over HTTP', async () => {
  const running = await startLocalCloud();
  afterAll(() => running.close());
  const port = new URL(running.url).port;

  it('answers health to a loopback socket', async () => {
    const res = await fetch(`${running.url}/__admin/health`);
    expect(res.status).toBe(200);
    expect((await res.json()) as any).toMatchObject({ status: 'ok', regions: ['RegionOne'], neutron: true, counts: { servers: 7, images: 8 } });
  });

  it('checks the Host a socket sends: loopback names pass, a rebinding name is refused', async () => {
    for (const host of [`localhost:${port}`, `[::1]:${port}`, '127.0.0.1']) {
      expect((await rawRequest(`${running.url}/__admin/health`, { headers: { Host: host } })).status, host).toBe(200);
    }
    const rebound = await rawRequest(`${running.url}/__admin/health`, { headers: { Host: `rebind.evil.example:${port}` } });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error.code).toBe(403);
    // The OpenStack APIs themselves keep answering any Host (a real cloud has a name).
    expect((await rawRequest(`${running.url}/identity/v3`, { headers: { Host: `cloud.example:${port}` } })).status).toBe(200);
  });

  it('refuses Origin and a text/plain body over a socket too', async () => {
    const withOrigin = await fetch(`${running.url}/__admin/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://127.0.0.1:3000' }, body: JSON.stringify({ path: '^/x$', action: { type: 'reset' } }) });
    expect(withOrigin.status).toBe(403);
    const plain = await fetch(`${running.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ path: '^/x$', action: { type: 'reset' } }) });
    expect(plain.status).toBe(415);
    expect(((await (await fetch(`${running.url}/__admin/faults`)).json()) as any).faults).toEqual([]);
  });
});

describe('request log', () => {
  it('lists requests after a sequence number, filtered, and clears', async () => {
    const { app } = testCloud();
    await app.request('/identity/v3');
    const token = await login(app);
    await app.request('/network/v2.0/networks', { headers: { 'X-Auth-Token': token } });
    const all = (await (await app.request('/__admin/requests')).json()) as any;
    expect(all.requests.map((r: any) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /identity/v3 200', 'POST /identity/v3/auth/tokens 201', 'GET /network/v2.0/networks 200',
    ]);
    const since = all.requests[0].seq;
    const later = (await (await app.request(`/__admin/requests?since=${since}&service=identity&method=post`)).json()) as any;
    expect(later.requests.map((r: any) => r.path)).toEqual(['/identity/v3/auth/tokens']);
    const byPath = (await (await app.request('/__admin/requests?path=networks')).json()) as any;
    expect(byPath.requests).toHaveLength(1);
    expect(byPath.lastSeq).toBe(all.lastSeq);
    expect((await app.request('/__admin/requests?since=abc')).status).toBe(400);
    expect((await app.request('/__admin/requests?color=red')).status).toBe(400);
    expect((await app.request('/__admin/requests', { method: 'DELETE' })).status).toBe(204);
    expect(((await (await app.request('/__admin/requests')).json()) as any).requests).toEqual([]);
  });
});

describe('fault rules', () => {
  it('validates, lists and deletes rules', async () => {
    const { app } = testCloud();
    for (const bad of [
      { path: '(', action: { type: 'status', status: 500 } },
      { path: 'x', action: { type: 'status', status: 99 } },
      { path: 'x', action: { type: 'teleport' } },
      { path: 'x', times: 0, action: { type: 'reset' } },
      { action: { type: 'reset' } },
    ]) {
      const res = await app.request('/__admin/faults', json(bad));
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(((await res.json()) as any).error.code).toBe(400);
    }
    expect((await app.request('/__admin/faults', { method: 'POST', body: '{', headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
    const a = ((await (await app.request('/__admin/faults', json({ path: '^/compute', action: { type: 'latency', ms: 10 } }))).json()) as any).id;
    await app.request('/__admin/faults', json({ method: 'GET', path: '^/image', times: null, action: { type: 'reset' } }));
    const list = ((await (await app.request('/__admin/faults')).json()) as any).faults;
    expect(list).toHaveLength(2);
    expect(list[0]).toEqual({ id: a, path: '^/compute', times: 1, action: { type: 'latency', ms: 10 } });
    expect(list[1]).toMatchObject({ method: 'GET', times: null });
    expect((await app.request(`/__admin/faults/${a}`, { method: 'DELETE' })).status).toBe(204);
    expect((await app.request(`/__admin/faults/${a}`, { method: 'DELETE' })).status).toBe(404);
    expect((await app.request('/__admin/faults', { method: 'DELETE' })).status).toBe(204);
    expect(((await (await app.request('/__admin/faults')).json()) as any).faults).toEqual([]);
  });
});

describe('reset', () => {
  it('reseeds data and drops tokens, faults, log and changed timings', async () => {
    const { app, state, cloud } = testCloud({ timings: { buildMs: 7 } });
    const token = await login(app);
    await app.request(`/__admin/servers/${SEED.servers.web1}`, json({ vmState: 'error' }));
    await app.request('/__admin/faults', json({ path: '^/nothing', action: { type: 'reset' } }));
    await app.request('/__admin/timings', json({ buildMs: 999 }));
    let fired = false;
    cloud.later(50, () => { fired = true; });
    const res = await app.request('/__admin/reset', { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await res.json()) as any).toEqual({ status: 'reset', servers: 7, images: 8 });
    expect(state.server(SEED.servers.web1)?.vmState).toBe('active');
    expect(state.faults).toEqual([]);
    expect(state.timings.buildMs).toBe(7);
    expect(cloud.timers.size).toBe(0);
    expect((await app.request('/identity/v3/auth/projects', { headers: { 'X-Auth-Token': token } })).status).toBe(401);
    const log = ((await (await app.request('/__admin/requests')).json()) as any).requests;
    expect(log.map((r: any) => r.path)).toEqual(['/identity/v3/auth/projects']);
    expect(fired).toBe(false);
  });

  it('adds bulk servers and images when asked, and refuses bad counts', async () => {
    const { app } = testCloud();
    const res = await app.request('/__admin/reset', json({ servers: 20, images: 30 }));
    expect((await res.json()) as any).toEqual({ status: 'reset', servers: 27, images: 38 });
    expect((await app.request('/__admin/reset', json({ servers: -1 }))).status).toBe(400);
    expect((await app.request('/__admin/reset', json({ flavors: 3 }))).status).toBe(400);
  });
});

describe('timings', () => {
  it('changes some timings and refuses bad ones', async () => {
    const { app, state } = testCloud();
    const res = await app.request('/__admin/timings', json({ snapshotPhaseMs: 20, tokenTtlSeconds: 60 }));
    expect(res.status).toBe(200);
    expect(state.timings).toMatchObject({ snapshotPhaseMs: 20, tokenTtlSeconds: 60, buildMs: 5 });
    expect((await app.request('/__admin/timings', json({ snapshotPhaseMs: -5 }))).status).toBe(400);
    expect((await app.request('/__admin/timings', json({ nap: 5 }))).status).toBe(400);
    expect(((await (await app.request('/__admin/timings')).json()) as any).timings.snapshotPhaseMs).toBe(20);
  });
});

describe('tokens', () => {
  it('expires one token, says so without listing ids, and expires all', async () => {
    const { app } = testCloud();
    const a = await login(app);
    const b = await login(app, 'alt', 'alt-demo');
    const projects = (t: string) => app.request('/identity/v3/auth/projects', { headers: { 'X-Auth-Token': t } });
    expect(((await (await app.request(`/__admin/tokens/${a}`)).json()) as any)).toEqual({ exists: true, revoked: false, expired: false });
    expect((await app.request(`/__admin/tokens/${a}/expire`, { method: 'POST' })).status).toBe(200);
    expect((await projects(a)).status).toBe(401);
    expect((await projects(b)).status).toBe(200);
    expect(((await (await app.request(`/__admin/tokens/${a}`)).json()) as any)).toEqual({ exists: true, revoked: false, expired: true });
    expect(((await (await app.request('/__admin/tokens/nope')).json()) as any)).toEqual({ exists: false, revoked: false, expired: false });
    expect((await app.request('/__admin/tokens/nope/expire', { method: 'POST' })).status).toBe(404);

    await app.request('/identity/v3/auth/tokens', { method: 'DELETE', headers: { 'X-Auth-Token': b, 'X-Subject-Token': b } });
    const counts = (await (await app.request('/__admin/tokens?revoked=true')).json()) as any;
    expect(counts).toEqual({ total: 2, active: 0, revoked: 1, expired: 1, count: 1 });
    expect(JSON.stringify(counts)).not.toContain(a.slice(0, 20));
    expect((await app.request('/__admin/tokens?revoked=maybe')).status).toBe(400);

    const c = await login(app);
    const all = (await (await app.request('/__admin/tokens/expire-all', { method: 'POST' })).json()) as any;
    expect(all.expired).toBe(2); // c, and b (revoked but not yet expired)
    expect((await projects(c)).status).toBe(401);
  });
});

describe('tokens of one user', () => {
  it('counts only the tokens issued to the named user, and refuses an unknown or empty name', async () => {
    const { app } = testCloud();
    const tokensOf = async (query: string) => (await (await app.request(`/__admin/tokens?${query}`)).json()) as any;
    expect(await tokensOf('user=demo')).toEqual({ total: 0, active: 0, revoked: 0, expired: 0, count: 0 });
    const d1 = await login(app);
    const d2 = await login(app, 'demo', 'alt-demo');
    await login(app, 'alt', 'alt-demo');
    const demo = await tokensOf('user=demo');
    expect(demo).toEqual({ total: 2, active: 2, revoked: 0, expired: 0, count: 2 });
    expect(JSON.stringify(demo)).not.toContain(d1.slice(0, 20));

    await app.request('/identity/v3/auth/tokens', { method: 'DELETE', headers: { 'X-Auth-Token': d1, 'X-Subject-Token': d1 } });
    await app.request(`/__admin/tokens/${d2}/expire`, { method: 'POST' });
    expect(await tokensOf('user=demo')).toEqual({ total: 2, active: 0, revoked: 1, expired: 1, count: 2 });
    expect(await tokensOf('user=demo&revoked=false&expired=true')).toMatchObject({ count: 1 });
    expect(await tokensOf('user=alt')).toEqual({ total: 1, active: 1, revoked: 0, expired: 0, count: 1 });
    expect(await tokensOf('')).toMatchObject({ total: 3, active: 1 });

    const unknown = await app.request('/__admin/tokens?user=dmeo');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.message).toBe('No user named dmeo.');
    expect((await app.request('/__admin/tokens?user=')).status).toBe(400);
  });
});

describe('token scan', () => {
  it('says how many issued tokens a text contains, never which', async () => {
    const { app } = testCloud();
    const a = await login(app);
    const scan = async (text: string) => (await (await app.request('/__admin/tokens/scan', json({ text }))).json()) as any;
    expect(await scan(`<html>${a}</html>`)).toEqual({ tokens: 1, found: 1 });
    expect(await scan(`<html>${a.slice(0, -1)}</html>`)).toEqual({ tokens: 1, found: 0 });
    expect((await app.request('/__admin/tokens/scan', json({ text: 42 }))).status).toBe(400);
  });
});

describe('servers', () => {
  it('sets test fields on a server, validated', async () => {
    const { app, state } = testCloud();
    const id = SEED.servers.db1;
    const res = await app.request(`/__admin/servers/${id}`, json({ vmState: 'stopped', powerState: 4, taskState: 'image_uploading', agentRunning: false }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).server).toMatchObject({ id, vmState: 'stopped', powerState: 4, taskState: 'image_uploading', agentRunning: false });
    expect(state.server(id)).toMatchObject({ vmState: 'stopped', powerState: 4, taskState: 'image_uploading', agentRunning: false });
    expect((await app.request(`/__admin/servers/${id}`, json({ taskState: null }))).status).toBe(200);
    expect(state.server(id)?.taskState).toBeNull();
    for (const bad of [{ vmState: 'flying' }, { powerState: 2 }, { agentRunning: 'yes' }, {}, { name: 'x' }]) {
      expect((await app.request(`/__admin/servers/${id}`, json(bad))).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await app.request('/__admin/servers/nope', json({ vmState: 'active' }))).status).toBe(404);
    expect((await app.request('/__admin/nothing')).status).toBe(404);
  });
});
