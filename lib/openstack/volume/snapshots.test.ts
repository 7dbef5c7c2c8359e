import { describe, expect, it } from 'vitest';
import type { OpenStackError } from '../errors';
import { FAKE_PROJECT_ID, fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { createSnapshot, deleteSnapshot, getSnapshot, listAllSnapshots, listSnapshots } from './snapshots';

const fake = withFakeServer();
const base = `/volume/v3/${FAKE_PROJECT_ID}`;
const SNAP = '02c341b8-7f50-48bb-961f-7fa61c8cc8cf';
const ROOT = '19be0e0b-0513-4c61-b203-fcfdef6acb92';

describe('Cinder snapshots', () => {
  it('shows the snapshot Nova made of a volume-backed server (spike raw-snapshot)', async () => {
    fake().expect({ method: 'GET', path: `${base}/snapshots/${SNAP}`, headers: { 'OpenStack-API-Version': 'volume 3.70' }, reply: { status: 200, json: fixture('cinder-snapshot-show-spike.json') } });
    expect(await getSnapshot(fakeConnection(fake()), SNAP)).toEqual({
      id: SNAP, name: 'snapshot for cap-snap', description: null, volumeId: ROOT, status: 'available', size: 10,
      createdAt: '2026-12-01T21:24:20.000Z', updatedAt: '2026-12-01T21:24:20.000Z', progress: '100%',
      projectId: '0e55503ea08b4f42bb62a27abe210838', userId: 'b2b57205776745e7a330302569fbd31a', metadata: {},
    });
  });

  it('lists the snapshots of one volume (volume_id filter; sample 3.65)', async () => {
    fake().expect({
      method: 'GET', path: `${base}/snapshots/detail`, query: { limit: '50', volume_id: ROOT, sort: 'created_at:desc' },
      reply: { status: 200, json: fixture('cinder-snapshots-detail-3.65.json') },
    });
    const page = await listSnapshots(fakeConnection(fake()), { volumeId: ROOT });
    expect(page.snapshots).toHaveLength(1);
    expect(page.snapshots[0]).toMatchObject({ name: 'snap-001', status: 'creating', progress: '0%', metadata: { key: 'v3' }, updatedAt: null });
    await expect(listSnapshots(fakeConnection(fake()), { volumeId: 'not-a-uuid' })).rejects.toThrow();
  });

  it('follows snapshots_links', async () => {
    const first = { snapshots: [fixture<{ snapshot: unknown }>('cinder-snapshot-show-spike.json').snapshot], snapshots_links: [{ rel: 'next', href: `http://127.0.0.1:8776/v3/${FAKE_PROJECT_ID}/snapshots/detail?limit=1&marker=${SNAP}` }] };
    fake().expect(
      { method: 'GET', path: `${base}/snapshots/detail`, query: { limit: '1', sort: 'created_at:desc' }, reply: { status: 200, json: first } },
      { method: 'GET', path: `${base}/snapshots/detail`, query: { limit: '1', marker: SNAP }, reply: { status: 200, json: { snapshots: [] } } },
    );
    expect((await listAllSnapshots(fakeConnection(fake()), { limit: 1 })).map((s) => s.id)).toEqual([SNAP]);
  });

  it('creates (202, forced for an in-use volume) and deletes (202)', async () => {
    fake().expect(
      {
        method: 'POST', path: `${base}/snapshots`, json: { snapshot: { volume_id: ROOT, name: 'before-upgrade', force: true } },
        reply: { status: 202, json: { snapshot: { ...fixture<{ snapshot: object }>('cinder-snapshot-show-spike.json').snapshot, status: 'creating' } } },
      },
      { method: 'DELETE', path: `${base}/snapshots/${SNAP}`, reply: { status: 202 } },
    );
    expect((await createSnapshot(fakeConnection(fake()), { volumeId: ROOT, name: 'before-upgrade', force: true })).status).toBe('creating');
    await deleteSnapshot(fakeConnection(fake()), SNAP);
  });

  it('explains a refused delete (400 InvalidSnapshot)', async () => {
    fake().expect({ method: 'DELETE', path: `${base}/snapshots/${SNAP}`, reply: { status: 400, json: fixture('cinder-400-delete-snapshot-creating.json') } });
    const err = (await deleteSnapshot(fakeConnection(fake()), SNAP).catch((e: unknown) => e)) as OpenStackError;
    expect(err.safeMessage).toBe('Invalid snapshot: Snapshot status must be available or error and must not be part of a group.');
  });
});
