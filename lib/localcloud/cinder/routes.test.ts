import { afterEach, describe, expect, it } from 'vitest';
import rawVolume from '@/lib/testing/fixtures/openstack/cinder-volume-show-root-spike.json';
import rawSnapshot from '@/lib/testing/fixtures/openstack/cinder-snapshot-show-spike.json';
import versionsSample from '@/lib/testing/fixtures/openstack/cinder-versions.json';
import limitsSample from '@/lib/testing/fixtures/openstack/cinder-limits.json';
import attachmentsSample from '@/lib/testing/fixtures/openstack/cinder-attachments.json';
import type { LocalCloud } from '../server';
import { SEED } from '../state/seed';
import type { Timings } from '../state/state';
import { login, sortedKeys, testCloud, until } from '../test-helpers';
import { cinderOf, FAKE_TYPE_ID } from './store';
import { volume } from './test-kit';

let lc: LocalCloud;
afterEach(async () => {
  await lc.dispose();
});

async function setup(timings: Partial<Timings> = {}) {
  lc = testCloud({ timings });
  return login(lc.app, 'demo', 'demo');
}

const ROOT = SEED.volumes.vol1Root;
const statusOf = async (token: string, id: string) => (await volume(lc.app, token, 'GET', `/volumes/${id}`)).json?.volume?.status;

describe('versions and microversions', () => {
  it('lists v3 at the root (300) and at /v3/ (200) without a token, as the sample', async () => {
    await setup();
    for (const path of ['/volume', '/volume/']) {
      const r = await volume(lc.app, null, 'GET', path);
      expect(r.status).toBe(300);
      expect(sortedKeys(r.json.versions[0])).toEqual(sortedKeys(versionsSample.versions[0]));
    }
    const v3 = await volume(lc.app, null, 'GET', '/volume/v3/');
    expect(v3.status).toBe(200);
    expect(v3.json.versions[0]).toMatchObject({ id: 'v3.0', version: '3.70', min_version: '3.0', status: 'CURRENT', updated: '2022-08-31T00:00:00Z' });
    expect(v3.json.versions[0].links[1]).toEqual({ rel: 'self', href: `${lc.cloud.publicUrl}/volume/v3/` });
  });

  it('speaks 3.0 without a header, echoes the version, and refuses what cinder-api refuses', async () => {
    const demo = await setup();
    const none = await volume(lc.app, demo, 'GET', '/types', { version: null });
    expect(none.headers.get('OpenStack-API-Version')).toBe('volume 3.0');
    expect(none.headers.get('Vary')).toBe('OpenStack-API-Version');
    expect((await volume(lc.app, demo, 'GET', '/types', { version: 'latest' })).headers.get('OpenStack-API-Version')).toBe('volume 3.70');
    const high = await volume(lc.app, demo, 'GET', '/types', { version: '3.71' });
    expect(high.status).toBe(406);
    expect(high.json).toEqual({ computeFault: { code: 406, message: 'Version 3.71 is not supported by the API. Minimum is 3.0 and maximum is 3.70.' } });
    const bad = await volume(lc.app, demo, 'GET', '/types', { version: '3.x' });
    expect(bad.json.badRequest.message).toBe('API Version String 3.x is of invalid format. Must be of format MajorNum.MinorNum.');
    const computeOnly = await volume(lc.app, demo, 'GET', '/types', { version: null, headers: { 'OpenStack-API-Version': 'compute 2.93' } });
    expect(computeOnly.status).toBe(400);
  });

  it('wants a token (401 in Keystone\'s shape) and the token\'s own project in the URL', async () => {
    const demo = await setup();
    const anonymous = await volume(lc.app, null, 'GET', '/volumes');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json.error.code).toBe(401);
    const other = await volume(lc.app, demo, 'GET', '/volumes', { project: SEED.projects.altDemo });
    expect(other.status).toBe(400);
    expect(other.json).toEqual({ badRequest: { code: 400, message: 'Malformed request url' } });
    const unknown = await volume(lc.app, demo, 'GET', '/backups/nothing');
    expect(unknown.status).toBe(404);
  });
});

