import { afterEach, describe, expect, it } from 'vitest';
import rawImage from '@/lib/testing/fixtures/openstack/glance-image-show-volume-backed-snapshot-spike.json';
import rawAttachments from '@/lib/testing/fixtures/openstack/nova-server-volume-attachments-spike.json';
import { cinderOf, findVolume } from '../cinder/store';
import { volume } from '../cinder/test-kit';
import type { LocalCloud } from '../server';
import { SEED } from '../state/seed';
import type { Timings } from '../state/state';
import { login, sortedKeys, testCloud, until } from '../test-helpers';
import { pyJsonDumps } from './block-devices';
import { compute } from './test-kit';

let lc: LocalCloud;
afterEach(async () => {
  await lc.dispose();
});

async function setup(timings: Partial<Timings> = {}) {
  lc = testCloud({ timings });
  return login(lc.app, 'demo', 'demo');
}

const VOL1 = SEED.servers.vol1;
const ROOT = SEED.volumes.vol1Root;
const boot = (token: string, server: Record<string, unknown>, version = '2.93') =>
  compute(lc.app, token, 'POST', '/v2.1/servers', { version, body: { server: { flavorRef: 's1-2', networks: 'none', ...server } } });
const show = async (token: string, id: string, version = '2.93') => (await compute(lc.app, token, 'GET', `/v2.1/servers/${id}`, { version })).json.server;
const active = (token: string, id: string) => until(`${id} ACTIVE`, async () => {
  const s = await show(token, id);
  if (s.status === 'ERROR') throw new Error(`ERROR: ${JSON.stringify(s.fault)}`);
  return s.status === 'ACTIVE' ? s : undefined;
}, { intervalMs: 2 });
const fromImage = (size: number, extra: Record<string, unknown> = {}) =>
  ({ source_type: 'image', destination_type: 'volume', uuid: SEED.images.debian12, boot_index: 0, volume_size: size, ...extra });

describe('the seeded volume-backed server vol-1', () => {
  it('shows image "" and its volume in volumes_attached, and lists it in os-volume_attachments as the spike did', async () => {
    const demo = await setup();
    const s = await show(demo, VOL1);
    expect(s).toMatchObject({ name: 'vol-1', status: 'ACTIVE', image: '', 'os-extended-volumes:volumes_attached': [{ id: ROOT, delete_on_termination: false }] });
    expect((await show(demo, VOL1, '2.1'))['os-extended-volumes:volumes_attached']).toEqual([{ id: ROOT }]);
    expect((await show(demo, SEED.servers.web1))['os-extended-volumes:volumes_attached']).toEqual([]);
    const va = await compute(lc.app, demo, 'GET', `/v2.1/servers/${VOL1}/os-volume_attachments`, { version: '2.93' });
    expect(va.json.volumeAttachments).toHaveLength(1);
    expect(sortedKeys(va.json.volumeAttachments[0])).toEqual(sortedKeys(rawAttachments.volumeAttachments[0]));
    expect(va.json.volumeAttachments[0]).toMatchObject({ volumeId: ROOT, serverId: VOL1, device: '/dev/sda', delete_on_termination: false, tag: null });
    const old = await compute(lc.app, demo, 'GET', `/v2.1/servers/${VOL1}/os-volume_attachments`, { version: '2.1' });
    expect(old.json.volumeAttachments).toEqual([{ id: ROOT, volumeId: ROOT, serverId: VOL1, device: '/dev/sda' }]);
    const one = await compute(lc.app, demo, 'GET', `/v2.1/servers/${SEED.servers.web1}/os-volume_attachments/${ROOT}`);
    expect(one.json.itemNotFound.message).toBe(`Instance ${SEED.servers.web1} is not attached to volume ${ROOT}`);
  });
});

