import { afterEach, describe, expect, it, vi } from 'vitest';
import { callRoute, fakeUpstream, json } from '@/lib/instances/testing/route-harness';
import { GET } from './route';

vi.mock('@/lib/server/session', async () => (await import('@/lib/instances/testing/route-harness')).fakeSessionModule);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

const SERVER = 'b0000001-0000-4000-8000-000000000001';
const IMAGE = 'a3e74332-bc9d-4c13-a05b-b55cb3d76c5f';
const server = { id: SERVER, name: 'web-1', status: 'ACTIVE', tenant_id: 'p1', created: '2026-11-01T00:00:00Z', 'OS-EXT-STS:task_state': 'image_uploading' };
const image = (props: Record<string, string>) => ({
  id: IMAGE, name: 'snap', status: 'saving', visibility: 'private', protected: false, created_at: 'x', updated_at: 'x', ...props,
});

describe('GET /api/servers/[id]/snapshots/[imageId]', () => {
  it('refuses an image id that is not a UUID before calling anything', async () => {
    const upstream = fakeUpstream();
    const r = await callRoute(GET, { params: { id: SERVER, imageId: 'latest' } });
    expect(r.status).toBe(400);
    expect(r.json.error?.message).toMatch(/not an image id/);
    expect(upstream.calls).toHaveLength(0);
  });

  it('answers the task state and the image status, one call each', async () => {
    const upstream = fakeUpstream((_m, url) =>
      url.pathname.includes('/servers/') ? json(200, { server }) : json(200, image({ instance_uuid: SERVER, image_type: 'snapshot' })));
    const r = await callRoute(GET, { params: { id: SERVER, imageId: IMAGE } });
    expect(r.json).toEqual({
      server: { status: 'ACTIVE', taskState: 'image_uploading', fault: null },
      image: { id: IMAGE, name: 'snap', status: 'saving', size: null },
      cinder: null,
    });
    expect(upstream.calls).toHaveLength(2);
  });

  it('adds the Cinder snapshots\' statuses for a volume-backed snapshot, without their volumes', async () => {
    const SNAP = '02c341b8-7f50-48bb-961f-7fa61c8cc8cf';
    const bdm = JSON.stringify([{ source_type: 'snapshot', destination_type: 'volume', snapshot_id: SNAP, volume_size: 10, boot_index: 0 }]);
    const upstream = fakeUpstream((_m, url) => {
      if (url.pathname.includes('/servers/')) return json(200, { server });
      if (url.pathname.endsWith(`/snapshots/${SNAP}`)) return json(200, { snapshot: { id: SNAP, volume_id: 'v1', status: 'creating', size: 10, created_at: '2026-12-01T00:00:00.000000' } });
      return json(200, { ...image({ instance_uuid: SERVER, image_type: 'snapshot', bdm_v2: 'True', block_device_mapping: bdm }), status: 'active', size: 0 });
    });
    const r = await callRoute(GET, { params: { id: SERVER, imageId: IMAGE } });
    expect(r.json).toMatchObject({ image: { status: 'active' }, cinder: [{ id: SNAP, status: 'creating' }] });
    expect(upstream.calls.map((c) => c.url.pathname.replace(/^.*\/(servers|images|snapshots|volumes)\//, '$1/'))).toEqual([`servers/${SERVER}`, `images/${IMAGE}`, `snapshots/${SNAP}`]);
  });

  it('says the image is gone (image: null) when Glance answers 404', async () => {
    fakeUpstream((_m, url) => (url.pathname.includes('/servers/') ? json(200, { server: { ...server, 'OS-EXT-STS:task_state': null } }) : json(404, { message: 'gone' })));
    const r = await callRoute(GET, { params: { id: SERVER, imageId: IMAGE } });
    expect(r.status).toBe(200);
    expect(r.json.image).toBeNull();
  });

  it('refuses an image that is not a snapshot of this instance', async () => {
    fakeUpstream((_m, url) => (url.pathname.includes('/servers/') ? json(200, { server }) : json(200, image({}))));
    const r = await callRoute(GET, { params: { id: SERVER, imageId: IMAGE } });
    expect(r.status).toBe(404);
  });
});
