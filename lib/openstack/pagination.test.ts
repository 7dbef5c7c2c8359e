import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OpenStackError } from './errors';
import { allPages, collectAll, listAllPages, markerOf, nextHrefOf } from './pagination';
import { fakeConnection, startFakeServer, type FakeServer } from './testing/fake-server';
import { withFakeServer } from './testing/use-fake-server';

const fake = withFakeServer();

describe('link helpers', () => {
  it('finds the next link and its marker', () => {
    const links = [{ rel: 'self', href: 'x' }, { rel: 'next', href: 'http://h/v2.1/servers/detail?limit=1&marker=m-1' }];
    expect(nextHrefOf(links)).toBe('http://h/v2.1/servers/detail?limit=1&marker=m-1');
    expect(nextHrefOf(undefined)).toBeNull();
    expect(markerOf('/v2/images?limit=2&marker=abc')).toBe('abc');
    expect(markerOf(null)).toBeNull();
  });
});

describe('allPages', () => {
  it('stops at the cap with an error instead of truncating silently', async () => {
    let n = 0;
    const pages = allPages('image', async () => ({ items: [n], nextLink: `/v2/images?marker=${n++}` }), 3);
    await expect(collectAll(pages)).rejects.toThrow(/more than 3 pages/);
    expect(n).toBe(3);
  });

  it('refuses a next link that repeats', async () => {
    const pages = allPages('image', async () => ({ items: [1], nextLink: '/v2/images?marker=same' }));
    await expect(collectAll(pages)).rejects.toBeInstanceOf(OpenStackError);
  });
});

describe('listAllPages', () => {
  let foreign: FakeServer | null = null;
  afterEach(async () => {
    await foreign?.close();
    foreign = null;
  });

  it('follows a Nova next link on the catalog endpoint, never on the host it names', async () => {
    foreign = await startFakeServer();
    const schema = z.object({ servers: z.array(z.object({ id: z.string() })), servers_links: z.array(z.object({ rel: z.string(), href: z.string() })).optional() });
    fake().expect(
      {
        method: 'GET', path: '/compute/v2.1/servers/detail', query: { limit: '1' },
        reply: { status: 200, json: { servers: [{ id: 'a' }], servers_links: [{ rel: 'next', href: `${foreign.url}/v2.1/servers/detail?limit=1&marker=a` }] } },
      },
      { method: 'GET', path: '/compute/v2.1/servers/detail', query: { limit: '1', marker: 'a' }, reply: { status: 200, json: { servers: [{ id: 'b' }] } } },
    );
    const ids = await listAllPages(fakeConnection(fake()), {
      service: 'compute', path: '/servers/detail', query: { limit: 1 }, parse: schema,
      items: (d) => d.servers.map((s) => s.id), next: (d) => nextHrefOf(d.servers_links),
    });
    expect(ids).toEqual(['a', 'b']);
    expect(foreign.requests).toHaveLength(0);
  });

  it('follows Glance next paths relative to the image endpoint', async () => {
    const schema = z.object({ images: z.array(z.object({ id: z.string() })), next: z.string().optional() });
    fake().expect(
      { method: 'GET', path: '/image/v2/images', query: { limit: '2' }, reply: { status: 200, json: { images: [{ id: '1' }, { id: '2' }], next: '/v2/images?limit=2&marker=2' } } },
      { method: 'GET', path: '/image/v2/images', query: { limit: '2', marker: '2' }, reply: { status: 200, json: { images: [{ id: '3' }] } } },
    );
    const ids = await listAllPages(fakeConnection(fake()), {
      service: 'image', path: '/images', query: { limit: 2 }, parse: schema, items: (d) => d.images.map((i) => i.id), next: (d) => d.next ?? null,
    });
    expect(ids).toEqual(['1', '2', '3']);
  });
});