describe('volumes', () => {
  it('shows vol-1\'s root volume with the keys of the spike\'s (in-use, bootable, attached on /dev/sda)', async () => {
    const demo = await setup();
    const r = await volume(lc.app, demo, 'GET', `/volumes/${ROOT}`);
    expect(r.status).toBe(200);
    const v = r.json.volume;
    // The spike's volume was made empty; this one from Debian 12, so it has the image's metadata too.
    expect(sortedKeys(v)).toEqual(sortedKeys({ ...rawVolume.volume, volume_image_metadata: {} }));
    expect(v).toMatchObject({
      id: ROOT, name: 'vol-1-root', status: 'in-use', size: 10, bootable: 'true', volume_type: 'fake', volume_type_id: FAKE_TYPE_ID,
      encrypted: false, multiattach: false, shared_targets: false, consumes_quota: true, 'os-vol-tenant-attr:tenant_id': SEED.projects.demo,
    });
    expect(sortedKeys(v.attachments[0])).toEqual(sortedKeys(rawVolume.volume.attachments[0]));
    expect(v.attachments[0]).toMatchObject({ server_id: SEED.servers.vol1, device: '/dev/sda', host_name: null, volume_id: ROOT, id: ROOT });
    expect(v.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000$/);
    expect(v.volume_image_metadata).toMatchObject({ image_id: SEED.images.debian12, image_name: 'Debian 12', min_disk: '2', hw_disk_bus: 'scsi' });
    // Older microversions drop the newer keys.
    const old = (await volume(lc.app, demo, 'GET', `/volumes/${ROOT}`, { version: '3.0' })).json.volume;
    for (const k of ['group_id', 'shared_targets', 'service_uuid', 'volume_type_id', 'consumes_quota']) expect(old).not.toHaveProperty(k);
    expect((await volume(lc.app, demo, 'GET', '/volumes/0a3eb41f-7d3e-4c4d-8c1a-1f6f0d6c4b1e')).json)
      .toEqual({ itemNotFound: { code: 404, message: 'Volume 0a3eb41f-7d3e-4c4d-8c1a-1f6f0d6c4b1e could not be found.' } });
    // alt-demo does not see demo's volume.
    const alt = await login(lc.app, 'alt', 'alt-demo');
    expect((await volume(lc.app, alt, 'GET', `/volumes/${ROOT}`, { project: SEED.projects.altDemo })).status).toBe(404);
  });

  it('creates from an image: creating → downloading → available, then bootable, with the image\'s metadata', async () => {
    const demo = await setup({ snapshotPhaseMs: 30 });
    const r = await volume(lc.app, demo, 'POST', '/volumes', { body: { volume: { size: 10, name: 'data', imageRef: SEED.images.template } } });
    expect(r.status).toBe(202);
    // Real Cinder (Zed) answers bootable "false" and sets it once the volume manager made it.
    expect(r.json.volume).toMatchObject({ status: 'creating', bootable: 'false', updated_at: null, volume_type: 'fake', name: 'data' });
    const id = r.json.volume.id;
    await until('downloading', async () => (await statusOf(demo, id)) === 'downloading', { intervalMs: 2 });
    await until('available', async () => (await statusOf(demo, id)) === 'available', { intervalMs: 2 });
    const made = (await volume(lc.app, demo, 'GET', `/volumes/${id}`)).json.volume;
    expect(made.bootable).toBe('true');
    expect(made.volume_image_metadata.image_id).toBe(SEED.images.template);
  });

  it('checks the request as cinder-api does', async () => {
    const demo = await setup();
    const post = (v: unknown, version = '3.70') => volume(lc.app, demo, 'POST', '/volumes', { body: { volume: v }, version });
    expect((await post({ size: 0 })).json.badRequest.message).toBe('Invalid input for field/attribute size. Value: 0. 0 is less than the minimum of 1');
    expect((await post({})).json.badRequest.message).toBe("Invalid input received: Volume size 'None' must be an integer and greater than 0");
    expect((await post({ size: 1, colour: 'red' })).json.badRequest.message).toMatch(/Additional properties are not allowed \('colour' was unexpected\)/);
    expect((await post({ size: 1, colour: 'red' }, '3.52')).status).toBe(202);
    expect((await post({ size: 1, imageRef: 'no-such-image' })).json.badRequest.message).toBe('Invalid image identifier or unable to access requested image.');
    expect((await post({ size: 5, imageRef: SEED.images.template })).json.badRequest.message).toBe('Invalid input received: Volume size 5GB cannot be smaller than the image minDisk size 10GB.');
    expect((await post({ size: 1, volume_type: 'gold' })).json.itemNotFound.message).toBe('Volume type with name gold could not be found.');
    expect((await post({ snapshot_id: '0a3eb41f-7d3e-4c4d-8c1a-1f6f0d6c4b1e' })).json.itemNotFound.message).toBe('Snapshot 0a3eb41f-7d3e-4c4d-8c1a-1f6f0d6c4b1e could not be found.');
    expect((await volume(lc.app, demo, 'POST', '/volumes', { body: '{"volume":', version: '3.70' })).json.badRequest.message).toBe('Malformed request body');
  });

  it('counts volumes and gigabytes against the quota (413), which an admin sets with os-quota-sets', async () => {
    const demo = await setup();
    const admin = await login(lc.app, 'admin', 'admin');
    const set = await volume(lc.app, admin, 'PUT', `/os-quota-sets/${SEED.projects.demo}`, { project: SEED.projects.admin, body: { quota_set: { gigabytes: 15, volumes: 2 } } });
    expect(set.status).toBe(200);
    expect(set.json.quota_set).toMatchObject({ gigabytes: 15, volumes: 2, snapshots: 10 });
    expect((await volume(lc.app, demo, 'PUT', `/os-quota-sets/${SEED.projects.demo}`, { body: { quota_set: { gigabytes: 1 } } })).status).toBe(403);
    const big = await volume(lc.app, demo, 'POST', '/volumes', { body: { volume: { size: 6 } } });
    expect(big.status).toBe(413);
    expect(big.json).toEqual({ overLimit: { code: 413, message: 'Requested volume or snapshot exceeds allowed gigabytes quota. Requested 6G, quota is 15G and 10G has been consumed.', retryAfter: '0' } });
    expect((await volume(lc.app, demo, 'POST', '/volumes', { body: { volume: { size: 1 } } })).status).toBe(202);
    const third = await volume(lc.app, demo, 'POST', '/volumes', { body: { volume: { size: 1 } } });
    expect(third.json.overLimit.message).toBe("Maximum number of volumes allowed (2) exceeded for quota 'volumes'.");
    const usage = await volume(lc.app, demo, 'GET', `/os-quota-sets/${SEED.projects.demo}?usage=true`);
    expect(usage.json.quota_set.gigabytes).toEqual({ limit: 15, in_use: 11, reserved: 0 });
  });

  it('refuses to delete an attached volume, deletes an available one (deleting, then gone)', async () => {
    const demo = await setup({ snapshotPhaseMs: 5, powerMs: 30 });
    const attached = await volume(lc.app, demo, 'DELETE', `/volumes/${ROOT}`);
    expect(attached.status).toBe(400);
    expect(attached.json.badRequest.message).toBe('Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.');
    const id = (await volume(lc.app, demo, 'POST', '/volumes', { body: { volume: { size: 1 } } })).json.volume.id;
    await until('available', async () => (await statusOf(demo, id)) === 'available', { intervalMs: 2 });
    const del = await volume(lc.app, demo, 'DELETE', `/volumes/${id}`);
    expect(del.status).toBe(202);
    expect(del.text).toBe('');
    expect(await statusOf(demo, id)).toBe('deleting');
    await until('gone', async () => (await volume(lc.app, demo, 'GET', `/volumes/${id}`)).status === 404, { intervalMs: 2 });
  });

  it('sets the bootable flag (os-set_bootable, 200) and knows no other action', async () => {
    const demo = await setup({ snapshotPhaseMs: 5 });
    const id = (await volume(lc.app, demo, 'POST', '/volumes', { body: { volume: { size: 1 } } })).json.volume.id;
    expect((await volume(lc.app, demo, 'GET', `/volumes/${id}`)).json.volume.bootable).toBe('false');
    const r = await volume(lc.app, demo, 'POST', `/volumes/${id}/action`, { body: { 'os-set_bootable': { bootable: 'True' } } });
    expect(r.status).toBe(200);
    expect((await volume(lc.app, demo, 'GET', `/volumes/${id}`)).json.volume.bootable).toBe('true');
    const nope = await volume(lc.app, demo, 'POST', `/volumes/${id}/action`, { body: { 'os-frobnicate': {} } });
    expect(nope.json.badRequest.message).toBe('There is no such action: os-frobnicate. Verify the request body and Content-Type header and try again.');
    const badValue = await volume(lc.app, demo, 'POST', `/volumes/${id}/action`, { body: { 'os-set_bootable': { bootable: 'maybe' } } });
    expect(badValue.status).toBe(400);
  });

  it('lists with filters, sort and Cinder\'s next link', async () => {
    const demo = await setup({ snapshotPhaseMs: 5 });
    for (const name of ['a', 'b']) await volume(lc.app, demo, 'POST', '/volumes', { body: { volume: { size: 1, name } } });
    const all = await volume(lc.app, demo, 'GET', '/volumes/detail?sort=name:asc');
    expect(all.json.volumes.map((v: { name: string }) => v.name)).toEqual(['a', 'b', 'vol-1-root']);
    expect(all.json.volumes_links).toBeUndefined();
    const first = await volume(lc.app, demo, 'GET', '/volumes?sort=name:asc&limit=1');
    expect(sortedKeys(first.json.volumes[0])).toEqual(['id', 'links', 'name']);
    const next = first.json.volumes_links[0];
    expect(next.rel).toBe('next');
    expect(next.href).toBe(`${lc.cloud.publicUrl}/volume/v3/${SEED.projects.demo}/volumes?sort=name%3Aasc&limit=1&marker=${first.json.volumes[0].id}`);
    const second = await volume(lc.app, demo, 'GET', new URL(next.href).pathname + new URL(next.href).search);
    expect(second.json.volumes.map((v: { name: string }) => v.name)).toEqual(['b']);
    const bootable = await volume(lc.app, demo, 'GET', '/volumes/detail?bootable=true');
    expect(bootable.json.volumes.map((v: { id: string }) => v.id)).toEqual([ROOT]);
    expect((await volume(lc.app, demo, 'GET', '/volumes?colour=red')).json.badRequest.message).toBe('Invalid filters colour are found in query options.');
    expect((await volume(lc.app, demo, 'GET', '/volumes?colour=red', { version: '3.30' })).status).toBe(200);
    expect((await volume(lc.app, demo, 'GET', '/volumes?limit=x')).json.badRequest.message).toBe('limit param must be an integer');
    expect((await volume(lc.app, demo, 'GET', '/volumes/detail?with_count=true')).json.count).toBe(3);
  });
});

