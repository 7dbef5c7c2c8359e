import { describe, expect, it } from 'vitest';
import { PUBLIC_URL, makeGlanceCloud, webobJson } from './test-helpers';
import { SEED } from '../state/seed';

const I = SEED.images;
// Key order of a Zed image (captures glance-03, glance-09, glance-20), after custom properties.
const BASE_KEYS = [
  'name', 'disk_format', 'container_format', 'visibility', 'size', 'virtual_size', 'status', 'checksum', 'protected',
  'min_ram', 'min_disk', 'owner', 'os_hidden', 'os_hash_algo', 'os_hash_value', 'id', 'created_at', 'updated_at', 'tags',
  'self', 'file', 'schema',
];

describe('glance version discovery', () => {
  it('answers GET /image with 300 and the Zed version list, without a token', async () => {
    const { request } = makeGlanceCloud();
    for (const path of ['/image', '/image/', '/image/v3/images']) {
      const res = await request('GET', path);
      expect(res.status, path).toBe(300);
      const body = await res.json();
      expect(body.versions[0]).toEqual({ id: 'v2.15', status: 'CURRENT', links: [{ rel: 'self', href: `${PUBLIC_URL}/image/v2/` }] });
      expect(body.versions.map((v: { id: string }) => v.id)).toEqual(['v2.15', 'v2.9', 'v2.7', 'v2.6', 'v2.5', 'v2.4', 'v2.3', 'v2.2', 'v2.1', 'v2.0']);
    }
    expect((await request('GET', '/image/versions')).status).toBe(200);
  });
});

