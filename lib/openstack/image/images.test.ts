import { describe, expect, it } from 'vitest';
import { OpenStackError } from '../errors';
import { fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import {
  createImage, deleteImage, downloadImage, getImage, listAllImages, listImages, listImagesOptsSchema, updateImage, uploadImageData,
} from './images';
import { JSON_PATCH_CONTENT_TYPE, setProperty } from './json-patch';

const fake = withFakeServer();
const SNAP = 'a3e74332-bc9d-4c13-a05b-b55cb3d76c5f';
const BASE = 'c706b3b4-e595-494e-a512-3e31012e6415';
const images = '/image/v2/images';
const defaults = { limit: '50', sort_key: 'created_at', sort_dir: 'desc' };

describe('listImages', () => {
  it('filters by custom property and reshapes snapshots (capture glance-01)', async () => {
    fake().expect({ method: 'GET', path: images, query: { ...defaults, image_type: 'snapshot' }, microversion: null, reply: { status: 200, json: fixture('glance-images-image_type-snapshot.json') } });
    const { images: list, nextMarker } = await listImages(fakeConnection(fake()), { properties: { image_type: 'snapshot' } });
    expect(nextMarker).toBeNull();
    expect(list).toHaveLength(3);
    expect(list[2]).toEqual({
      id: SNAP, name: 'wire-snap', status: 'queued', visibility: 'private', owner: '4af3352930c74c46b7167196ad92abd0', protected: false,
      hidden: false, diskFormat: null, containerFormat: null, minDisk: 1, minRam: 0, size: null, virtualSize: null, checksum: null,
      hashAlgo: null, hashValue: null, createdAt: '2026-11-25T23:23:00Z', updatedAt: '2026-11-25T23:23:00Z', tags: [],
      properties: {
        'owner_specified.openstack.md5': '', 'owner_specified.openstack.sha256': '', 'owner_specified.openstack.object': 'images/base-image',
        hw_qemu_guest_agent: 'yes', base_image_ref: BASE, owner_user_name: 'admin', owner_project_name: 'admin',
        boot_roles: 'admin,reader,member', instance_uuid: '961f94dc-082c-4b6f-8b6e-e8803b169e4d', user_id: '7432071c411541d985d992110df639eb',
        image_type: 'snapshot', purpose: 'wire',
      },
    });
  });

  it('sends ids as id=in:…, hidden as os_hidden, and reads the next marker', async () => {
    fake().expect({
      method: 'GET', path: images,
      query: { limit: '2', sort_key: 'name', sort_dir: 'asc', id: `in:${SNAP},${BASE}`, os_hidden: 'false', visibility: 'all', status: 'active', owner: 'p', name: 'n' },
      reply: { status: 200, json: { ...fixture<object>('glance-images-list-sample.json'), next: '/v2/images?limit=2&marker=781b3762-9469-4cec-b58d-3349e5de4e9c' } },
    });
    const page = await listImages(fakeConnection(fake()), {
      limit: 2, sortKey: 'name', sortDir: 'asc', ids: [SNAP, BASE], hidden: false, visibility: 'all', status: 'active', owner: 'p', name: 'n',
    });
    expect(page.nextMarker).toBe('781b3762-9469-4cec-b58d-3349e5de4e9c');
    expect(page.images[0]).toMatchObject({ size: 13167616, checksum: '64d7c1cd2b6f60c92c14662941cb7913', hashAlgo: 'sha512', properties: {} });
  });

  it('sends a name with a colon as eq:<name>, which Glance would otherwise read as an operator', async () => {
    fake().expect(
      { method: 'GET', path: images, query: { ...defaults, name: 'eq:in:a,b' }, reply: { status: 200, json: { images: [] } } },
      { method: 'GET', path: images, query: { ...defaults, name: 'eq:2026-01-01T10:00:00Z' }, reply: { status: 200, json: { images: [] } } },
      { method: 'GET', path: images, query: { ...defaults, name: 'debian 12' }, reply: { status: 200, json: { images: [] } } },
    );
    for (const name of ['in:a,b', '2026-01-01T10:00:00Z', 'debian 12']) await listImages(fakeConnection(fake()), { name });
  });

  it('accepts query-string forms and refuses reserved property names', () => {
    expect(listImagesOptsSchema.parse({ limit: '10', hidden: 'true', ids: `${SNAP},${BASE}` })).toMatchObject({ limit: 10, hidden: true, ids: [SNAP, BASE] });
    expect(listImagesOptsSchema.safeParse({ properties: { visibility: 'public' } }).success).toBe(false);
    expect(listImagesOptsSchema.safeParse({ properties: { limit: '5' } }).success).toBe(false);
    expect(listImagesOptsSchema.safeParse({ properties: { hw_qemu_guest_agent: 'yes' } }).success).toBe(true);
    expect(listImagesOptsSchema.safeParse({ ids: ['nope'] }).success).toBe(false);
  });

  it('listAllImages follows Glance next paths', async () => {
    fake().expect(
      { method: 'GET', path: images, query: { ...defaults, limit: '1000', image_type: 'backup' }, reply: { status: 200, json: { ...fixture<object>('glance-images-list-sample.json'), next: '/v2/images?image_type=backup&marker=x' } } },
      { method: 'GET', path: images, query: { image_type: 'backup', marker: 'x' }, reply: { status: 200, json: { images: [fixture('glance-image-show-snapshot.json')] } } },
    );
    const all = await listAllImages(fakeConnection(fake()), { properties: { image_type: 'backup' } });
    expect(all.map((i) => i.name)).toEqual(['cirros-0.3.2-x86_64-disk', 'F17-x86_64-cfntools', 'wire-snap']);
  });
});

describe('single image', () => {
  it('gets an image; 404 keeps Glance message (captures glance-03, glance-07)', async () => {
    fake().expect(
      { method: 'GET', path: `${images}/${SNAP}`, reply: { status: 200, json: fixture('glance-image-show-snapshot.json') } },
      { method: 'GET', path: `${images}/${SNAP}`, reply: { status: 404, json: fixture('glance-404.json') } },
    );
    expect((await getImage(fakeConnection(fake()), SNAP)).properties.image_type).toBe('snapshot');
    const err = (await getImage(fakeConnection(fake()), SNAP).catch((e: unknown) => e)) as OpenStackError;
    expect(err.is(404)).toBe(true);
    expect(err.safeMessage).toBe('No image found with ID 9246dca9-327e-4e10-9ac1-494d9d04aa37');
  });

  it('patches with the json-patch content type (capture glance-04)', async () => {
    fake().expect({
      method: 'PATCH', path: `${images}/${BASE}`, contentType: JSON_PATCH_CONTENT_TYPE,
      json: [{ op: 'add', path: '/hw_qemu_guest_agent', value: 'yes' }],
      reply: { status: 200, json: fixture('glance-image-patch-add.json') },
    });
    const img = await updateImage(fakeConnection(fake()), BASE, setProperty('hw_qemu_guest_agent', 'yes'));
    expect(img.properties.hw_qemu_guest_agent).toBe('yes');
    expect(img.visibility).toBe('shared');
  });

  it('an empty patch only reads the image', async () => {
    fake().expect({ method: 'GET', path: `${images}/${BASE}`, reply: { status: 200, json: fixture('glance-image-patch-add.json') } });
    expect((await updateImage(fakeConnection(fake()), BASE, [])).id).toBe(BASE);
  });

  it('deletes (204), and a protected image gives 403 (captures glance-17, glance-16)', async () => {
    fake().expect(
      { method: 'DELETE', path: `${images}/${SNAP}`, reply: { status: 204, headers: { 'Content-Type': 'text/html; charset=UTF-8' } } },
      { method: 'DELETE', path: `${images}/${SNAP}`, reply: { status: 403, json: fixture('glance-403-protected.json') } },
    );
    await deleteImage(fakeConnection(fake()), SNAP);
    await expect(deleteImage(fakeConnection(fake()), SNAP)).rejects.toMatchObject({
      status: 403, safeMessage: 'Image c828b6c9-5093-4afb-bbcb-0e3ac7f9c93c is protected and cannot be deleted.',
    });
  });

  it('creates with custom properties at the top level (capture glance-09) and uploads data', async () => {
    const id = 'c828b6c9-5093-4afb-bbcb-0e3ac7f9c93c';
    fake().expect(
      {
        method: 'POST', path: images, contentType: 'application/json',
        json: { name: 'wire-demo-img', disk_format: 'raw', container_format: 'bare', visibility: 'private', hw_qemu_guest_agent: 'yes' },
        reply: { status: 201, headers: { Location: `http://127.0.0.1:9292/v2/images/${id}` }, json: fixture('glance-image-create-resp.json') },
      },
      { method: 'PUT', path: `${images}/${id}/file`, contentType: 'application/octet-stream', rawBody: 'xxxxxxxxxxxxxxxx', reply: { status: 204 } },
    );
    const img = await createImage(fakeConnection(fake()), {
      name: 'wire-demo-img', diskFormat: 'raw', containerFormat: 'bare', visibility: 'private', properties: { hw_qemu_guest_agent: 'yes' },
    });
    expect(img).toMatchObject({ id, status: 'queued', size: null });
    await uploadImageData(fakeConnection(fake()), id, new TextEncoder().encode('x'.repeat(16)));
  });
});

describe('downloadImage', () => {
  it('streams the data with its length and Content-MD5', async () => {
    const data = Buffer.from('0123456789abcdef');
    fake().expect({
      method: 'GET', path: `${images}/${BASE}/file`,
      reply: { status: 200, headers: { 'Content-Type': 'application/octet-stream', 'Content-MD5': 'md5sum', 'Content-Length': '16' }, body: data },
    });
    const d = await downloadImage(fakeConnection(fake()), BASE);
    expect(d).toMatchObject({ status: 200, contentLength: 16, contentMd5: 'md5sum', contentType: 'application/octet-stream' });
    expect(Buffer.from(await new Response(d.body).arrayBuffer()).equals(data)).toBe(true);
  });

  it('sends a Range and accepts 206; 204 has no body', async () => {
    fake().expect(
      { method: 'GET', path: `${images}/${BASE}/file`, headers: { Range: 'bytes=0-3' }, reply: { status: 206, headers: { 'Content-Range': 'bytes 0-3/16' }, body: '0123' } },
      { method: 'GET', path: `${images}/${SNAP}/file`, reply: { status: 204 } },
    );
    const part = await downloadImage(fakeConnection(fake()), BASE, { range: 'bytes=0-3' });
    expect(part).toMatchObject({ status: 206, contentRange: 'bytes 0-3/16' });
    expect(await new Response(part.body).text()).toBe('0123');
    expect(await downloadImage(fakeConnection(fake()), SNAP)).toMatchObject({ status: 204, body: null });
    await expect(downloadImage(fakeConnection(fake()), SNAP, { range: 'lines=1' })).rejects.toThrow();
  });
});
