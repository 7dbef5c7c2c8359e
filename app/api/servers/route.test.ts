import { afterEach, describe, expect, it, vi } from 'vitest';
import { FAKE_SESSION, callRoute, fakeUpstream, json } from '@/lib/instances/testing/route-harness';
import { GET } from './route';

vi.mock('@/lib/server/session', async () => (await import('@/lib/instances/testing/route-harness')).fakeSessionModule);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  FAKE_SESSION.computeMicroversion = '2.93';
});

const IMG_A = 'a0000001-0000-4000-8000-000000000001';
const IMG_B = 'a0000001-0000-4000-8000-000000000003';
const wireServer = (n: number, image: string | '') => ({
  id: `b0000001-0000-4000-8000-00000000000${n}`, name: `s-${n}`, status: 'ACTIVE', tenant_id: 'p1', created: '2026-11-01T00:00:00Z',
  image: image === '' ? '' : { id: image }, 'OS-EXT-STS:task_state': null, 'OS-EXT-STS:power_state': 1,
  'OS-SRV-USG:launched_at': '2026-11-01T00:00:20.000000',
  flavor: { original_name: 'd2-4', vcpus: 2, ram: 4000, disk: 50 },
});
const wireImage = (id: string, props: Record<string, string>) => ({
  id, name: `img-${id.slice(-1)}`, status: 'active', visibility: 'private', protected: false,
  created_at: '2026-10-01T00:00:00Z', updated_at: '2026-10-01T00:00:00Z', ...props,
});

function cloudWith(servers: unknown[], images: unknown[]) {
  return fakeUpstream((method, url) => {
    if (url.pathname.endsWith('/servers/detail')) return json(200, { servers });
    if (url.pathname.endsWith('/v2/images')) return json(200, { images });
    if (url.pathname.endsWith('/flavors/detail')) return json(200, { flavors: [{ id: 'd2-4', name: 'd2-4', vcpus: 2, ram: 4000, disk: 50 }] });
    return json(404, {});
  });
}

describe('GET /api/servers: input validation', () => {
  it.each([
    [{ limit: '25' }, /page size/],
    [{ marker: 'not-a-uuid' }, /UUID/],
    [{ status: 'RUNNING' }, /status/],
    [{ sort: 'size' }, /sort/],
    [{ all_tenants: '1' }, /all_tenants|Unrecognized/i],
    [{ name: 'x'.repeat(256) }, /name/],
  ])('refuses %o with 400 and sends nothing upstream', async (query, message) => {
    const upstream = cloudWith([], []);
    const r = await callRoute(GET, { query });
    expect(r.status).toBe(400);
    expect(r.json.error?.message).toMatch(message);
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('GET /api/servers: upstream calls', () => {
  it('makes one Nova list and one Glance id=in: lookup of the page\'s distinct boot images', async () => {
    const upstream = cloudWith(
      [wireServer(1, IMG_A), wireServer(2, IMG_A), wireServer(3, IMG_B), wireServer(4, '')],
      [wireImage(IMG_A, {}), wireImage(IMG_B, { hw_qemu_guest_agent: 'yes' })],
    );
    const r = await callRoute(GET, { query: { limit: '50', name: 'web', sort: 'name', dir: 'asc' } });
    expect(r.status).toBe(200);
    expect(upstream.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual(['GET /compute/v2.1/servers/detail', 'GET /image/v2/images']);
    const nova = upstream.calls[0]!.url.searchParams;
    expect(Object.fromEntries(nova)).toMatchObject({ limit: '50', name: 'web', sort_key: 'display_name', sort_dir: 'asc' });
    expect(upstream.calls[1]!.url.searchParams.get('id')).toBe(`in:${IMG_A},${IMG_B}`);
    const rows = r.json.servers as { name: string; channel: { kind: string }; image: { name: string } | null; flavor: { name: string } }[];
    expect(rows.map((s) => s.channel.kind)).toEqual(['none', 'none', 'channel', 'volume']);
    expect(rows[0]?.flavor.name).toBe('d2-4');
    expect(JSON.stringify(r.json)).not.toContain('cloud.test');
  });

  it('asks Glance nothing when the page has no image-backed servers', async () => {
    const upstream = cloudWith([wireServer(4, '')], []);
    await callRoute(GET);
    expect(upstream.calls).toHaveLength(1);
  });

  it('before 2.47 reads flavors once per session, not per page', async () => {
    FAKE_SESSION.computeMicroversion = '2.46';
    const old = { ...wireServer(1, IMG_A), flavor: { id: 'd2-4' } };
    const upstream = cloudWith([old], [wireImage(IMG_A, {})]);
    const first = await callRoute(GET);
    await callRoute(GET);
    const flavorCalls = upstream.calls.filter((c) => c.url.pathname.endsWith('/flavors/detail'));
    expect(flavorCalls).toHaveLength(1);
    expect((first.json.servers as { flavor: { name: string; vcpus: number } }[])[0]?.flavor).toMatchObject({ name: 'd2-4', vcpus: 2 });
  });
});