describe('createImage of a volume-backed server', () => {
  it('makes a Cinder snapshot and a 0-byte active image with the spike\'s properties', async () => {
    const demo = await setup({ snapshotPhaseMs: 20 });
    const r = await compute(lc.app, demo, 'POST', `/v2.1/servers/${VOL1}/action`, { version: '2.93', body: { createImage: { name: 'cap-snap' } } });
    expect(r.status).toBe(202);
    const res = await lc.app.request(`/image/v2/images/${r.json.image_id}`, { headers: { 'X-Auth-Token': demo, Accept: 'application/json' } });
    const image = (await res.json()) as Record<string, unknown>;
    // Every key of the spike's image, and only the Debian image's own properties besides.
    const inherited = ['os_distro', 'os_version', 'os_type', 'hw_disk_bus', 'hw_scsi_model'];
    expect(sortedKeys(image)).toEqual([...Object.keys(rawImage), ...inherited].sort());
    expect(image).toMatchObject({
      status: 'active', size: 0, disk_format: 'qcow2', container_format: 'bare', min_disk: 10, min_ram: 0, virtual_size: null,
      checksum: rawImage.checksum, os_hash_value: rawImage.os_hash_value, base_image_ref: '', bdm_v2: 'True', root_device_name: '/dev/sda',
      owner_user_name: 'demo', owner_project_name: 'demo', boot_roles: 'member,reader', visibility: 'private',
    });
    for (const k of ['image_type', 'instance_uuid', 'user_id', 'image_location']) expect(image).not.toHaveProperty(k);
    const snap = cinderOf(lc.state).snapshots.find((s) => s.name === 'snapshot for cap-snap')!;
    expect(snap).toMatchObject({ volumeId: ROOT, size: 10, status: 'creating' });
    // The block device mapping, byte for byte the spike's but for the snapshot id.
    expect(image.block_device_mapping).toBe(rawImage.block_device_mapping.replace('02c341b8-7f50-48bb-961f-7fa61c8cc8cf', snap.id));
    await until('snapshot available', () => snap.status === 'available', { intervalMs: 2 });
    const actions = await compute(lc.app, demo, 'GET', `/v2.1/servers/${VOL1}/os-instance-actions`);
    expect(actions.json.instanceActions[0].action).toBe('createImage');
  });

  it('keeps image_type and instance_uuid given as metadata, so the caller can find its own', async () => {
    const demo = await setup();
    const r = await compute(lc.app, demo, 'POST', `/v2.1/servers/${VOL1}/action`, {
      version: '2.93', body: { createImage: { name: 'mine', metadata: { image_type: 'snapshot', instance_uuid: VOL1 } } },
    });
    expect(lc.state.image(r.json.image_id)!.properties).toMatchObject({ image_type: 'snapshot', instance_uuid: VOL1 });
    expect(lc.state.image(r.json.image_id)!.properties).not.toHaveProperty('user_id');
  });

  it('refuses over Cinder\'s snapshot quota (403) and a backup (400)', async () => {
    const demo = await setup();
    cinderOf(lc.state).quotas[SEED.projects.demo] = { snapshots: 0 };
    const r = await compute(lc.app, demo, 'POST', `/v2.1/servers/${VOL1}/action`, { body: { createImage: { name: 'x' } } });
    expect(r.json).toEqual({ forbidden: { code: 403, message: 'Quota exceeded for resources: snapshots' } });
    cinderOf(lc.state).quotas[SEED.projects.demo] = { gigabytes: 15 };
    const gb = await compute(lc.app, demo, 'POST', `/v2.1/servers/${VOL1}/action`, { body: { createImage: { name: 'x' } } });
    expect(gb.json.forbidden.message).toBe('Requested volume or snapshot exceeds allowed gigabytes quota. Requested 10G, quota is 15G and 10G has been consumed.');
    expect(lc.state.data.images.filter((i) => i.name === 'x')).toEqual([]);
    const backup = await compute(lc.app, demo, 'POST', `/v2.1/servers/${VOL1}/action`, { body: { createBackup: { name: 'b', backup_type: 'daily', rotation: 1 } } });
    expect(backup.json.badRequest.message).toBe('Backup is not supported for volume-backed instances.');
  });

  it('quiesces like any other server: the agent\'s freeze and thaw, or a 400 when required and impossible', async () => {
    const demo = await setup();
    const s = lc.state.server(VOL1)!;
    Object.assign(s, { agentChannel: true, agentRunning: true });
    await compute(lc.app, demo, 'POST', `/v2.1/servers/${VOL1}/action`, { body: { createImage: { name: 'q' } } });
    expect(s.console.filter((l) => l.includes('fsfreeze-hook') && l.includes('execute')).map((l) => l.split(' ').at(-1))).toEqual(['freeze', 'thaw']);
    Object.assign(s, { agentChannel: false });
    s.bootImageProps.os_require_quiesce = 'yes';
    const r = await compute(lc.app, demo, 'POST', `/v2.1/servers/${VOL1}/action`, { body: { createImage: { name: 'r' } } });
    expect(r.json).toEqual({ badRequest: { code: 400, message: 'QEMU guest agent is not enabled' } });
  });
});

