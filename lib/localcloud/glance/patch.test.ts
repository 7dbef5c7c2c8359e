import { describe, expect, it } from 'vitest';
import { PATCH_TYPE, makeGlanceCloud, webobJson } from './test-helpers';
import { SEED } from '../state/seed';

const I = SEED.images;

async function patch(cloud: ReturnType<typeof makeGlanceCloud>, id: string, ops: unknown, o: { user?: 'demo' | 'alt' | 'admin'; type?: string } = {}) {
  return cloud.request('PATCH', `/image/v2/images/${id}`, {
    token: await cloud.token(o.user ?? 'demo'),
    body: JSON.stringify(ops),
    headers: { 'Content-Type': o.type ?? PATCH_TYPE },
  });
}

describe('PATCH /v2/images/{id}: media type', () => {
  it('answers another content type with 415 and Accept-Patch (capture glance-06)', async () => {
    const cloud = makeGlanceCloud();
    const res = await patch(cloud, I.template, [{ op: 'add', path: '/x', value: 'y' }], { type: 'application/json' });
    expect(res.status).toBe(415);
    expect(res.headers.get('accept-patch')).toBe('application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch');
    expect(await res.json()).toEqual({
      message: 'The request media type application/json is not supported by this server.\n<br /><br />\n',
      code: '415 Unsupported Media Type',
      title: 'Unsupported Media Type',
    });
  });

  it('takes the deprecated v2.0 form, where add on an existing property is a conflict', async () => {
    const cloud = makeGlanceCloud();
    const type = 'application/openstack-images-v2.0-json-patch';
    const ok = await patch(cloud, I.template, [{ add: '/purpose', value: 'wire' }], { type });
    expect(ok.status).toBe(200);
    expect((await ok.json()).purpose).toBe('wire');
    const again = await patch(cloud, I.template, [{ add: '/purpose', value: 'other' }], { type });
    expect(again.status).toBe(409);
    expect((await again.json()).message).toBe('Property purpose already present.<br /><br />\n\n\n');
  });
});

