// The one pipeline every route handler goes through: origin, body size and type, zod, session.
import { NextRequest } from 'next/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { fakeSessionModule, fakeUpstream, json, type Upstream } from '@/lib/instances/testing/route-harness';

vi.mock('@/lib/server/session', () => ({ ...fakeSessionModule, startSession: vi.fn(async () => undefined) }));

const { DEFAULT_BODY_LIMIT, publicRoute, Refusal, withSession } = await import('./api');
const { POST: login } = await import('@/app/api/auth/login/route');

const APP = 'http://snapdeck.test';
let upstream: Upstream;
let handled: unknown[];

beforeEach(() => {
  upstream = fakeUpstream(() => json(500, {}));
  handled = [];
});
afterEach(() => vi.unstubAllGlobals());

const route = withSession({ body: z.object({ name: z.string().max(10) }) }, async ({ body }) => {
  handled.push(body);
  return { ok: true };
});
const noBody = withSession({}, async () => {
  handled.push('called');
  return { ok: true };
});

function call(handler: typeof route, init: { method?: string; headers?: Record<string, string>; body?: BodyInit | null; duplex?: 'half' }) {
  const req = new NextRequest(`${APP}/api/x`, { method: 'POST', ...init, headers: { host: 'snapdeck.test', ...init.headers } } as ConstructorParameters<typeof NextRequest>[1]);
  return handler(req, { params: Promise.resolve({}) });
}
const JSON_FROM_APP = { origin: APP, 'content-type': 'application/json' };

describe('origin check', () => {
  it('accepts the app’s own origin', async () => {
    const res = await call(route, { headers: JSON_FROM_APP, body: '{"name":"a"}' });
    expect(res.status).toBe(200);
    expect(handled).toEqual([{ name: 'a' }]);
  });

  it.each([
    ['another site', { origin: 'http://evil.example' }],
    ['a same-site sibling', { origin: 'http://a.snapdeck.test' }],
    ['null', { origin: 'null' }],
    ['no Origin and a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['no Origin and no Sec-Fetch-Site', {}],
  ])('refuses %s with 403 JSON, before reading the body or calling anything', async (_what, headers) => {
    // The body is oversize and malformed: the origin is checked first all the same.
    const res = await call(route, { headers: { 'content-type': 'application/json', ...headers }, body: '{'.repeat(DEFAULT_BODY_LIMIT + 10) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/refused/);
    expect(handled).toEqual([]);
    expect(upstream.calls).toEqual([]);
  });

  it('accepts Sec-Fetch-Site: same-origin where Origin is absent', async () => {
    const res = await call(route, { headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body: '{"name":"a"}' });
    expect(res.status).toBe(200);
  });

  it('does not check GET, which changes nothing', async () => {
    const res = await call(noBody, { method: 'GET', headers: { origin: 'http://evil.example' } });
    expect(res.status).toBe(200);
  });
});

describe('JSON bodies', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])('accepts %j', async (type) => {
    expect((await call(route, { headers: { origin: APP, 'content-type': type }, body: '{"name":"a"}' })).status).toBe(200);
  });

  it.each(['text/plain', 'text/plain; application/json', 'application/json, text/plain', 'application/jsonp', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', ''])('refuses %j with 415', async (type) => {
    const res = await call(route, { headers: { origin: APP, 'content-type': type }, body: '{"name":"a"}' });
    expect(res.status).toBe(415);
    expect(handled).toEqual([]);
  });

  it('answers 400 with a message for malformed JSON and for a body zod refuses', async () => {
    expect((await call(route, { headers: JSON_FROM_APP, body: '{"name":' })).status).toBe(400);
    const res = await call(route, { headers: JSON_FROM_APP, body: '{"name":"far too long a name"}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields.name).toBeTruthy();
  });
});

describe("a feature's refusal", () => {
  it('is answered by the pipeline with its status, words and fields, no catch in the route', async () => {
    const refusing = publicRoute({}, async () => {
      throw new Refusal(409, 'This instance already has a “daily” schedule.', { backupType: 'taken' });
    });
    const res = await call(refusing, { headers: { origin: APP } });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { status: 409, message: 'This instance already has a “daily” schedule.', requestId: null, fields: { backupType: 'taken' } } });
  });
});

