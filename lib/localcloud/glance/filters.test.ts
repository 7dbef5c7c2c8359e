import { describe, expect, it } from 'vitest';
import { splitInValues } from './filters';
import { makeGlanceCloud, webobJson } from './test-helpers';
import { SEED } from '../state/seed';

const I = SEED.images;
type Listed = { images: { id: string; name: string; visibility: string }[]; first: string; next?: string; schema: string };

async function list(request: ReturnType<typeof makeGlanceCloud>['request'], token: string, query = ''): Promise<Listed> {
  const res = await request('GET', `/image/v2/images${query}`, { token });
  expect(res.status, `${query}: ${res.status}`).toBe(200);
  return res.json() as Promise<Listed>;
}

/** Follows `next` (rebased on the image endpoint, as clients must) until it is absent. */
async function listAll(request: ReturnType<typeof makeGlanceCloud>['request'], token: string, query: string) {
  const ids: string[] = [];
  let page = await list(request, token, query);
  let pages = 1;
  for (;;) {
    ids.push(...page.images.map((i) => i.id));
    if (!page.next) return { ids, pages };
    expect(page.next.startsWith('/v2/images?')).toBe(true);
    page = await list(request, token, page.next.slice('/v2/images'.length));
    pages++;
  }
}

describe('GET /v2/images: visibility', () => {
  it('lists public images and the project’s own, newest first, never another project’s private ones', async () => {
    const { request, token } = makeGlanceCloud();
    const body = await list(request, await token('demo'));
    expect(body.images.map((i) => i.id)).toEqual([I.web1Snapshot, I.appTemplate, I.template, I.protectedImage, I.legacyTemplate, I.ubuntu2404, I.debian12]);
    expect(body).toMatchObject({ first: '/v2/images', schema: '/v2/schemas/images' });
    expect(Object.keys(body)).toEqual(['images', 'first', 'schema']);
    const alt = await list(request, await token('alt'));
    expect(alt.images.map((i) => i.id).sort()).toEqual([I.altImage, I.debian12, I.ubuntu2404].sort());
    const admin = await list(request, await token('admin'));
    expect(admin.images).toHaveLength(8);
  });

  it('shows shared images to accepted members only, community images only when asked for or owned', async () => {
    const { request, token, state } = makeGlanceCloud();
    const alt = state.image(I.altImage)!;
    alt.visibility = 'shared';
    alt.members = [{ projectId: SEED.projects.demo, status: 'pending' }];
    const demo = await token('demo');
    const ids = async (q = '') => (await list(request, demo, q)).images.map((i) => i.id);
    expect(await ids()).not.toContain(I.altImage);
    expect(await ids('?member_status=pending')).toContain(I.altImage);
    expect(await ids('?member_status=all&visibility=shared')).toEqual([I.altImage]);
    alt.members[0]!.status = 'accepted';
    expect(await ids()).toContain(I.altImage);
    alt.visibility = 'community';
    expect(await ids()).not.toContain(I.altImage);
    expect(await ids('?visibility=community')).toEqual([I.altImage]);
    expect((await list(request, await token('alt'))).images.map((i) => i.id)).toContain(I.altImage);
  });

  it('hides os_hidden, killed and deleted images by default', async () => {
    const { request, token, state } = makeGlanceCloud();
    state.image(I.template)!.osHidden = true;
    state.image(I.appTemplate)!.status = 'killed';
    state.image(I.legacyTemplate)!.status = 'deleted';
    const t = await token();
    const ids = (await list(request, t)).images.map((i) => i.id);
    expect(ids).not.toContain(I.template);
    expect(ids).not.toContain(I.appTemplate);
    expect(ids).not.toContain(I.legacyTemplate);
    expect((await list(request, t, '?os_hidden=TRUE')).images.map((i) => i.id)).toEqual([I.template]);
    expect((await list(request, t, '?status=killed')).images).toEqual([]);
  });
});