describe('glance authentication', () => {
  it('answers a missing or unknown token with webob 401 in the format Accept asks for', async () => {
    const { request } = makeGlanceCloud();
    const json = await request('GET', '/image/v2/images');
    expect(json.status).toBe(401);
    expect((await json.json()).code).toBe('401 Unauthorized');
    const plain = await request('GET', '/image/v2/images', { token: 'nope', accept: null });
    expect(plain.status).toBe(401);
    expect(plain.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(await plain.text()).toMatch(/^401 Unauthorized\n\nThis server could not verify/);
  });
});

describe('GET /v2/images/{id}', () => {
  it('shows a snapshot like the capture: custom properties first, then the base keys, no locations', async () => {
    const { request, token } = makeGlanceCloud();
    const res = await request('GET', `/image/v2/images/${I.web1Snapshot}`, { token: await token() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-/);
    const body = await res.json();
    const keys = Object.keys(body);
    expect(keys.slice(-BASE_KEYS.length)).toEqual(BASE_KEYS);
    expect(keys).toContain('image_type');
    expect(keys.indexOf('image_type')).toBeLessThan(keys.indexOf('name'));
    expect(body).toMatchObject({
      image_type: 'snapshot', instance_uuid: SEED.servers.web1, status: 'active', visibility: 'private',
      self: `/v2/images/${I.web1Snapshot}`, file: `/v2/images/${I.web1Snapshot}/file`, schema: '/v2/schemas/image',
    });
    expect(body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(body).not.toHaveProperty('locations');
    expect(body).not.toHaveProperty('stores');
  });

  it('answers 404 for another project’s private image, not 403 (capture glance-13)', async () => {
    const { request, token } = makeGlanceCloud();
    const res = await request('GET', `/image/v2/images/${I.altImage}`, { token: await token('demo') });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual(webobJson('404 Not Found', `No image found with ID ${I.altImage}`));
    // The owner project sees it, an admin too.
    expect((await request('GET', `/image/v2/images/${I.altImage}`, { token: await token('alt') })).status).toBe(200);
    expect((await request('GET', `/image/v2/images/${I.altImage}`, { token: await token('admin') })).status).toBe(200);
  });

  it('words errors by Accept: HTML for */* (capture glance-08), text without Accept', async () => {
    const { request, token } = makeGlanceCloud();
    const id = '47317934-92e1-4efe-afc2-33a20ef5e623';
    const html = await request('GET', `/image/v2/images/${id}`, { token: await token(), accept: '*/*' });
    expect(html.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(await html.text()).toBe(
      `<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID ${id}<br /><br />\n\n\n\n </body>\n</html>`,
    );
    const plain = await request('GET', `/image/v2/images/${id}`, { token: await token(), accept: null });
    expect(await plain.text()).toBe(`404 Not Found\n\nNo image found with ID ${id}\n\n   `);
  });
});

describe('POST /v2/images', () => {
  it('creates a queued image owned by the caller’s project, with Location and import methods (capture glance-09)', async () => {
    const { request, token } = makeGlanceCloud();
    const res = await request('POST', '/image/v2/images', {
      token: await token(), json: { name: 'wire-demo-img', disk_format: 'raw', container_format: 'bare', visibility: 'private', purpose: 'test' },
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(res.headers.get('location')).toBe(`${PUBLIC_URL}/image/v2/images/${body.id}`);
    expect(res.headers.get('openstack-image-import-methods')).toBe('glance-direct,web-download,copy-image');
    expect(Object.keys(body)).toEqual(['purpose', ...BASE_KEYS]);
    expect(body).toMatchObject({ status: 'queued', owner: SEED.projects.demo, size: null, checksum: null, tags: [], min_disk: 0 });
  });

  it('defaults visibility to shared and keeps a given id; a second create with it is 409 (capture glance-15)', async () => {
    const { request, token } = makeGlanceCloud();
    const id = 'c828b6c9-5093-4afb-bbcb-0e3ac7f9c93c';
    const first = await request('POST', '/image/v2/images', { token: await token(), json: { id, name: 'dup' } });
    expect(first.status).toBe(201);
    expect((await first.json()).visibility).toBe('shared');
    const again = await request('POST', '/image/v2/images', { token: await token(), json: { id, name: 'dup' } });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual(webobJson('409 Conflict', `Image ID ${id} already exists!`));
  });

  it.each([
    [{ visibility: 'public' }, 403, 'You are not authorized to complete publicize_image action.'],
    [{ status: 'active' }, 403, "Attribute 'status' is read-only."],
    [{ self: '/x' }, 403, "Attribute 'self' is read-only."],
    [{ deleted: 'x' }, 403, "Attribute 'deleted' is reserved."],
    [{ os_glance_foo: 'x' }, 403, "Attribute 'os_glance_foo' is reserved."],
    [{ owner: 'someone-else' }, 403, "You are not permitted to create images owned by 'someone-else'."],
    [{ min_disk: -1 }, 400, "Invalid value '-1' for parameter 'min_disk': Cannot be a negative value"],
  ])('refuses %j with %i', async (json, status, detail) => {
    const { request, token } = makeGlanceCloud();
    const res = await request('POST', '/image/v2/images', { token: await token(), json });
    expect(res.status).toBe(status);
    expect((await res.json()).message).toBe(`${detail}<br /><br />\n\n\n`);
  });

  it('validates against the image schema with jsonschema’s wording', async () => {
    const { request, token } = makeGlanceCloud();
    const cases: [unknown, string][] = [
      [{ disk_format: 'exe' }, "Provided object does not match schema 'image': 'exe' is not one of [None, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop']"],
      [{ hw_qemu_guest_agent: true }, "Provided object does not match schema 'image': True is not of type 'string'\n\nFailed validating 'type' in schema['additionalProperties']:\n    {'type': 'string'}\n\nOn instance['hw_qemu_guest_agent']:\n    True"],
      [{ min_ram: '512' }, "Provided object does not match schema 'image': '512' is not of type 'integer'"],
      [{ id: 'not-a-uuid' }, "Provided object does not match schema 'image': 'not-a-uuid' does not match"],
      [{ tags: ['ok', 5] }, "Provided object does not match schema 'image': 5 is not of type 'string'"],
      [[1], "Provided object does not match schema 'image': [1] is not of type 'object'"],
    ];
    for (const [json, start] of cases) {
      const res = await request('POST', '/image/v2/images', { token: await token(), json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect((await res.json()).message.startsWith(start), JSON.stringify(json)).toBe(true);
    }
    const malformed = await request('POST', '/image/v2/images', { token: await token(), body: '{', headers: { 'Content-Type': 'application/json' } });
    expect((await malformed.json()).message).toBe('Malformed JSON in request body.<br /><br />\n\n\n');
    const empty = await request('POST', '/image/v2/images', { token: await token(), body: '' });
    expect((await empty.json()).message).toBe('Body expected in request.<br /><br />\n\n\n');
  });
});

describe('DELETE /v2/images/{id}', () => {
  it('deletes with 204 text/html and no body, then 404 (captures glance-17, glance-18)', async () => {
    const { request, token, state } = makeGlanceCloud();
    const t = await token();
    const res = await request('DELETE', `/image/v2/images/${I.template}`, { token: t });
    expect(res.status).toBe(204);
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-/);
    expect(await res.text()).toBe('');
    expect(state.image(I.template)).toBeUndefined();
    const again = await request('DELETE', `/image/v2/images/${I.template}`, { token: t });
    expect(again.status).toBe(404);
    expect((await again.json()).message).toBe(`Failed to find image ${I.template} to delete<br /><br />\n\n\n`);
  });

  it('refuses a protected image, another project’s public image and hides an invisible one', async () => {
    const { request, token } = makeGlanceCloud();
    const t = await token();
    const prot = await request('DELETE', `/image/v2/images/${I.protectedImage}`, { token: t });
    expect(prot.status).toBe(403);
    expect((await prot.json()).message).toBe(`Image ${I.protectedImage} is protected and cannot be deleted.<br /><br />\n\n\n`);
    const other = await request('DELETE', `/image/v2/images/${I.debian12}`, { token: t });
    expect(await other.json()).toEqual(webobJson('403 Forbidden', 'You do not own this image'));
    expect((await request('DELETE', `/image/v2/images/${I.altImage}`, { token: t })).status).toBe(404);
  });
});

describe('schemas, tags, members and unknown routes', () => {
  it('serves the real image and images schemas', async () => {
    const { request, token } = makeGlanceCloud();
    const image = await (await request('GET', '/image/v2/schemas/image', { token: await token() })).json();
    expect(image.name).toBe('image');
    expect(image.additionalProperties).toEqual({ type: 'string' });
    expect(image.properties.visibility.enum).toEqual(['community', 'public', 'private', 'shared']);
    const images = await (await request('GET', '/image/v2/schemas/images', { token: await token() })).json();
    expect(images.name).toBe('images');
    expect(images.properties.images.items.name).toBe('image');
  });

  it('adds and removes tags as the owner only', async () => {
    const { request, token, state } = makeGlanceCloud();
    const t = await token();
    expect((await request('PUT', `/image/v2/images/${I.template}/tags/golden`, { token: t })).status).toBe(204);
    expect((await request('PUT', `/image/v2/images/${I.template}/tags/golden`, { token: t })).status).toBe(204);
    expect(state.image(I.template)!.tags).toEqual(['golden']);
    const other = await request('PUT', `/image/v2/images/${I.debian12}/tags/x`, { token: t });
    expect((await other.json()).message).toBe(`Not allowed to update tags for image ${I.debian12}.<br /><br />\n\n\n`);
    expect((await request('DELETE', `/image/v2/images/${I.template}/tags/golden`, { token: t })).status).toBe(204);
    expect((await request('DELETE', `/image/v2/images/${I.template}/tags/golden`, { token: t })).status).toBe(404);
  });

  it('lists members of a shared image: all for the owner, only itself for a member', async () => {
    const { request, token, state } = makeGlanceCloud();
    const img = state.image(I.template)!;
    const notShared = await request('GET', `/image/v2/images/${I.template}/members`, { token: await token() });
    expect(notShared.status).toBe(403);
    img.visibility = 'shared';
    img.members = [{ projectId: SEED.projects.altDemo, status: 'pending' }, { projectId: SEED.projects.admin, status: 'accepted' }];
    const owner = await (await request('GET', `/image/v2/images/${I.template}/members`, { token: await token() })).json();
    expect(owner.schema).toBe('/v2/schemas/members');
    expect(owner.members.map((m: { member_id: string }) => m.member_id)).toEqual([SEED.projects.altDemo, SEED.projects.admin]);
    expect(Object.keys(owner.members[0]).sort()).toEqual(['created_at', 'image_id', 'member_id', 'schema', 'status', 'updated_at']);
    const member = await (await request('GET', `/image/v2/images/${I.template}/members`, { token: await token('alt') })).json();
    expect(member.members).toHaveLength(1);
    expect(member.members[0]).toMatchObject({ member_id: SEED.projects.altDemo, status: 'pending' });
  });

  it('answers 405 with Allow for a method a path does not take, 404 for an unknown v2 path', async () => {
    const { request, token } = makeGlanceCloud();
    const res = await request('POST', `/image/v2/images/${I.template}`, { token: await token() });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PATCH, DELETE');
    expect((await res.json()).message).toBe('The method POST is not allowed for this resource. <br /><br />\n');
    expect((await request('GET', '/image/v2/nothing', { token: await token() })).status).toBe(404);
  });
});