describe('security headers', () => {
  it('are on every answer, success, refusal or crash: a CSP that loads nothing, no-store, no HSTS over plain http whatever a client claims', async () => {
    const crashing = publicRoute({}, async () => {
      throw new Error('a bug');
    });
    const redirecting = publicRoute({}, async () => Response.redirect(`${APP}/login`, 303));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const answers = [
      await call(noBody, { method: 'GET' }),
      await call(route, { headers: { ...JSON_FROM_APP, 'x-forwarded-proto': 'https' }, body: '{"name":"far too long a name"}' }),
      await call(crashing, { method: 'GET' }),
      await call(redirecting, { method: 'GET' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 400, 500, 303]);
    for (const res of answers) {
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.has('strict-transport-security')).toBe(false);
    }
    expect(answers[3]!.headers.get('location')).toBe(`${APP}/login`);
  });
});

describe('body size', () => {
  it('refuses a declared length over 64 KiB with 413 before reading', async () => {
    const res = await call(route, { headers: { ...JSON_FROM_APP, 'content-length': String(DEFAULT_BODY_LIMIT + 1) }, body: '{}' });
    expect(res.status).toBe(413);
  });

  it('stops reading a streamed body as soon as it passes 64 KiB', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
        if (pulled > 10 * 1024 * 1024) controller.close();
      },
    });
    const res = await call(route, { headers: JSON_FROM_APP, body: stream, duplex: 'half' });
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(DEFAULT_BODY_LIMIT * 2);
  });

  it('takes a body of exactly 64 KiB', async () => {
    const body = JSON.stringify({ name: 'a', pad: ' '.repeat(DEFAULT_BODY_LIMIT - 24) });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(DEFAULT_BODY_LIMIT);
    expect((await call(route, { headers: JSON_FROM_APP, body })).status).toBe(200);
  });

  it('applies to signed-out routes too', async () => {
    const open = publicRoute({ body: z.object({}) }, async () => ({ ok: true }));
    expect((await call(open, { headers: { ...JSON_FROM_APP, 'content-length': String(10 * 1024 * 1024) }, body: '{}' })).status).toBe(413);
  });
});

describe('sign-in goes through the same pipeline', () => {
  const form = 'username=demo&password=demo&domain=Default&project=demo';

  it('refuses a cross-site text/plain form post (login CSRF) without asking Keystone', async () => {
    const res = await call(login, { headers: { origin: 'http://evil.example', 'content-type': 'text/plain' }, body: `{"username":"attacker","password":"x","domain":"Default","x":"=${form}"}` });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(upstream.calls).toEqual([]);
  });

  it('refuses a same-origin body that is not JSON with 415', async () => {
    const res = await call(login, { headers: { origin: APP, 'content-type': 'text/plain; application/json' }, body: '{"username":"demo","password":"demo","domain":"Default"}' });
    expect(res.status).toBe(415);
    expect(upstream.calls).toEqual([]);
  });

  it('refuses unknown fields and oversize fields with 400', async () => {
    expect((await call(login, { headers: JSON_FROM_APP, body: JSON.stringify({ username: 'demo', password: 'demo', domain: 'Default', admin: true }) })).status).toBe(400);
    expect((await call(login, { headers: JSON_FROM_APP, body: JSON.stringify({ username: 'd'.repeat(300), password: 'demo', domain: 'Default' }) })).status).toBe(400);
    expect(upstream.calls).toEqual([]);
  });

  it('throttles failed sign-ins: 429 with Retry-After, and Keystone is not asked', async () => {
    upstream = fakeUpstream(() => json(401, { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } }));
    const attempt = () => call(login, { headers: { ...JSON_FROM_APP, 'x-forwarded-for': '198.51.100.77' }, body: JSON.stringify({ username: 'victim', password: 'guess', domain: 'Default', project: 'demo' }) });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    const calls = upstream.calls.length;
    const res = await attempt();
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(60);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Too many failed sign-ins/);
    expect(upstream.calls.length).toBe(calls);
  });
});
