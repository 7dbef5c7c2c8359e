// The benchmark seed: how many snapshots among the bulk images, whose servers they name, and
// the large synthetic image of the download figure.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLocalCloud } from '../server';
import { login } from '../test-helpers';
import { BENCH_LARGE_IMAGE, createSeed, SEED, seedBulk } from './seed';
import { syntheticChunks } from './image-data';
import type { CloudData, Image } from './state';

const bulk = (data: CloudData) => data.images.filter((i) => i.name?.startsWith('bulk-'));
const isSnapshot = (i: Image) => i.properties.image_type === 'snapshot';

describe('seedBulk', () => {
  it('makes every third bulk image a snapshot by default, the others private then public', () => {
    const data = createSeed();
    seedBulk(data, { images: 30 });
    const images = bulk(data);
    expect(images).toHaveLength(30);
    expect(images.filter(isSnapshot)).toHaveLength(10);
    expect(images.slice(0, 3).map((i) => [i.name, i.visibility])).toEqual([
      ['bulk-snapshot-00001', 'private'], ['bulk-image-00002', 'private'], ['bulk-image-00003', 'public'],
    ]);
  });

  it('makes exactly `snapshots` of them snapshots, spread evenly, each naming a seeded server', () => {
    const data = createSeed();
    seedBulk(data, { servers: 1000, images: 10_000, snapshots: 2000 });
    const images = bulk(data);
    const snapshots = images.filter(isSnapshot);
    expect(snapshots).toHaveLength(2000);
    // Newest first is the seed's order: every 100 images in a row hold 20 snapshots.
    for (let at = 0; at < images.length; at += 100) expect(images.slice(at, at + 100).filter(isSnapshot)).toHaveLength(20);
    const servers = new Set(data.servers.map((s) => s.id));
    const named = snapshots.map((s) => s.properties.instance_uuid!);
    expect(named.every((id) => servers.has(id))).toBe(true);
    expect(new Set(named).size).toBe(1000);
    const others = images.filter((i) => !isSnapshot(i));
    expect(others.filter((i) => i.visibility === 'public')).toHaveLength(4000);
    expect(others.filter((i) => i.visibility === 'private')).toHaveLength(4000);
  });

  it('takes 0 and all as snapshot counts, and refuses more than the images', () => {
    for (const snapshots of [0, 7]) {
      const data = createSeed();
      seedBulk(data, { images: 7, snapshots });
      expect(bulk(data).filter(isSnapshot)).toHaveLength(snapshots);
    }
    expect(() => seedBulk(createSeed(), { images: 3, snapshots: 4 })).toThrow(/4 snapshots asked among 3 images/);
  });

  it('adds bench-1gib, a snapshot of web-1 whose bytes are synthetic, not held, with their digests', () => {
    const data = createSeed();
    const size = 3 * 64 * 1024 + 5;
    seedBulk(data, { largeImageBytes: size });
    const image = data.images.find((i) => i.id === BENCH_LARGE_IMAGE.id)!;
    expect(image).toMatchObject({
      name: 'bench-1gib', owner: SEED.projects.demo, status: 'active', size,
      data: { kind: 'synthetic', size }, properties: { image_type: 'snapshot', instance_uuid: SEED.servers.web1 },
    });
    const md5 = createHash('md5');
    if (image.data.kind !== 'synthetic') throw new Error('not synthetic');
    for (const chunk of syntheticChunks(image.data.seed, size)) md5.update(chunk);
    expect(image.checksum).toBe(md5.digest('hex'));
  });
});

describe('the seed option', () => {
  it('seeds snapshots and the large image from startLocalCloud options, and Glance serves its bytes', async () => {
    const local = createLocalCloud({ seed: { servers: 10, images: 50, snapshots: 20, largeImageBytes: 200_000 } });
    try {
      const { images, servers } = local.state.data;
      expect(servers.length).toBe(7 + 10);
      expect(images.filter((i) => i.name?.startsWith('bulk-') && isSnapshot(i))).toHaveLength(20);
      const token = await login(local.app);
      const res = await local.app.request(`/image/v2/images/${BENCH_LARGE_IMAGE.id}/file`, { headers: { 'X-Auth-Token': token } });
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Length')).toBe('200000');
      expect((await res.arrayBuffer()).byteLength).toBe(200_000);
    } finally {
      await local.dispose();
    }
  });

  it('seeds the large image alone, and refuses more snapshots than images', async () => {
    const local = createLocalCloud({ seed: { largeImageBytes: 1000 } });
    expect(local.state.data.images.map((i) => i.name)).toContain('bench-1gib');
    await local.dispose();
    expect(() => createLocalCloud({ seed: { images: 5, snapshots: 6 } })).toThrow(/seed\.snapshots: snapshots must not exceed images/);
  });

  it('reseeds with a snapshot count through /__admin/reset', async () => {
    const local = createLocalCloud();
    try {
      const reset = (body: unknown) => local.app.request('/__admin/reset', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const res = await reset({ servers: 4, images: 40, snapshots: 8 });
      expect(res.status).toBe(200);
      expect(local.state.data.images.filter((i) => i.name?.startsWith('bulk-') && isSnapshot(i))).toHaveLength(8);
      expect((await reset({ images: 1, snapshots: 2 })).status).toBe(400);
    } finally {
      await local.dispose();
    }
  });
});
