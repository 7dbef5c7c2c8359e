// Fault injection: each action, method/path matching, order and times counting.
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import type { FaultRuleInput } from './faults';
import { InjectedConnectionReset, applyFaults, matchesPath, parsePathPattern } from './faults';
import { startLocalCloud } from '../server';
import { login, testCloud } from '../test-helpers';

function cloudWithFaults() {
  const local = testCloud();
  const add = async (rule: FaultRuleInput) => {
    const res = await local.app.request('/__admin/faults', { method: 'POST', body: JSON.stringify(rule), headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  return { ...local, add };
}

describe('fault actions', () => {
  it('latency delays the request and then lets it through', async () => {
    const { app, add } = cloudWithFaults();
    await add({ path: '^/identity/v3$', action: { type: 'latency', ms: 300 } });
    const t0 = performance.now();
    const res = await app.request('/identity/v3');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
    const t1 = performance.now();
    await app.request('/identity/v3');
    expect(performance.now() - t1).toBeLessThan(250); // times defaults to 1
  });

  it.each([
    ['/compute/v2.1/servers', {}, (b: any) => expect(b).toEqual({ computeFault: { code: 500, message: expect.stringMatching(/^Unexpected API Error/) } })],
    ['/image/v2/images', { Accept: 'application/json' }, (b: any) => expect(b).toMatchObject({ code: '500 Internal Server Error', title: 'Internal Server Error' })],
    ['/identity/v3/auth/projects', {}, (b: any) => expect(b).toMatchObject({ error: { code: 500, title: 'Internal Server Error' } })],
    ['/network/v2.0/networks', {}, (b: any) => expect(b.NeutronError).toMatchObject({ type: 'HTTPInternalServerError', detail: '' })],
  ])('status answers %s in that service\'s error shape', async (path, headers, check) => {
    const { app, add } = cloudWithFaults();
    await add({ path: `^${path}$`, action: { type: 'status', status: 500 } });
    const res = await app.request(path, { headers });
    expect(res.status).toBe(500);
    check(await res.json());
  });

  it('status with a body sends that body and content type', async () => {
    const { app, add } = cloudWithFaults();
    await add({ path: '^/identity/v3$', action: { type: 'status', status: 503, body: 'down for maintenance', contentType: 'text/plain' } });
    const res = await app.request('/identity/v3');
    expect(res.status).toBe(503);
    expect(res.headers.get('Content-Type')).toBe('text/plain');
    expect(await res.text()).toBe('down for maintenance');
  });

  it('html answers a proxy\'s error page', async () => {
    const { app, add } = cloudWithFaults();
    await add({ path: '^/compute/', action: { type: 'html', status: 502 } });
    const res = await app.request('/compute/v2.1/servers/detail');
    expect(res.status).toBe(502);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<h1>502 Bad Gateway<\/h1>/);
  });

  it('malformed-json answers application/json that does not parse, with the given status', async () => {
    const { app, add } = cloudWithFaults();
    const token = await login(app);
    await add({ path: '^/network/v2.0/networks$', action: { type: 'malformed-json' } });
    await add({ path: '^/identity/v3$', action: { type: 'malformed-json', status: 503 } });
    const res = await app.request('/network/v2.0/networks', { headers: { 'X-Auth-Token': token } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    const text = await res.text();
    expect(text.startsWith('{"networks":[')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    const other = await app.request('/identity/v3');
    expect(other.status).toBe(503);
    await expect(other.json()).rejects.toThrow();
  });

  it('reset without a socket (in-process) throws InjectedConnectionReset', async () => {
    const { cloud, add } = cloudWithFaults();
    await add({ path: '^/identity/v3$', action: { type: 'reset' } });
    const bare = new Hono();
    bare.use('*', applyFaults(cloud) as any);
    bare.get('/identity/v3', (c) => c.text('ok'));
    bare.onError((err) => { throw err; });
    await expect(bare.request('/identity/v3')).rejects.toBeInstanceOf(InjectedConnectionReset);
  });
});

describe('reset over a real connection', async () => {
  const running = await startLocalCloud({ timings: { snapshotPhaseMs: 5, buildMs: 5, powerMs: 5 } });
  afterAll(() => running.close());

  it('destroys the socket: the client sees a network error, and the next request works', async () => {
    const res = await fetch(`${running.url}/__admin/faults`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ path: '^/identity/v3$', action: { type: 'reset' } }),
    });
    expect(res.status).toBe(201);
    await expect(fetch(`${running.url}/identity/v3`)).rejects.toThrow(/fetch failed/);
    expect((await fetch(`${running.url}/identity/v3`)).status).toBe(200);
  });
});

describe('matching and counting', () => {
  it('applies a rule `times` times, then removes it; null means until removed', async () => {
    const { app, add, state } = cloudWithFaults();
    await add({ path: '^/identity/v3$', times: 2, action: { type: 'status', status: 500 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request('/identity/v3')).status);
    expect(statuses).toEqual([500, 500, 200]);
    expect(state.faults).toHaveLength(0);

    const id = await add({ path: '^/identity/v3$', times: null, action: { type: 'status', status: 503 } });
    for (let i = 0; i < 5; i++) expect((await app.request('/identity/v3')).status).toBe(503);
    expect((await app.request(`/__admin/faults/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await app.request('/identity/v3')).status).toBe(200);
  });

  it('matches the method when given, and the regex against the full path', async () => {
    const { app, add } = cloudWithFaults();
    await add({ method: 'post', path: '/auth/tokens$', times: null, action: { type: 'status', status: 500 } });
    expect((await app.request('/identity/v3/auth/tokens', { method: 'GET' })).status).toBe(401);
    expect((await app.request('/identity/v3/auth/tokens', { method: 'POST', body: '{}' })).status).toBe(500);
    expect((await app.request('/identity/v3')).status).toBe(200);
  });

  it('adds latency rules up and stops at the first other rule, in order', async () => {
    const { app, add, state } = cloudWithFaults();
    await add({ path: '^/identity', action: { type: 'latency', ms: 150 } });
    await add({ path: '^/identity/v3$', action: { type: 'status', status: 502 } });
    await add({ path: '^/identity/v3$', action: { type: 'status', status: 503 } });
    const t0 = performance.now();
    const res = await app.request('/identity/v3');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(502);
    // The 503 rule was not reached, so it is still there with its one use.
    expect(state.faults.map((f) => f.action.type === 'status' && f.action.status)).toEqual([503]);
  });

  it('never applies to the admin API', async () => {
    const { app, add } = cloudWithFaults();
    await add({ path: '/', times: null, action: { type: 'status', status: 500 } });
    expect((await app.request('/identity/v3')).status).toBe(500);
    expect((await app.request('/__admin/health')).status).toBe(200);
  });
});

describe('path patterns: literal, anchored, never a regular expression', () => {
  const matches = (pattern: string, path: string) => {
    const parsed = parsePathPattern(pattern);
    if (typeof parsed === 'string') throw new Error(parsed);
    return matchesPath(parsed, path);
  };

  it.each([
    ['^/image/v2/images/abc$', '/image/v2/images/abc', true],
    ['^/image/v2/images/abc$', '/image/v2/images/abc/file', false],
    ['^/image/v2/images/abc$', '/x/image/v2/images/abc', false],
    ['/servers/abc/action$', '/compute/v2.1/servers/abc/action', true],
    ['/servers/abc/action$', '/compute/v2.1/servers/abc/action/x', false],
    ['^/compute/v2\\.1/servers$', '/compute/v2.1/servers', true],
    ['^/compute/v2\\.1/servers$', '/compute/v2x1/servers', false],
    ['/compute/v2.1/servers/abc/action', '/compute/v2.1/servers/abc/action', true],
    ['/compute/v2.1/servers', '/compute/v2x1/servers', false],
    ['^/identity', '/identity/v3', true],
    ['^/identity', '/x/identity', false],
    ['networks', '/network/v2.0/networks', true],
    ['^', '/anything', true],
    ['$', '/anything', true],
  ])('%s on %s: %s', (pattern, path, expected) => {
    expect(matches(pattern, path)).toBe(expected);
  });

  it.each([
    '(a+)+$', '.*', '^/compute/.+$', 'a|b', '/servers/[0-9a-f]+', 'x{2}', '\\d', '\\/', '/x?', '^^/x', '/x$$', '/x\\$', '/a$b', '/a^b',
  ])('refuses %s', (pattern) => {
    const error = parsePathPattern(pattern);
    expect(typeof error).toBe('string');
    expect(error).toMatch(/literal path, with \^ first to anchor its start and \$ last/);
  });

  it('answers 400 through the admin API, saying what is allowed', async () => {
    const { app, state } = testCloud();
    const res = await app.request('/__admin/faults', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ path: '(a+)+$', action: { type: 'status', status: 500 } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toMatch(/^path: "\(" is not accepted here: a fault path is a literal path/);
    expect(state.faults).toEqual([]);
  });

  it('agrees with the regular expression it resembles (dots literal), for any pattern and path', () => {
    const piece = fc.constantFrom('a', 'b', '/', '.', '\\.', '1');
    const pattern = fc.tuple(fc.boolean(), fc.array(piece, { maxLength: 6 }), fc.boolean())
      .map(([start, body, end]) => `${start ? '^' : ''}${body.join('')}${end ? '$' : ''}`);
    const path = fc.array(fc.constantFrom('a', 'b', '/', '.', '1', 'x'), { maxLength: 10 }).map((p) => p.join(''));
    fc.assert(fc.property(pattern, path, (p, candidate) => {
      const asRegExp = new RegExp(p.replace(/\\?\./g, '\\.'));
      expect(matches(p, candidate)).toBe(asRegExp.test(candidate));
    }), { numRuns: 2000 });
  });

  it('takes linear time on input that makes a backtracking matcher explode', () => {
    const path = `/${'a'.repeat(200_000)}!`;
    const t0 = performance.now();
    for (const p of ['a'.repeat(1000) + '$', `^/${'a'.repeat(1000)}b`, 'a'.repeat(2000) + 'b']) expect(matches(p, path)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