describe('GET /v2/images: filters', () => {
  it('filters on custom properties with exact match, as nova’s image_type/instance_uuid queries do', async () => {
    const { request, token } = makeGlanceCloud();
    const t = await token();
    const snaps = await list(request, t, '?image_type=snapshot');
    expect(snaps.images.map((i) => i.id)).toEqual([I.web1Snapshot]);
    expect(snaps.first).toBe('/v2/images?image_type=snapshot');
    const byInstance = await list(request, t, `?image_type=snapshot&instance_uuid=${SEED.servers.web1}`);
    expect(byInstance.images.map((i) => i.id)).toEqual([I.web1Snapshot]);
    expect((await list(request, t, `?image_type=snapshot&instance_uuid=${SEED.servers.db1}`)).images).toEqual([]);
    expect((await list(request, t, '?image_type=snap')).images).toEqual([]);
    expect((await list(request, t, '?os_distro=debian&hw_qemu_guest_agent=yes')).images.map((i) => i.id)).toEqual([I.template]);
  });

  it('filters columns with in: lists, quoted names and the eq: operator', async () => {
    const { request, token, state } = makeGlanceCloud();
    state.image(I.template)!.name = 'a,b';
    const t = await token();
    const ids = async (q: string) => (await list(request, t, q)).images.map((i) => i.id).sort();
    expect(await ids(`?id=in:${I.debian12},${I.altImage},${I.template}`)).toEqual([I.debian12, I.template].sort());
    expect(await ids('?name=in:"a,b",Debian 12')).toEqual([I.debian12, I.template].sort());
    expect(await ids('?name=eq:Debian 12')).toEqual([I.debian12]);
    expect(await ids('?status=in:active,queued&visibility=public')).toEqual([I.debian12, I.ubuntu2404].sort());
    expect(await ids(`?owner=${SEED.projects.admin}`)).toEqual([I.debian12, I.ubuntu2404].sort());
    expect(await ids('?protected=true')).toEqual([I.protectedImage]);
    expect(await ids('?tag=x')).toEqual([]);
    state.image(I.template)!.tags = ['x', 'y'];
    state.image(I.appTemplate)!.tags = ['x'];
    expect(await ids('?tag=x&tag=y')).toEqual([I.template]);
  });

  it('filters sizes and times', async () => {
    const { request, token, state } = makeGlanceCloud();
    const t = await token();
    const ids = async (q: string) => (await list(request, t, q)).images.map((i) => i.id).sort();
    const MiB = 1024 * 1024;
    expect(await ids(`?size_min=${8 * MiB}`)).toEqual([I.debian12, I.ubuntu2404].sort());
    expect(await ids(`?size_max=${3 * MiB}&size_min=${3 * MiB}`)).toEqual([I.protectedImage]);
    const snapAt = state.image(I.web1Snapshot)!.createdAt;
    expect(await ids(`?created_at=gte:${snapAt}`)).toEqual([I.web1Snapshot]);
    expect(await ids(`?created_at=${snapAt}`)).toEqual([I.web1Snapshot]);
    expect((await ids(`?created_at=lt:${snapAt}`))).toHaveLength(6);
  });

  it.each([
    ['?limit=abc', 'limit param must be an integer'],
    ['?limit=-1', 'limit param must be positive'],
    ['?visibility=everyone', 'Invalid visibility value: everyone'],
    ['?member_status=maybe', 'Invalid status: maybe'],
    ['?os_hidden=maybe', "Invalid value 'maybe' for 'os_hidden' filter. Valid values are 'true' or 'false'."],
    ['?protected=True', "Invalid value 'True' for 'protected' filter. Valid values are 'true' or 'false'."],
    ['?changes-since=2024-01-01T00:00:00Z', 'The "changes-since" filter is no longer available on v2.'],
    ['?size_min=big', 'Unable to filter on a range with a non-numeric value.'],
    ['?created_at=gt:yesterday', 'Bad "created_at" query filter format. Use ISO 8601 DateTime notation.'],
    ['?created_at=after:2024-01-01T00:00:00Z', 'Unable to filter on a unknown operator.'],
    ['?name=like:deb', "Unable to filter by unknown operator 'like'."],
    ['?name=in:"a,b', 'Invalid filter value "a,b. The quote is not closed.'],
    ['?sort=name:up', 'Invalid sort direction: up'],
    ['?sort_key=owner', 'Invalid sort key: owner. It must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at.'],
    ['?sort=name&sort_dir=asc', 'Old and new sorting syntax cannot be combined'],
    ['?sort_key=name&sort_key=size&sort_key=id&sort_dir=asc&sort_dir=desc', 'Number of sort dirs does not match the number of sort keys'],
    ['?marker=00000000-0000-4000-8000-000000000000', 'No image found with ID 00000000-0000-4000-8000-000000000000'],
  ])('answers %s with 400', async (query, detail) => {
    const { request, token } = makeGlanceCloud();
    const res = await request('GET', `/image/v2/images${query}`, { token: await token() });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(webobJson('400 Bad Request', detail));
  });

  it('answers 403 for a marker the caller cannot see', async () => {
    const { request, token } = makeGlanceCloud();
    const res = await request('GET', `/image/v2/images?marker=${I.altImage}`, { token: await token() });
    expect(res.status).toBe(403);
    expect((await res.json()).message).toBe(`Forbidding request, image ${I.altImage} not visible<br /><br />\n\n\n`);
  });

  it('splits in: values like glance, quotes kept apart', () => {
    expect(splitInValues('a,b,c')).toEqual(['a', 'b', 'c']);
    expect(splitInValues('"a,b",c')).toEqual(['a,b', 'c']);
    expect(splitInValues('a,,b')).toEqual(['a', '', 'b']);
    expect(() => splitInValues('a"b"')).toThrow(/no comma before opening/);
    expect(() => splitInValues('"a"b')).toThrow(/no comma after closing/);
  });
});

