import { afterEach, describe, expect, it } from 'vitest';
import { SEED } from './state/seed';
import { callCloud, login, testCloud, until } from './test-helpers';
import type { LocalCloud } from './server';

const TWO = '/compute/regions/RegionTwo';
const GLANCE_TWO = '/image/regions/RegionTwo';
let lc: LocalCloud;
afterEach(() => lc?.dispose());

const call = (token: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  callCloud(lc.app, method, url, { 'X-Auth-Token': token, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers }, body);

/** An active image in RegionTwo's Glance, made with the image API as a user would. */
async function regionTwoImage(token: string): Promise<string> {
  const made = await call(token, 'POST', `${GLANCE_TWO}/v2/images`, { name: 'r2-base', disk_format: 'qcow2', container_format: 'bare' });
  expect(made.status).toBe(201);
  const put = await callCloud(lc.app, 'PUT', `${GLANCE_TWO}/v2/images/${made.json.id}/file`, { 'X-Auth-Token': token, 'Content-Type': 'application/octet-stream' }, 'x'.repeat(4096));
  expect(put.status).toBe(204);
  return made.json.id as string;
}

async function bootIn(token: string, root: string, imageRef: string): Promise<string> {
  const r = await call(token, 'POST', `${root}/v2.1/servers`, { server: { name: 'r2-vm', imageRef, flavorRef: 's1-2', networks: 'none' } }, { 'OpenStack-API-Version': 'compute latest' });
  expect(r.status, r.text).toBe(202);
  expect(r.headers.get('Location')).toBe(`${lc.cloud.publicUrl}${root}/v2.1/servers/${r.json.server.id}`);
  const id = r.json.server.id as string;
  await until('ACTIVE', async () => (await call(token, 'GET', `${root}/v2.1/servers/${id}`)).json.server?.status === 'ACTIVE');
  return id;
}

const serverIds = async (token: string, root: string) =>
  ((await call(token, 'GET', `${root}/v2.1/servers/detail`)).json.servers as { id: string }[]).map((s) => s.id);

describe('a Nova per region', () => {
  it('puts each region\'s compute endpoint in the catalog, the first at /compute', async () => {
    lc = testCloud({ regions: ['RegionOne', 'RegionTwo'] });
    const token = await login(lc.app);
    const catalog = (await call(token, 'GET', '/identity/v3/auth/catalog')).json.catalog as { type: string; endpoints: { region_id: string; interface: string; url: string }[] }[];
    const urls = (type: string) => Object.fromEntries(catalog.find((s) => s.type === type)!.endpoints.filter((e) => e.interface === 'public').map((e) => [e.region_id, e.url]));
    expect(urls('compute')).toEqual({ RegionOne: `${lc.cloud.publicUrl}/compute/v2.1`, RegionTwo: `${lc.cloud.publicUrl}${TWO}/v2.1` });
    expect(urls('image')).toEqual({ RegionOne: `${lc.cloud.publicUrl}/image`, RegionTwo: `${lc.cloud.publicUrl}${GLANCE_TWO}` });
    // Shared services: one URL for both regions.
    for (const type of ['identity', 'network', 'block-storage', 'workflowv2']) expect(new Set(Object.values(urls(type))).size, type).toBe(1);
    const doc = await call(token, 'GET', `${TWO}/v2.1`);
    expect(doc.json.version.links[0].href).toBe(`${lc.cloud.publicUrl}${TWO}/v2.1/`);
  });

  it('starts RegionTwo with no servers: the seed stays in RegionOne', async () => {
    lc = testCloud({ regions: ['RegionOne', 'RegionTwo'] });
    const token = await login(lc.app);
    expect(await serverIds(token, '/compute')).toContain(SEED.servers.web1);
    expect(await serverIds(token, TWO)).toEqual([]);
    expect((await call(token, 'GET', `${TWO}/v2.1/servers/${SEED.servers.web1}`)).status).toBe(404);
    // Flavors and keypairs are read from the shared state.
    expect((await call(token, 'GET', `${TWO}/v2.1/flavors/detail`)).json.flavors.length).toBeGreaterThan(0);
  });

  it('boots from its own region\'s Glance only, and keeps its servers to itself', async () => {
    lc = testCloud({ regions: ['RegionOne', 'RegionTwo'] });
    const token = await login(lc.app);
    // A RegionOne image is not in RegionTwo's Glance, as between two real regions.
    const foreign = await call(token, 'POST', `${TWO}/v2.1/servers`, { server: { name: 'x', imageRef: SEED.images.debian12, flavorRef: 's1-2', networks: 'none' } });
    expect(foreign.status).toBe(400);
    const id = await bootIn(token, TWO, await regionTwoImage(token));
    expect(await serverIds(token, TWO)).toEqual([id]);
    expect(await serverIds(token, '/compute')).not.toContain(id);
    expect((await call(token, 'GET', `/compute/v2.1/servers/${id}`)).status).toBe(404);
    const listed = await call(token, 'GET', `${TWO}/v2.1/servers?limit=1`);
    expect(listed.json.servers[0].links[0].href).toBe(`${lc.cloud.publicUrl}${TWO}/v2.1/servers/${id}`);
  });

  it('writes its snapshots to its own region\'s Glance', async () => {
    lc = testCloud({ regions: ['RegionOne', 'RegionTwo'] });
    const token = await login(lc.app);
    const id = await bootIn(token, TWO, await regionTwoImage(token));
    const r = await call(token, 'POST', `${TWO}/v2.1/servers/${id}/action`, { createImage: { name: 'r2-snap' } }, { 'OpenStack-API-Version': 'compute 2.1' });
    expect(r.status).toBe(202);
    const imageId = r.headers.get('Location')!.split('/').pop()!;
    expect(r.headers.get('Location')).toBe(`${lc.cloud.publicUrl}${GLANCE_TWO}/images/${imageId}`);
    const active = await until('snapshot active', async () => {
      const img = await call(token, 'GET', `${GLANCE_TWO}/v2/images/${imageId}`);
      return img.json?.status === 'active' && img.json;
    });
    expect(active).toMatchObject({ name: 'r2-snap', image_type: 'snapshot', instance_uuid: id });
    expect((await call(token, 'GET', `/image/v2/images/${imageId}`)).status).toBe(404);
  });

  it('is emptied by POST /__admin/reset, and its servers are reachable by /__admin/servers', async () => {
    lc = testCloud({ regions: ['RegionOne', 'RegionTwo'] });
    let token = await login(lc.app);
    const id = await bootIn(token, TWO, await regionTwoImage(token));
    const patched = await callCloud(lc.app, 'POST', `/__admin/servers/${id}`, { 'Content-Type': 'application/json' }, { vmState: 'error' });
    expect(patched.json.server).toMatchObject({ id, vmState: 'error' });
    expect((await callCloud(lc.app, 'POST', '/__admin/reset', { 'Content-Type': 'application/json' }, {})).status).toBe(200);
    token = await login(lc.app);
    expect(await serverIds(token, TWO)).toEqual([]);
    expect((await call(token, 'GET', `${GLANCE_TWO}/v2/images`)).json.images).toEqual([]);
    expect(await serverIds(token, '/compute')).toContain(SEED.servers.web1);
    // A server booted after the reset is found again (the region's index was rebuilt).
    const again = await bootIn(token, TWO, await regionTwoImage(token));
    expect(await serverIds(token, TWO)).toEqual([again]);
  });
});