describe('PATCH /v2/images/{id}: semantics', () => {
  it('adds a property, returns the full image and bumps updated_at (capture glance-04)', async () => {
    const cloud = makeGlanceCloud();
    const before = cloud.state.image(I.template)!.updatedAt;
    const res = await patch(cloud, I.template, [{ op: 'add', path: '/wire_tmp', value: '1' }]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = await res.json();
    expect(body.wire_tmp).toBe('1');
    expect(Object.keys(body).indexOf('wire_tmp')).toBeLessThan(Object.keys(body).indexOf('name'));
    expect(body.updated_at).not.toBe(before);
    expect(body.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(cloud.state.image(I.template)!.properties.wire_tmp).toBe('1');
  });

  // [ops, status, message] against the demo-owned template (which has os_distro, no `missing`).
  const table: [string, unknown[], number, string | null][] = [
    ['add on an existing property overwrites', [{ op: 'add', path: '/os_distro', value: 'ubuntu' }], 200, null],
    ['replace of an existing property', [{ op: 'replace', path: '/os_distro', value: 'ubuntu' }], 200, null],
    ['replace of a base property', [{ op: 'replace', path: '/name', value: 'renamed' }], 200, null],
    ['replace of a missing property', [{ op: 'replace', path: '/missing', value: 'x' }], 409, 'Property missing does not exist.'],
    ['remove of an existing property', [{ op: 'remove', path: '/os_distro' }], 200, null],
    ['remove of a missing property', [{ op: 'remove', path: '/missing' }], 409, 'Property missing does not exist.'],
    ['remove of a base property', [{ op: 'remove', path: '/name' }], 403, 'Property name may not be removed.'],
    ['add of a read-only attribute', [{ op: 'add', path: '/status', value: 'active' }], 403, "Attribute 'status' is read-only."],
    ['replace of the id', [{ op: 'replace', path: '/id', value: 'x' }], 403, "Attribute 'id' is read-only."],
    ['remove of checksum', [{ op: 'remove', path: '/checksum' }], 403, "Attribute 'checksum' is read-only."],
    ['add of a reserved name', [{ op: 'add', path: '/deleted', value: 'x' }], 403, "Attribute 'deleted' is reserved."],
    ['add in the os_glance namespace', [{ op: 'add', path: '/os_glance_import_task', value: 'x' }], 403, "Attribute 'os_glance_import_task' is reserved."],
    ['owner change by a non-admin', [{ op: 'replace', path: '/owner', value: SEED.projects.altDemo }], 403, "Owner can't be updated by non admin."],
    ['publicize by a non-admin (capture glance-10)', [{ op: 'replace', path: '/visibility', value: 'public' }], 403, 'You are not authorized to complete publicize_image action.'],
    ['community by its owner', [{ op: 'replace', path: '/visibility', value: 'community' }], 200, null],
    ['disk_format of an active image', [{ op: 'replace', path: '/disk_format', value: 'raw' }], 403, 'Attribute disk_format can be only replaced for a queued image.'],
    ['negative min_ram', [{ op: 'replace', path: '/min_ram', value: -1 }], 400, "Invalid value '-1' for parameter 'min_ram': Cannot be a negative value"],
    ['move', [{ op: 'move', from: '/a', path: '/b' }], 400, 'Invalid operation: `move`. It must be one of the following: add, remove, replace.'],
    ['no op', [{ path: '/b' }], 400, 'Unable to find `op` in JSON Schema change. It must be one of the following: add, remove, replace.'],
    ['no path', [{ op: 'add', value: 'x' }], 400, "Unable to find 'path' in JSON Schema change"],
    ['no value', [{ op: 'add', path: '/x' }], 400, 'Operation "add" requires a member named "value".'],
    ['a two-level path', [{ op: 'add', path: '/a/b', value: 'x' }], 400, "Invalid JSON pointer for this resource: '/a/b'"],
    ['a path without /', [{ op: 'add', path: 'x', value: 'x' }], 400, 'Pointer `x` does not start with "/".'],
    ['a bad escape', [{ op: 'add', path: '/a~2', value: 'x' }], 400, 'Pointer `/a~2` contains "~" not part of a recognized escape sequence.'],
    ['an operation that is no object', ['add'], 400, 'Operations must be JSON objects.'],
    ['locations while they are hidden', [{ op: 'add', path: '/locations/-', value: { url: 'http://x', metadata: {} } }], 403, "It's not allowed to add locations if locations are invisible."],
  ];
  it.each(table)('%s', async (_name, ops, status, message) => {
    const cloud = makeGlanceCloud();
    const res = await patch(cloud, I.template, ops);
    expect(res.status).toBe(status);
    const body = await res.json();
    if (message !== null) expect(body).toEqual(webobJson(`${status} ${body.title}`, message));
  });

  it('refuses a non-string custom value with the schema message', async () => {
    const cloud = makeGlanceCloud();
    const res = await patch(cloud, I.template, [{ op: 'add', path: '/hw_qemu_guest_agent', value: 5 }]);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/^Provided object does not match schema 'image': 5 is not of type 'string'\n/);
  });

  it('decodes ~1 and ~0 in paths', async () => {
    const cloud = makeGlanceCloud();
    const res = await patch(cloud, I.template, [{ op: 'add', path: '/a~1b~0c', value: 'x' }]);
    expect((await res.json())['a/b~c']).toBe('x');
  });

  it('applies all operations or none', async () => {
    const cloud = makeGlanceCloud();
    const res = await patch(cloud, I.template, [{ op: 'add', path: '/first', value: '1' }, { op: 'replace', path: '/missing', value: 'x' }]);
    expect(res.status).toBe(409);
    expect(cloud.state.image(I.template)!.properties).not.toHaveProperty('first');
  });

  it('caps custom properties at 128 with 413', async () => {
    const cloud = makeGlanceCloud();
    const have = Object.keys(cloud.state.image(I.template)!.properties).length;
    const ops = Array.from({ length: 129 - have }, (_, i) => ({ op: 'add', path: `/p${i}`, value: 'x' }));
    const res = await patch(cloud, I.template, ops);
    expect(res.status).toBe(413);
    expect((await res.json()).message).toBe('The limit has been exceeded on the number of allowed image properties. Attempted: 129, Maximum: 128<br /><br />\n\n\n');
    expect((await patch(cloud, I.template, ops.slice(1))).status).toBe(200);
  });
});

describe('PATCH /v2/images/{id}: who may', () => {
  it('answers 403 for another project’s public image (capture glance-11) and 404 for an invisible one', async () => {
    const cloud = makeGlanceCloud();
    const ops = [{ op: 'add', path: '/hw_qemu_guest_agent', value: 'no' }];
    const other = await patch(cloud, I.debian12, ops);
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual(webobJson('403 Forbidden', 'You do not own this image'));
    const hidden = await patch(cloud, I.altImage, ops);
    expect(hidden.status).toBe(404);
    expect((await hidden.json()).message).toBe(`No image found with ID ${I.altImage}<br /><br />\n\n\n`);
  });

  it('lets an admin change anything, owner and public visibility included', async () => {
    const cloud = makeGlanceCloud();
    const res = await patch(cloud, I.altImage, [
      { op: 'replace', path: '/visibility', value: 'public' },
      { op: 'replace', path: '/owner', value: SEED.projects.demo },
    ], { user: 'admin' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ visibility: 'public', owner: SEED.projects.demo });
  });
});