describe('boot from volume', () => {
  it('makes the root volume from an image during the build (block_device_mapping), attached in-use, image ""', async () => {
    const demo = await setup({ buildMs: 90, snapshotPhaseMs: 5 });
    const r = await boot(demo, { name: 'bfv', block_device_mapping_v2: [fromImage(10, { delete_on_termination: true })] });
    expect(r.status).toBe(202);
    const id = r.json.server.id;
    await until('block_device_mapping', () => lc.state.server(id)?.taskState === 'block_device_mapping', { intervalMs: 1 });
    const s = await active(demo, id);
    expect(s.image).toBe('');
    const [attached] = s['os-extended-volumes:volumes_attached'];
    expect(attached.delete_on_termination).toBe(true);
    const v = (await volume(lc.app, demo, 'GET', `/volumes/${attached.id}`)).json.volume;
    expect(v).toMatchObject({ status: 'in-use', size: 10, bootable: 'true', name: '', attachments: [{ server_id: id, device: '/dev/sda' }] });
    expect(v.volume_image_metadata.image_id).toBe(SEED.images.debian12);
    // Deleting the server deletes the volume it was told to.
    expect((await compute(lc.app, demo, 'DELETE', `/v2.1/servers/${id}`)).status).toBe(204);
    await until('volume gone', () => !findVolume(cinderOf(lc.state), attached.id), { intervalMs: 2 });
  });

  it('checks the mapping as nova-api does', async () => {
    const demo = await setup();
    const msg = async (server: Record<string, unknown>) => (await boot(demo, server)).json.badRequest?.message;
    expect(await msg({ name: 'x', block_device_mapping_v2: [fromImage(0)] })).toBe("Images with destination_type 'volume' need to have a non-zero size specified");
    expect(await msg({ name: 'x', block_device_mapping_v2: [{ ...fromImage(10), uuid: undefined }] })).toBe('Block Device Mapping is Invalid: Missing device UUID.');
    expect(await msg({ name: 'x', block_device_mapping_v2: [{ ...fromImage(10), boot_index: 1 }] }))
      .toBe('Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.');
    expect(await msg({ name: 'x', block_device_mapping_v2: [{ ...fromImage(1), uuid: SEED.images.template }] }))
      .toBe('Volume is smaller than the minimum size specified in image metadata. Volume size is 1073741824 bytes, minimum size is 10737418240 bytes.');
    expect(await msg({ name: 'x', block_device_mapping_v2: [{ source_type: 'volume', destination_type: 'volume', uuid: ROOT, boot_index: 0 }] }))
      .toMatch(new RegExp(`^Invalid volume: .*Volume ${ROOT} status must be available or downloading to reserve, but the current status is in-use`));
    expect(await msg({ name: 'x', block_device_mapping_v2: [{ source_type: 'snapshot', destination_type: 'volume', uuid: '0a3eb41f-7d3e-4c4d-8c1a-1f6f0d6c4b1e', boot_index: 0 }] }))
      .toBe('Block Device Mapping is Invalid: failed to get snapshot 0a3eb41f-7d3e-4c4d-8c1a-1f6f0d6c4b1e.');
    expect(await msg({ name: 'x', block_device_mapping_v2: [{ ...fromImage(10), source_type: 'nope' }] })).toMatch(/^Invalid input for field\/attribute source_type\./);
    expect(await msg({ name: 'x', block_device_mapping_v2: [fromImage(10, { volume_type: 'fake' })] }, )).toBe(undefined);
  });

  it('boots from an existing bootable volume, and refuses one that is not bootable', async () => {
    const demo = await setup({ snapshotPhaseMs: 5 });
    const created = await volume(lc.app, demo, 'POST', '/volumes', { body: { volume: { size: 10, name: 'plain' } } });
    const vid = created.json.volume.id;
    await until('available', () => findVolume(cinderOf(lc.state), vid)?.status === 'available', { intervalMs: 2 });
    const bdm = [{ source_type: 'volume', destination_type: 'volume', uuid: vid, boot_index: 0 }];
    expect((await boot(demo, { name: 'nb', block_device_mapping_v2: bdm })).json.badRequest.message).toBe(`Block Device ${vid} is not bootable.`);
    await volume(lc.app, demo, 'POST', `/volumes/${vid}/action`, { body: { 'os-set_bootable': { bootable: true } } });
    const r = await boot(demo, { name: 'ok', block_device_mapping_v2: bdm });
    expect(r.status).toBe(202);
    expect(findVolume(cinderOf(lc.state), vid)?.status).toBe('reserved');
    await active(demo, r.json.server.id);
    expect(findVolume(cinderOf(lc.state), vid)?.status).toBe('in-use');
    // Not delete_on_termination: the volume stays, available again.
    await compute(lc.app, demo, 'DELETE', `/v2.1/servers/${r.json.server.id}`);
    await until('available', () => findVolume(cinderOf(lc.state), vid)?.status === 'available', { intervalMs: 2 });
  });

  it('aborts the build when Cinder refuses the volume over quota', async () => {
    const demo = await setup();
    cinderOf(lc.state).quotas[SEED.projects.demo] = { gigabytes: 12 };
    const r = await boot(demo, { name: 'over', block_device_mapping_v2: [fromImage(10)] });
    expect(r.status).toBe(202);
    const s = await until('ERROR', async () => {
      const x = await show(demo, r.json.server.id);
      return x.status === 'ERROR' ? x : undefined;
    }, { intervalMs: 2 });
    expect(s.fault.message).toBe(`Build of instance ${r.json.server.id} aborted: Requested volume or snapshot exceeds allowed gigabytes quota. Requested 10G, quota is 12G and 10G has been consumed.`);
  });

  it('boots from a volume-backed snapshot, by its image (image kept) or by its Cinder snapshot', async () => {
    const demo = await setup({ snapshotPhaseMs: 5 });
    const imageId = (await compute(lc.app, demo, 'POST', `/v2.1/servers/${VOL1}/action`, { version: '2.93', body: { createImage: { name: 'snap' } } })).json.image_id;
    const snap = cinderOf(lc.state).snapshots.find((s) => s.name === 'snapshot for snap')!;
    await until('snapshot available', () => snap.status === 'available', { intervalMs: 2 });

    const byImage = await boot(demo, { name: 'by-image', imageRef: imageId });
    expect(byImage.status).toBe(202);
    const s1 = await active(demo, byImage.json.server.id);
    expect(s1.image.id).toBe(imageId);
    const v1 = findVolume(cinderOf(lc.state), s1['os-extended-volumes:volumes_attached'][0].id)!;
    expect(v1).toMatchObject({ snapshotId: snap.id, size: 10, status: 'in-use', bootable: true });
    // A snapshot of it is volume-backed too, and keeps the boot image's properties.
    const again = await compute(lc.app, demo, 'POST', `/v2.1/servers/${s1.id}/action`, { version: '2.93', body: { createImage: { name: 'snap2' } } });
    expect(lc.state.image(again.json.image_id)!.properties).toMatchObject({ bdm_v2: 'True', base_image_ref: '', os_distro: 'debian' });

    const bySnapshot = await boot(demo, { name: 'by-snap', block_device_mapping_v2: [{ source_type: 'snapshot', destination_type: 'volume', uuid: snap.id, boot_index: 0, delete_on_termination: true }] });
    const s2 = await active(demo, bySnapshot.json.server.id);
    expect(s2.image).toBe('');
    expect(s2['os-extended-volumes:volumes_attached'][0].delete_on_termination).toBe(true);
    // The new root volume comes from the Cinder snapshot.
    expect(findVolume(cinderOf(lc.state), s2['os-extended-volumes:volumes_attached'][0].id)?.snapshotId).toBe(snap.id);
  });

  it('refuses block devices on a cloud without Cinder', async () => {
    lc = testCloud({ cinder: false });
    const demo = await login(lc.app, 'demo', 'demo');
    const r = await boot(demo, { name: 'x', block_device_mapping_v2: [fromImage(10)] });
    expect(r.json.badRequest.message).toBe('Block Device Mapping is Invalid: the local cloud runs without block storage (--no-cinder).');
  });
});

it('pyJsonDumps writes what Python\'s json.dumps writes', () => {
  expect(pyJsonDumps([{ a: null, b: false, c: '/dev/sda', d: 10 }])).toBe('[{"a": null, "b": false, "c": "/dev/sda", "d": 10}]');
});