describe('snapshots', () => {
  it('snapshots an in-use volume with force before 3.66 and without from 3.66, creating → available (spike keys)', async () => {
    const demo = await setup({ snapshotPhaseMs: 30 });
    const refused = await volume(lc.app, demo, 'POST', '/snapshots', { version: '3.65', body: { snapshot: { volume_id: ROOT } } });
    expect(refused.json.badRequest.message).toBe(`Invalid volume: Volume ${ROOT} status must be available, but current status is: in-use.`);
    const forced = await volume(lc.app, demo, 'POST', '/snapshots', { version: '3.65', body: { snapshot: { volume_id: ROOT, force: true, name: 'f' } } });
    expect(forced.status).toBe(202);
    const noForce = await volume(lc.app, demo, 'POST', '/snapshots', { body: { snapshot: { volume_id: ROOT, name: 'n' } } });
    expect(noForce.status).toBe(202);
    const s = noForce.json.snapshot;
    expect(sortedKeys(s)).toEqual(sortedKeys(rawSnapshot.snapshot));
    expect(s).toMatchObject({ status: 'creating', size: 10, volume_id: ROOT, 'os-extended-snapshot-attributes:progress': '0%', 'os-extended-snapshot-attributes:project_id': SEED.projects.demo });
    const forceFalse = await volume(lc.app, demo, 'POST', '/snapshots', { body: { snapshot: { volume_id: ROOT, force: false } } });
    expect(forceFalse.json.badRequest.message).toMatch(/^Since microversion 3.66 the 'force' flag is invalid for this request/);
    // Deleting one still creating is refused.
    const early = await volume(lc.app, demo, 'DELETE', `/snapshots/${s.id}`);
    expect(early.json.badRequest.message).toBe('Invalid snapshot: Snapshot status must be available or error and must not be part of a group.');
    await until('available', async () => (await volume(lc.app, demo, 'GET', `/snapshots/${s.id}`)).json.snapshot.status === 'available', { intervalMs: 2 });
    expect((await volume(lc.app, demo, 'GET', `/snapshots/${s.id}`)).json.snapshot['os-extended-snapshot-attributes:progress']).toBe('100%');
    // A volume with snapshots cannot be deleted.
    expect((await volume(lc.app, demo, 'GET', `/snapshots/detail?volume_id=${ROOT}`)).json.snapshots).toHaveLength(2);
    expect((await volume(lc.app, demo, 'GET', '/snapshots')).json.snapshots[0]).not.toHaveProperty('os-extended-snapshot-attributes:progress');
    expect((await volume(lc.app, demo, 'GET', '/snapshots/detail?volume_id=0a3eb41f-7d3e-4c4d-8c1a-1f6f0d6c4b1e')).json.snapshots).toEqual([]);
  });

  it('deletes a snapshot (202, deleting, then 404)', async () => {
    const demo = await setup({ snapshotPhaseMs: 5, powerMs: 20 });
    const id = (await volume(lc.app, demo, 'POST', '/snapshots', { body: { snapshot: { volume_id: ROOT } } })).json.snapshot.id;
    await until('available', () => cinderOf(lc.state).snapshots.find((s) => s.id === id)?.status === 'available', { intervalMs: 2 });
    expect((await volume(lc.app, demo, 'DELETE', `/snapshots/${id}`)).status).toBe(202);
    await until('gone', async () => (await volume(lc.app, demo, 'GET', `/snapshots/${id}`)).status === 404, { intervalMs: 2 });
    expect((await volume(lc.app, demo, 'GET', `/snapshots/${id}`)).json.itemNotFound.message).toBe(`Snapshot ${id} could not be found.`);
  });
});