describe('GET /v2/images: sorting and paging', () => {
  it('sorts with sort_key/sort_dir and with sort=key:dir, ties broken by created_at then id', async () => {
    const { request, token } = makeGlanceCloud();
    const t = await token();
    const names = async (q: string) => (await list(request, t, q)).images.map((i) => i.name);
    const byNameAsc = await names('?sort_key=name&sort_dir=asc');
    expect(byNameAsc).toEqual([...byNameAsc].sort());
    expect(await names('?sort=name:asc')).toEqual(byNameAsc);
    expect(await names('?sort=name:desc')).toEqual([...byNameAsc].reverse());
    const bySize = (await list(request, t, '?sort=size:asc,name')).images as unknown as { size: number; name: string }[];
    expect(bySize.map((i) => i.size)).toEqual(bySize.map((i) => i.size).sort((a, b) => a - b));
  });

  it('pages with next until absent, with no duplicate and no gap, for several sort orders', async () => {
    const { request, token } = makeGlanceCloud({ bulkImages: 120 });
    const t = await token();
    const all = (await list(request, t, '?limit=1000')).images.map((i) => i.id);
    expect(all).toHaveLength(7 + 120);
    for (const sort of ['', '&sort=name:asc', '&sort_key=size&sort_dir=asc', '&sort=status:desc,size:asc']) {
      const full = (await list(request, t, `?limit=1000${sort}`)).images.map((i) => i.id);
      const { ids, pages } = await listAll(request, t, `?limit=10${sort}`);
      expect(ids, sort).toEqual(full);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pages).toBe(Math.ceil(full.length / 10) + (full.length % 10 === 0 ? 1 : 0));
    }
  });

  it('builds first and next like glance: query kept, marker last, repeated parameters collapsed', async () => {
    const { request, token } = makeGlanceCloud();
    const t = await token();
    const page = await list(request, t, '?limit=2&sort=name:asc&tag=a&tag=b&visibility=all');
    expect(page.first).toBe('/v2/images?limit=2&sort=name%3Aasc&tag=b&visibility=all');
    const first = await list(request, t, '?limit=2');
    expect(first.next).toBe(`/v2/images?limit=2&marker=${first.images[1]!.id}`);
    const second = await list(request, t, `?marker=${first.images[1]!.id}&limit=2`);
    expect(second.first).toBe('/v2/images?limit=2');
    expect(second.images[0]!.id).toBe(I.template);
    expect((await list(request, t, '?limit=0')).images).toEqual([]);
  });

  it('caps limit at 1000 and lists 10,000 images fast', async () => {
    const { request, token } = makeGlanceCloud({ bulkImages: 10_000 });
    const t = await token();
    const big = await list(request, t, '?limit=5000');
    expect(big.images).toHaveLength(1000);
    expect(big.next).toContain('marker=');
    const queries = ['', '?image_type=snapshot', '?sort=name:asc&limit=100', `?marker=${big.images[500]!.id}`, '?visibility=public&sort=size:asc'];
    const timings: Record<string, number> = {};
    for (const q of queries) {
      await list(request, t, q); // warm
      const runs = 20;
      const started = performance.now();
      for (let i = 0; i < runs; i++) await list(request, t, q);
      timings[q || '(default)'] = Math.round(((performance.now() - started) / runs) * 100) / 100;
    }
    console.log('GET /v2/images with 10,007 images, mean ms per request:', timings);
    for (const ms of Object.values(timings)) expect(ms).toBeLessThan(100);
  });
});
