import { afterEach, describe, expect, it, vi } from 'vitest';
import { callRoute, fakeUpstream, json, type Upstream } from '@/lib/instances/testing/route-harness';
import volumeBackedImage from '@/lib/testing/fixtures/openstack/glance-image-show-volume-backed-snapshot-spike.json';
import cinderSnapshot from '@/lib/testing/fixtures/openstack/cinder-snapshot-show-spike.json';
import glanceProtected from '@/lib/testing/fixtures/openstack/glance-403-protected.json';
import { DELETE } from './route';

vi.mock('@/lib/server/session', async () => (await import('@/lib/instances/testing/route-harness')).fakeSessionModule);

const IMAGE = volumeBackedImage.id;
const SNAPSHOT = cinderSnapshot.snapshot.id;
const plainImage = { ...volumeBackedImage, bdm_v2: undefined, block_device_mapping: undefined, size: 1024 };

let upstream: Upstream;
afterEach(() => vi.unstubAllGlobals());

/** Glance shows `image` and deletes it (or answers `imageDelete`); Cinder shows the snapshot
 * with `status` and takes its delete (or answers `snapshotDelete`). */
function cloud(image: unknown, opts: { status?: string; snapshotGone?: boolean; imageDelete?: Response; snapshotDelete?: Response } = {}) {
  return fakeUpstream((method, url) => {
    if (url.pathname.endsWith(`/images/${IMAGE}`)) {
      if (method === 'GET') return json(200, image);
      if (method === 'DELETE') return opts.imageDelete ?? new Response(null, { status: 204 });
    }
    if (url.pathname.endsWith(`/snapshots/${SNAPSHOT}`)) {
      if (opts.snapshotGone) return json(404, { itemNotFound: { code: 404, message: `Snapshot ${SNAPSHOT} could not be found.` } });
      if (method === 'GET') return json(200, { snapshot: { ...cinderSnapshot.snapshot, status: opts.status ?? 'available' } });
      if (method === 'DELETE') return opts.snapshotDelete ?? new Response(null, { status: 202 });
    }
    return json(500, {});
  });
}
const deletes = () => upstream.calls.filter((c) => c.method === 'DELETE').map((c) => c.url.pathname.replace(/^.*\/(images|snapshots)\//, '$1/'));

describe('DELETE /api/images/{id}: an image and, for a volume-backed snapshot, its Cinder snapshots', () => {
  it('deletes a plain image alone', async () => {
    upstream = cloud(plainImage);
    const r = await callRoute(DELETE, { params: { id: IMAGE }, method: 'DELETE' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: IMAGE, ok: true, message: 'Deleted' });
    expect(deletes()).toEqual([`images/${IMAGE}`]);
  });

  it('deletes the image, then its Cinder snapshot, and says so', async () => {
    upstream = cloud(volumeBackedImage);
    const r = await callRoute(DELETE, { params: { id: IMAGE }, method: 'DELETE' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, message: 'Deleted with its Cinder snapshot', volumeSnapshots: [{ id: SNAPSHOT, outcome: 'deleted', size: 10, volumeId: cinderSnapshot.snapshot.volume_id }] });
    expect(deletes()).toEqual([`images/${IMAGE}`, `snapshots/${SNAPSHOT}`]);
  });

  it('keeps a Cinder snapshot in error_deleting and says what an administrator must do', async () => {
    upstream = cloud(volumeBackedImage, { status: 'error_deleting' });
    const r = await callRoute(DELETE, { params: { id: IMAGE }, method: 'DELETE' });
    expect(r.json).toMatchObject({ ok: true, message: 'Image deleted; 1 of 1 Cinder snapshot kept', volumeSnapshots: [{ outcome: 'kept', message: expect.stringMatching(/error_deleting.*administrator/) }] });
    expect(deletes()).toEqual([`images/${IMAGE}`]);
  });

  it("reports Cinder's refusal of the delete in its words", async () => {
    upstream = cloud(volumeBackedImage, { snapshotDelete: json(400, { badRequest: { code: 400, message: 'Invalid snapshot: Snapshot status must be available or error and must not be part of a group.' } }) });
    const r = await callRoute(DELETE, { params: { id: IMAGE }, method: 'DELETE' });
    expect(r.json).toMatchObject({ volumeSnapshots: [{ outcome: 'kept', message: expect.stringMatching(/^Kept: .*must be available or error/) }] });
  });

  it('says a Cinder snapshot already gone is gone, not kept', async () => {
    upstream = cloud(volumeBackedImage, { snapshotGone: true });
    const r = await callRoute(DELETE, { params: { id: IMAGE }, method: 'DELETE' });
    expect(r.json).toMatchObject({ message: 'Deleted with its Cinder snapshot', volumeSnapshots: [{ outcome: 'gone' }] });
  });

  it('touches no Cinder snapshot when Glance refuses the image (protected)', async () => {
    upstream = cloud(volumeBackedImage, { imageDelete: json(403, glanceProtected) });
    const r = await callRoute(DELETE, { params: { id: IMAGE }, method: 'DELETE' });
    expect(r.status).toBe(403);
    expect(deletes()).toEqual([`images/${IMAGE}`]);
  });

  it('refuses an id that is not a UUID before anything is sent', async () => {
    upstream = cloud(volumeBackedImage);
    const r = await callRoute(DELETE, { params: { id: 'x' }, method: 'DELETE' });
    expect(r.status).toBe(400);
    expect(upstream.calls).toHaveLength(0);
  });
});
