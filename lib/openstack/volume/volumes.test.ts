import { describe, expect, it } from 'vitest';
import { OpenStackCapabilityError, OpenStackError } from '../errors';
import { FAKE_PROJECT_ID, fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import { createVolume, createVolumeOptsSchema, deleteVolume, getVolume, listAllVolumes, listVolumes, setVolumeBootable } from './volumes';

const fake = withFakeServer();
const base = `/volume/v3/${FAKE_PROJECT_ID}`;
const ROOT = '19be0e0b-0513-4c61-b203-fcfdef6acb92';
const IMAGE = 'c706b3b4-e595-494e-a512-3e31012e6415';
const v370 = { 'OpenStack-API-Version': 'volume 3.70' };

describe('getVolume', () => {
  it('reshapes the root volume of a volume-backed server (spike raw-root-volume, Zed 3.70)', async () => {
    fake().expect({ method: 'GET', path: `${base}/volumes/${ROOT}`, headers: v370, reply: { status: 200, json: fixture('cinder-volume-show-root-spike.json') } });
    expect(await getVolume(fakeConnection(fake()), ROOT)).toEqual({
      id: ROOT, name: 'cap-root', description: null, status: 'in-use', size: 10, availabilityZone: 'nova',
      createdAt: '2026-12-01T21:23:40.000Z', updatedAt: '2026-12-01T21:24:17.000Z', volumeType: 'fake', bootable: true,
      encrypted: false, multiattach: false, sourceSnapshotId: null, sourceVolumeId: null, metadata: {}, imageMetadata: null,
      attachments: [{ attachmentId: 'c0c7b72f-1494-48d8-bc46-c89fc2b6e506', serverId: 'bdb3a564-9d1f-47f6-af66-881f197dfc76', device: '/dev/sda', attachedAt: '2026-12-01T21:24:17.000Z' }],
      projectId: '0e55503ea08b4f42bb62a27abe210838', userId: 'b2b57205776745e7a330302569fbd31a',
    });
    // Nova's headers are not sent to Cinder.
    expect(fake().requests[0]?.headers['x-openstack-nova-api-version']).toBeUndefined();
  });

  it('sends no microversion header without a negotiated one (Cinder then speaks 3.0)', async () => {
    fake().expect({ method: 'GET', path: `${base}/volumes/${ROOT}`, reply: { status: 200, json: fixture('cinder-volume-show-root-spike.json') } });
    const conn = { ...fakeConnection(fake()), volumeMicroversion: undefined };
    await getVolume(conn, ROOT);
    expect(fake().requests[0]?.headers['openstack-api-version']).toBeUndefined();
  });

  it('turns itemNotFound into a 404 OpenStackError with Cinder\'s message', async () => {
    fake().expect({ method: 'GET', path: `${base}/volumes/nope`, reply: { status: 404, json: fixture('cinder-404-volume.json') } });
    const err = await getVolume(fakeConnection(fake()), 'nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackError);
    expect((err as OpenStackError).is(404)).toBe(true);
    expect((err as OpenStackError).service).toBe('volume');
    expect((err as OpenStackError).safeMessage).toBe('Volume 0a3eb41f-7d3e-4c4d-8c1a-1f6f0d6c4b1e could not be found.');
  });

  it('sends nothing to a cloud without block storage', async () => {
    await expect(getVolume(fakeConnection(fake(), { volume: false }), ROOT)).rejects.toBeInstanceOf(OpenStackCapabilityError);
  });
});

describe('listVolumes', () => {
  it('reads the 3.65 sample (admin keys pass through) with filters and sort', async () => {
    fake().expect({
      method: 'GET', path: `${base}/volumes/detail`, headers: v370,
      query: { limit: '10', name: 'data', status: 'available', bootable: 'true', sort: 'name:asc' },
      reply: { status: 200, json: fixture('cinder-volumes-detail-3.65.json') },
    });
    const page = await listVolumes(fakeConnection(fake()), { limit: 10, name: 'data', status: 'available', bootable: true, sortKey: 'name', sortDir: 'asc' });
    expect(page.nextMarker).toBeNull();
    expect(page.volumes[0]).toMatchObject({ id: 'cb49b381-9012-40cb-b8ee-80c19a4801b5', status: 'creating', bootable: false, volumeType: '__DEFAULT__', updatedAt: null, createdAt: '2018-11-28T06:25:15.288Z' });
  });

  it('follows volumes_links, rebased on the catalog endpoint', async () => {
    const first = structuredClone(fixture('cinder-volumes-detail-3.65.json')) as Record<string, unknown>;
    first.volumes_links = [{ rel: 'next', href: `http://cinder.internal:8776/v3/${FAKE_PROJECT_ID}/volumes/detail?limit=1&marker=cb49b381-9012-40cb-b8ee-80c19a4801b5` }];
    fake().expect(
      { method: 'GET', path: `${base}/volumes/detail`, query: { limit: '1000', sort: 'created_at:desc' }, reply: { status: 200, json: first } },
      { method: 'GET', path: `${base}/volumes/detail`, query: { limit: '1', marker: 'cb49b381-9012-40cb-b8ee-80c19a4801b5' }, reply: { status: 200, json: { volumes: [] } } },
    );
    expect((await listAllVolumes(fakeConnection(fake()))).map((v) => v.id)).toEqual(['cb49b381-9012-40cb-b8ee-80c19a4801b5']);
  });

  it('refuses bad options before sending anything', async () => {
    await expect(listVolumes(fakeConnection(fake()), { status: 'in_use' as never })).rejects.toThrow();
    await expect(listVolumes(fakeConnection(fake()), { limit: 0 })).rejects.toThrow();
  });
});

describe('createVolume', () => {
  it('posts a volume from an image and answers the 202 body (sample 3.65)', async () => {
    fake().expect({
      method: 'POST', path: `${base}/volumes`, headers: v370, contentType: 'application/json',
      json: { volume: { size: 10, name: 'vol-root', imageRef: IMAGE, volume_type: 'fake' } },
      reply: { status: 202, json: fixture('cinder-volume-create-resp-3.65.json') },
    });
    const v = await createVolume(fakeConnection(fake()), { size: 10, name: 'vol-root', imageRef: IMAGE, volumeType: 'fake' });
    expect(v).toMatchObject({ id: '2b955850-f177-45f7-9f49-ecb2c256d161', status: 'creating', size: 10 });
  });

  it('takes the size from the snapshot when none is given', async () => {
    const snap = '02c341b8-7f50-48bb-961f-7fa61c8cc8cf';
    fake().expect({ method: 'POST', path: `${base}/volumes`, json: { volume: { snapshot_id: snap } }, reply: { status: 202, json: fixture('cinder-volume-create-resp-3.65.json') } });
    await createVolume(fakeConnection(fake()), { snapshotId: snap });
  });

  it('a success code other than 202 is an answer the client cannot read', async () => {
    fake().expect({ method: 'POST', path: `${base}/volumes`, reply: { status: 200, json: fixture('cinder-volume-create-resp-3.65.json') } });
    const err = await createVolume(fakeConnection(fake()), { size: 1 }).catch((e: unknown) => e);
    expect((err as OpenStackError).kind).toBe('invalid-response');
  });

  it('validates its options', () => {
    expect(createVolumeOptsSchema.safeParse({ size: 1 }).success).toBe(true);
    expect(createVolumeOptsSchema.safeParse({}).success).toBe(false);
    expect(createVolumeOptsSchema.safeParse({ size: 0 }).success).toBe(false);
    expect(createVolumeOptsSchema.safeParse({ size: 1, imageRef: 'x' }).success).toBe(false);
    expect(createVolumeOptsSchema.safeParse({ size: 1, imageRef: IMAGE, snapshotId: IMAGE }).success).toBe(false);
    expect(createVolumeOptsSchema.safeParse({ size: 1, name: 'a\uD800' }).success).toBe(false);
  });
});

describe('deleteVolume and setVolumeBootable', () => {
  it('deletes (202), with cascade when asked', async () => {
    fake().expect(
      { method: 'DELETE', path: `${base}/volumes/${ROOT}`, reply: { status: 202 } },
      { method: 'DELETE', path: `${base}/volumes/${ROOT}`, query: { cascade: 'true' }, reply: { status: 202 } },
    );
    await deleteVolume(fakeConnection(fake()), ROOT);
    await deleteVolume(fakeConnection(fake()), ROOT, { cascade: true });
  });

  it('says why Cinder refuses to delete an attached volume (400)', async () => {
    fake().expect({ method: 'DELETE', path: `${base}/volumes/${ROOT}`, reply: { status: 400, json: fixture('cinder-400-delete-attached.json') } });
    const err = (await deleteVolume(fakeConnection(fake()), ROOT).catch((e: unknown) => e)) as OpenStackError;
    expect(err.is(400)).toBe(true);
    expect(err.safeMessage).toMatch(/^Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached/);
  });

  it('sets the bootable flag with os-set_bootable (200, no body)', async () => {
    fake().expect({ method: 'POST', path: `${base}/volumes/${ROOT}/action`, json: { 'os-set_bootable': { bootable: true } }, reply: { status: 200 } });
    await setVolumeBootable(fakeConnection(fake()), ROOT, true);
  });
});
