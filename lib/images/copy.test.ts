// Copy to another region against the local cloud in process (two regions, each with its own
// Glance): the streamed path, glance-download, cancel, the limit, refusals and the marker.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/openstack/client';
import { OpenStackError } from '@/lib/openstack/errors';
import { imageEndpointFor, imageRegionsOf } from '@/lib/openstack/identity/catalog';
import { getImportMethods } from '@/lib/openstack/image/import';
import { createImage, getImage, uploadImageData } from '@/lib/openstack/image/images';
import { connect } from '@/lib/openstack/testing/connect';
import { startLocalCloud, type RunningLocalCloud } from '@/lib/localcloud/server';
import { until } from '@/lib/localcloud/test-helpers';
import { COPY_MARKER, CopyManager, CopyRefusal, copiesInRegion, type CopyRequest } from './copy';

interface Setup { cloud: RunningLocalCloud; one: Connection; two: Connection; projectId: string }

async function setUp(glanceDownload: boolean): Promise<Setup> {
  const cloud = await startLocalCloud({ regions: ['RegionOne', 'RegionTwo'], glanceDownload, timings: { snapshotPhaseMs: 20, buildMs: 5, powerMs: 5 } });
  const login = await connect({ authUrl: `${cloud.url}/identity`, username: 'demo', password: 'demo', projectName: 'demo' });
  const image = imageEndpointFor(login.token.catalog, { region: 'RegionTwo', interface: 'public' });
  if (!image) throw new Error('no RegionTwo image endpoint');
  return { cloud, one: login.conn, two: { ...login.conn, endpoints: { ...login.conn.endpoints, image } }, projectId: login.token.project!.id };
}

const DATA = randomBytes(3 * 1024 * 1024 + 17);
const SHA512 = createHash('sha512').update(DATA).digest('hex');

