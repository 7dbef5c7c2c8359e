import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { OpenStackError } from './errors';
import { request } from './http';
import { fakeConnection, fixture } from './testing/fake-server';
import { withFakeServer } from './testing/use-fake-server';

const fake = withFakeServer();

async function failure(p: Promise<unknown>): Promise<OpenStackError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(OpenStackError);
  return err as OpenStackError;
}

describe('request', () => {
  it('sends token, Accept, User-Agent and both microversion headers to compute', async () => {
    fake().expect({
      method: 'GET', path: '/compute/v2.1/limits', microversion: '2.79',
      headers: { 'User-Agent': 'snapdeck/0.1' }, reply: { status: 200, json: { ok: true } },
    });
    const reply = await request(fakeConnection(fake(), { microversion: '2.79' }), {
      service: 'compute', method: 'GET', path: '/limits', ok: [200], parse: z.object({ ok: z.boolean() }),
    });
    expect(reply.data).toEqual({ ok: true });
  });

  it('sends no microversion header to other services', async () => {
    fake().expect({ method: 'GET', path: '/image/v2/images', microversion: null, reply: { status: 200, json: {} } });
    await request(fakeConnection(fake()), { service: 'image', method: 'GET', path: '/images', ok: [200], parse: z.object({}) });
  });

  it('turns a status outside `ok` into an http error with the request id', async () => {
    fake().expect({
      method: 'POST', path: '/compute/v2.1/servers/x/action', json: { createImage: { name: 'n' } },
      reply: { status: 409, headers: { 'x-openstack-request-id': 'req-409', 'Content-Type': 'application/json; charset=UTF-8' }, json: fixture('nova-409-create-image.json') },
    });
    const err = await failure(request(fakeConnection(fake()), {
      service: 'compute', method: 'POST', path: '/servers/x/action', json: { createImage: { name: 'n' } }, ok: [202], parse: 'none',
    }));
    expect(err).toMatchObject({ kind: 'http', status: 409, service: 'compute', method: 'POST', requestId: 'req-409' });
    expect(err.safeMessage).toMatch(/^Cannot 'createImage' instance/);
    expect(err.message).not.toContain('127.0.0.1');
  });

  it('reads the request id from x-compute-request-id too', async () => {
    fake().expect({ method: 'GET', path: '/compute/v2.1/servers/detail', reply: { status: 401, headers: { 'x-compute-request-id': 'req-c' }, json: fixture('nova-401.json') } });
    const err = await failure(request(fakeConnection(fake()), { service: 'compute', method: 'GET', path: '/servers/detail', ok: [200], parse: 'none' }));
    expect(err.is(401)).toBe(true);
    expect(err.requestId).toBe('req-c');
    expect(err.safeMessage).toBe('The request you have made requires authentication.');
  });

  it('maps Glance HTML errors to a readable message', async () => {
    fake().expect({ method: 'GET', path: '/image/v2/images/x', reply: { status: 404, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: fixture<string>('glance-404.html') } });
    const err = await failure(request(fakeConnection(fake()), { service: 'image', method: 'GET', path: '/images/x', ok: [200], parse: 'none' }));
    expect(err.safeMessage).toBe('No image found with ID 47317934-92e1-4efe-afc2-33a20ef5e623');
  });

  it('times out with kind timeout and status 0', async () => {
    fake().expect({ method: 'GET', path: '/image/v2/images', reply: { status: 200, hang: true } });
    const started = Date.now();
    const err = await failure(request(fakeConnection(fake(), { timeoutMs: 150 }), { service: 'image', method: 'GET', path: '/images', ok: [200], parse: z.object({}) }));
    expect(err).toMatchObject({ kind: 'timeout', status: 0 });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('times out while reading a JSON body that never ends', async () => {
    fake().expect({ method: 'GET', path: '/image/v2/images', reply: { status: 200, json: { images: [] }, hangAfterHeaders: true } });
    const err = await failure(request(fakeConnection(fake(), { timeoutMs: 150 }), { service: 'image', method: 'GET', path: '/images', ok: [200], parse: z.object({}) }));
    expect(err.kind).toBe('timeout');
  });

  it('maps a dropped connection to kind network', async () => {
    fake().expect({ method: 'GET', path: '/image/v2/images', reply: { status: 200, destroy: true } });
    const err = await failure(request(fakeConnection(fake()), { service: 'image', method: 'GET', path: '/images', ok: [200], parse: z.object({}) }));
    expect(err).toMatchObject({ kind: 'network', status: 0 });
  });

  it('maps a refused connection to kind network', async () => {
    const conn = { ...fakeConnection(fake()), endpoints: { ...fakeConnection(fake()).endpoints, image: 'http://127.0.0.1:9/image' } };
    const err = await failure(request(conn, { service: 'image', method: 'GET', path: '/images', ok: [200], parse: 'none' }));
    expect(err.kind).toBe('network');
  });

  it('rejects malformed JSON and schema mismatches as invalid-response', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fake().expect(
      { method: 'GET', path: '/image/v2/images', reply: { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"images": [' } },
      { method: 'GET', path: '/image/v2/images', reply: { status: 200, json: { images: 'nope' } } },
    );
    const conn = fakeConnection(fake());
    const spec = { service: 'image', method: 'GET', path: '/images', ok: [200], parse: z.object({ images: z.array(z.unknown()) }) } as const;
    expect(await failure(request(conn, spec))).toMatchObject({ kind: 'invalid-response', status: 200 });
    expect(await failure(request(conn, spec))).toMatchObject({ kind: 'invalid-response', status: 200 });
    // The zod issue is logged server-side, without the body.
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]?.[1])).toContain('images');
    log.mockRestore();
  });

  it('treats a success code the call does not state as invalid-response, naming the service', async () => {
    fake().expect({ method: 'POST', path: '/compute/v2.1/servers', reply: { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"server": {"id": "3f' } });
    const err = await failure(request(fakeConnection(fake()), { service: 'compute', method: 'POST', path: '/servers', json: { server: {} }, ok: [202], parse: 'none' }));
    expect(err).toMatchObject({ kind: 'invalid-response', status: 200 });
    expect(err.safeMessage).toBe('The compute service answered HTTP 200, which this call does not expect.');
  });

  it('does not follow redirects', async () => {
    fake().expect({ method: 'GET', path: '/image/v2/images', reply: { status: 302, headers: { Location: 'http://example.invalid/v2/images' } } });
    const err = await failure(request(fakeConnection(fake()), { service: 'image', method: 'GET', path: '/images', ok: [200], parse: 'none' }));
    expect(err.is(302)).toBe(true);
  });

  it('encodes query values and repeats array values', async () => {
    fake().expect({ method: 'GET', path: '/network/v2.0/networks', query: { fields: ['id', 'name'], shared: 'true', q: 'a b&c' }, reply: { status: 200, json: {} } });
    await request(fakeConnection(fake()), {
      service: 'network', method: 'GET', path: '/networks', query: { fields: ['id', 'name'], shared: true, q: 'a b&c', skip: undefined },
      ok: [200], parse: z.object({}),
    });
  });

  it('puts only the response headers under the timeout of a stream', async () => {
    fake().expect({
      method: 'GET', path: '/image/v2/images/x/file',
      reply: () => ({ status: 200, headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.alloc(10) }),
    });
    const reply = await request(fakeConnection(fake(), { timeoutMs: 100 }), { service: 'image', method: 'GET', path: '/images/x/file', ok: [200], parse: 'stream' });
    // Reading after the timeout has elapsed still works: the timer stopped with the headers.
    await new Promise((r) => setTimeout(r, 200));
    const bytes = new Uint8Array(await new Response(reply.data).arrayBuffer());
    expect(bytes.length).toBe(10);
  });
});