describe('attachments, types, limits', () => {
  it('lists vol-1\'s attachment from 3.27 (sample keys), nothing below', async () => {
    const demo = await setup();
    const r = await volume(lc.app, demo, 'GET', `/attachments?volume_id=${ROOT}`);
    expect(r.json.attachments).toHaveLength(1);
    expect(sortedKeys(r.json.attachments[0])).toEqual(sortedKeys(attachmentsSample.attachments[0]));
    expect(r.json.attachments[0]).toMatchObject({ status: 'attached', instance: SEED.servers.vol1, volume_id: ROOT });
    const detail = await volume(lc.app, demo, 'GET', `/attachments/detail?instance_id=${SEED.servers.vol1}`);
    expect(detail.json.attachments[0]).toMatchObject({ attach_mode: 'rw', detached_at: '' });
    expect((await volume(lc.app, demo, 'GET', '/attachments', { version: '3.26' })).status).toBe(400);
    expect((await volume(lc.app, demo, 'GET', '/attachments/nope')).status).toBe(404);
  });

  it('lists the volume types a member sees (no backend specs), and the limits with their use', async () => {
    const demo = await setup();
    const types = await volume(lc.app, demo, 'GET', '/types');
    expect(types.json.volume_types.map((t: { name: string }) => t.name)).toEqual(['__DEFAULT__', 'fake']);
    expect(types.json.volume_types[1]).toEqual({ id: FAKE_TYPE_ID, name: 'fake', is_public: true, description: null, extra_specs: {}, 'os-volume-type-access:is_public': true });
    expect((await volume(lc.app, demo, 'GET', '/types/default')).json.volume_type.name).toBe('fake');
    const limits = await volume(lc.app, demo, 'GET', '/limits');
    expect(sortedKeys(limits.json.limits.absolute)).toEqual(sortedKeys(limitsSample.limits.absolute));
    expect(limits.json.limits).toMatchObject({ rate: [], absolute: { totalVolumesUsed: 1, totalGigabytesUsed: 10, totalSnapshotsUsed: 0, maxTotalSnapshots: 10, maxTotalVolumeGigabytes: 1000 } });
  });
});

it('runs without Cinder: no /volume and no catalog entry', async () => {
  lc = testCloud({ cinder: false });
  const demo = await login(lc.app, 'demo', 'demo');
  expect((await volume(lc.app, demo, 'GET', '/volumes')).status).toBe(404);
});