async function snapshot(conn: Connection, extra: Record<string, string> = {}): Promise<string> {
  const made = await createImage(conn, {
    name: 'web-1 template', diskFormat: 'qcow2', containerFormat: 'bare', minDisk: 10, minRam: 512,
    properties: { image_type: 'snapshot', instance_uuid: '8f1c2b7e-1111-4c1e-9a55-1234567890ab', base_image_ref: '6b3c9d1e-2222-4c1e-9a55-1234567890ab', hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes', ...extra },
  });
  await uploadImageData(conn, made.id, DATA, DATA.length);
  return made.id;
}

const request = (s: Setup, sourceId: string, name = 'web-1 template'): CopyRequest => ({
  projectId: s.projectId, source: s.one, sourceRegion: 'RegionOne', sourceId, target: s.two, targetRegion: 'RegionTwo', name, endpointInterface: 'public',
});

const fault = (s: Setup, rule: object) =>
  fetch(`${s.cloud.url}/__admin/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(rule) });

describe('copy to another region, streamed (the target Glance has no glance-download)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp(false);
  });
  afterAll(async () => {
    await s?.cloud.close();
  });

  it('the local cloud has one Glance per region, with its own images', async () => {
    const login = await connect({ authUrl: `${s.cloud.url}/identity`, username: 'demo', password: 'demo', projectName: 'demo' });
    expect(imageRegionsOf(login.token.catalog)).toEqual(['RegionOne', 'RegionTwo']);
    expect(s.two.endpoints.image).not.toBe(s.one.endpoints.image);
    const id = await snapshot(s.one);
    await expect(getImage(s.two, id)).rejects.toSatisfy((e) => e instanceof OpenStackError && e.is(404));
    expect(await getImportMethods(s.two)).toEqual(['glance-direct', 'web-download', 'copy-image']);
  });

  it('streams the data, keeps formats and properties, adds the marker and checks the hash', async () => {
    const id = await snapshot(s.one);
    const copies = new CopyManager({ pollMs: 10 });
    const started = await copies.start(request(s, id, 'web-1 in two'));
    expect(started).toMatchObject({ method: 'stream', phase: 'streaming', total: DATA.length });
    await copies.settle();
    const [view] = copies.list(s.projectId, id);
    expect(view).toMatchObject({ phase: 'done', bytes: DATA.length, percent: 100 });
    expect(view!.message).toMatch(/checksums match/);
    const copy = await getImage(s.two, started.targetId);
    expect(copy).toMatchObject({ name: 'web-1 in two', status: 'active', diskFormat: 'qcow2', containerFormat: 'bare', minDisk: 10, minRam: 512, size: DATA.length, hashValue: SHA512 });
    expect(copy.properties).toMatchObject({
      image_type: 'snapshot', instance_uuid: '8f1c2b7e-1111-4c1e-9a55-1234567890ab', base_image_ref: '6b3c9d1e-2222-4c1e-9a55-1234567890ab',
      hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes', [COPY_MARKER]: `RegionOne/${id}`,
    });
    // Found again by its marker (another process, after a restart): finished, not interrupted.
    expect(await copiesInRegion(s.two, 'RegionTwo', 'RegionOne', id, new CopyManager())).toMatchObject([{ targetId: copy.id, phase: 'done' }]);
  });

  it('a cancelled copy deletes its half-made target and says so', async () => {
    const id = await snapshot(s.one);
    // The target holds the upload back, so the copy is still under way when it is cancelled.
    expect((await fault(s, { method: 'PUT', path: '/image/regions/RegionTwo/v2/images/', action: { type: 'latency', ms: 3000 } })).status).toBe(201);
    const copies = new CopyManager();
    const started = await copies.start(request(s, id));
    const view = await copies.cancel(s.projectId, started.targetId);
    expect(view).toMatchObject({ phase: 'cancelled' });
    expect(view!.message).toBe('Cancelled. The unfinished image in RegionTwo was deleted.');
    await expect(getImage(s.two, started.targetId)).rejects.toSatisfy((e) => e instanceof OpenStackError && e.is(404));
  });

  it('runs at most 2 copies at once and refuses a third in words', async () => {
    const id = await snapshot(s.one);
    await fault(s, { method: 'PUT', path: '/image/regions/RegionTwo/v2/images/', times: 2, action: { type: 'latency', ms: 3000 } });
    const copies = new CopyManager();
    const a = await copies.start(request(s, id));
    const b = await copies.start(request(s, id));
    const third = copies.start(request(s, id));
    await expect(third).rejects.toBeInstanceOf(CopyRefusal);
    await expect(third).rejects.toMatchObject({ status: 429, message: expect.stringMatching(/2 copies are already running/) });
    await Promise.all([copies.cancel(s.projectId, a.targetId), copies.cancel(s.projectId, b.targetId)]);
    expect(copies.running()).toBe(0);
  });

  it('refuses a volume-backed snapshot with the reason, and makes nothing', async () => {
    const made = await createImage(s.one, {
      name: 'vol-1 snapshot', diskFormat: 'qcow2', containerFormat: 'bare',
      properties: { bdm_v2: 'True', root_device_name: '/dev/vda', block_device_mapping: JSON.stringify([{ source_type: 'snapshot', snapshot_id: '9d5a7c1e-3333-4c1e-9a55-1234567890ab', boot_index: 0, device_name: '/dev/vda', destination_type: 'volume', volume_size: 10 }]) },
    });
    await uploadImageData(s.one, made.id, new Uint8Array(0), 0);
    const copies = new CopyManager();
    await expect(copies.start(request(s, made.id))).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/booted from a volume.*Cinder snapshots/) });
    expect(await copiesInRegion(s.two, 'RegionTwo', 'RegionOne', made.id, copies)).toEqual([]);
  });

  it('after a restart, a marked target still queued shows as interrupted', async () => {
    const id = await snapshot(s.one);
    const left = await createImage(s.two, { name: 'cut short', diskFormat: 'qcow2', containerFormat: 'bare', properties: { [COPY_MARKER]: `RegionOne/${id}` } });
    const found = await copiesInRegion(s.two, 'RegionTwo', 'RegionOne', id, new CopyManager());
    expect(found).toMatchObject([{ targetId: left.id, phase: 'interrupted' }]);
    expect(found[0]!.message).toMatch(/Interrupted.*queued/);
  });
});

describe('copy to another region with glance-download', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp(true);
  });
  afterAll(async () => {
    await s?.cloud.close();
  });

  it('asks the target Glance to pull: no data through Snapdeck, same hash', async () => {
    const id = await snapshot(s.one, { hw_disk_bus: 'scsi' });
    expect(await getImportMethods(s.two)).toContain('glance-download');
    const copies = new CopyManager({ pollMs: 10 });
    const started = await copies.start(request(s, id));
    expect(started).toMatchObject({ method: 'glance-download', phase: 'pulling', percent: null });
    await copies.settle();
    expect(copies.list(s.projectId, id)[0]).toMatchObject({ phase: 'done', percent: 100 });
    const copy = await getImage(s.two, started.targetId);
    expect(copy).toMatchObject({ status: 'active', size: DATA.length, hashValue: SHA512 });
    expect(copy.properties).toMatchObject({ hw_disk_bus: 'scsi', image_type: 'snapshot', [COPY_MARKER]: `RegionOne/${id}` });
    expect(copy.properties).not.toHaveProperty('os_glance_import_task');
    const log = s.cloud.state.requestLog.filter((e) => e.method === 'GET' && e.path.endsWith(`/${id}/file`));
    expect(log).toEqual([]); // Snapdeck never downloaded it
  });

  it('a failed import (source gone) deletes the target and says why', async () => {
    const id = await snapshot(s.one);
    const copies = new CopyManager({ pollMs: 5 });
    const started = await copies.start(request(s, id));
    s.cloud.state.removeImage(id); // gone before the target Glance asks for it
    await copies.settle();
    const [view] = copies.list(s.projectId, id);
    expect(view).toMatchObject({ phase: 'failed' });
    expect(view!.message).toBe('The copy failed: Glance in RegionTwo could not download the snapshot from RegionOne. The unfinished image in RegionTwo was deleted.');
    await until('target deleted', async () => {
      try {
        await getImage(s.two, started.targetId);
        return false;
      } catch (e) {
        return e instanceof OpenStackError && e.is(404);
      }
    });
  });
});
