import { afterEach, describe, expect, it } from 'vitest';
import createImage245 from '@/lib/testing/fixtures/openstack/nova-create-image-2.45-resp.json';
import conflict409 from '@/lib/testing/fixtures/openstack/nova-409-create-image.json';
import actionSample from '@/lib/testing/fixtures/openstack/nova-instance-action-2.84.json';
import actionsSample from '@/lib/testing/fixtures/openstack/nova-instance-actions-2.84.json';
import { syntheticDigests } from '../state/image-data';
import { compute } from './test-kit';
import { SEED } from '../state/seed';
import type { LocalCloud } from '../server';
import type { Timings } from '../state/state';
import { login, sortedKeys, testCloud, until } from '../test-helpers';

let lc: LocalCloud;
afterEach(async () => {
  await lc.dispose();
});

async function setup(timings: Partial<Timings> = {}) {
  lc = testCloud({ timings });
  return login(lc.app, 'demo', 'demo');
}

const snapshot = (token: string, serverId: string, body: unknown, version = 'latest') =>
  compute(lc.app, token, 'POST', `/v2.1/servers/${serverId}/action`, { version, body });

const glanceImage = async (token: string, id: string) => {
  const res = await lc.app.request(`/image/v2/images/${id}`, { headers: { 'X-Auth-Token': token, Accept: 'application/json' } });
  return { status: res.status, json: res.status === 200 ? await res.json() : null };
};

const taskState = (id: string) => lc.state.server(id)!.taskState;
const idle = (id: string) => until(`${id} idle`, () => taskState(id) === null, { intervalMs: 2 });

/** POST /__admin/servers/{id}: what e2e tests use to stop (or start) a guest's agent. */
const setAgent = async (id: string, agentRunning: boolean) => {
  const res = await lc.app.request(`/__admin/servers/${id}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ agentRunning }),
  });
  expect(res.status).toBe(200);
};

/** Through Glance and Nova, as a client would: an image with these properties, then an ACTIVE
 * server booted from it. */
async function bootFromNewImage(token: string, properties: Record<string, string>): Promise<string> {
  const headers = { 'X-Auth-Token': token, 'Content-Type': 'application/json' };
  const made = await lc.app.request('/image/v2/images', {
    method: 'POST', headers, body: JSON.stringify({ name: 'made-here', disk_format: 'qcow2', container_format: 'bare', ...properties }),
  });
  expect(made.status).toBe(201);
  const imageId = ((await made.json()) as { id: string }).id;
  const put = await lc.app.request(`/image/v2/images/${imageId}/file`, {
    method: 'PUT', headers: { 'X-Auth-Token': token, 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(1024),
  });
  expect(put.status).toBe(204);
  const boot = await compute(lc.app, token, 'POST', '/v2.1/servers', {
    version: 'latest', body: { server: { name: 'made-here-1', imageRef: imageId, flavorRef: 's1-2', networks: 'none' } },
  });
  expect(boot.status).toBe(202);
  const id = boot.json.server.id as string;
  await until(`${id} ACTIVE`, () => lc.state.server(id)!.vmState === 'active' && taskState(id) === null, { intervalMs: 2 });
  return id;
}

const hookArgs = (id: string) =>
  lc.state.server(id)!.console.filter((l) => l.includes('fsfreeze-hook') && l.includes(': execute ')).map((l) => l.split(' ').at(-1));

describe('createImage', () => {
  it('answers 202 with an empty body and a Glance Location before 2.45 (capture nova-07)', async () => {
    const demo = await setup();
    const r = await snapshot(demo, SEED.servers.web1, { createImage: { name: 'wire-snap-2.1' } }, '2.1');
    expect(r.status).toBe(202);
    expect(r.text).toBe('');
    const location = r.headers.get('Location')!;
    expect(location).toMatch(new RegExp(`^${lc.cloud.publicUrl}/image/images/[0-9a-f-]{36}$`));
    const image = await glanceImage(demo, location.split('/').pop()!);
    expect(image.json).toMatchObject({ status: 'queued', name: 'wire-snap-2.1', visibility: 'private', disk_format: null, container_format: null });
  });

  it('answers {"image_id"} without Location from 2.45 (capture nova-06)', async () => {
    const demo = await setup();
    const r = await snapshot(demo, SEED.servers.web1, { createImage: { name: 'wire-snap', metadata: { purpose: 'wire' } } }, '2.45');
    expect(r.status).toBe(202);
    expect(sortedKeys(r.json)).toEqual(sortedKeys(createImage245));
    expect(r.headers.get('Location')).toBeNull();
    expect(lc.state.image(r.json.image_id)!.properties.purpose).toBe('wire');
  });

  it('walks the task states while the status stays ACTIVE, and the image goes queued → saving → active', async () => {
    const demo = await setup({ snapshotPhaseMs: 40 });
    const id = SEED.servers.web1;
    const r = await snapshot(demo, id, { createImage: { name: 'seq' } });
    const seen: (string | null)[] = [taskState(id)];
    const imageStates: string[] = [lc.state.image(r.json.image_id)!.status];
    const statuses = new Set<string>();
    await until('snapshot done', async () => {
      const t = taskState(id);
      if (t !== seen[seen.length - 1]) seen.push(t);
      const img = lc.state.image(r.json.image_id)!.status;
      if (img !== imageStates[imageStates.length - 1]) imageStates.push(img);
      statuses.add((await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}`)).json.server.status);
      return t === null;
    }, { intervalMs: 2 });
    expect(seen).toEqual(['image_snapshot_pending', 'image_snapshot', 'image_pending_upload', 'image_uploading', null]);
    expect(imageStates).toEqual(['queued', 'saving', 'active']);
    expect([...statuses]).toEqual(['ACTIVE']);
  });

  it('answers 409 naming the task state while a snapshot runs (captures nova-09, nova-09b)', async () => {
    const demo = await setup({ snapshotPhaseMs: 200 });
    const id = SEED.servers.web1;
    expect((await snapshot(demo, id, { createImage: { name: 'first' } })).status).toBe(202);
    const second = await snapshot(demo, id, { createImage: { name: 'second' } });
    expect(second.status).toBe(409);
    expect(sortedKeys(second.json.conflictingRequest)).toEqual(sortedKeys(conflict409.conflictingRequest));
    expect(second.json.conflictingRequest.message).toBe(`Cannot 'createImage' instance ${id} while it is in task_state image_snapshot_pending`);
    expect(second.headers.get('Content-Type')).toBe('application/json; charset=UTF-8');
    const backup = await snapshot(demo, id, { createBackup: { name: 'b', backup_type: 'daily', rotation: 2 } });
    expect(backup.json.conflictingRequest.message).toBe(`Cannot 'createBackup' instance ${id} while it is in task_state image_snapshot_pending`);
    const stop = await snapshot(demo, id, { 'os-stop': null });
    expect(stop.json.conflictingRequest.message).toBe(`Cannot 'stop' instance ${id} while it is in task_state image_snapshot_pending`);
  });

  it('refuses a server that is building (vm_state) and validates the body', async () => {
    const demo = await setup({ buildMs: 5000 });
    const boot = await compute(lc.app, demo, 'POST', '/v2.1/servers', {
      version: 'latest', body: { server: { name: 'b', imageRef: SEED.images.debian12, flavorRef: 's1-2', networks: 'none' } },
    });
    const r = await snapshot(demo, boot.json.server.id, { createImage: { name: 'x' } });
    expect(r.json.conflictingRequest.message).toBe(`Cannot 'createImage' instance ${boot.json.server.id} while it is in vm_state building`);
    const long = await snapshot(demo, SEED.servers.web1, { createImage: { name: 'x', metadata: { k: 'v'.repeat(256) } } });
    expect(long.status).toBe(400);
    expect(long.json.badRequest.message).toMatch(/^Invalid input for field\/attribute k\. Value: v+\. 'v+' is too long$/);
    const noName = await snapshot(demo, SEED.servers.web1, { createImage: {} });
    expect(noName.json.badRequest.message).toBe("Invalid input for field/attribute createImage. Value: {}. 'name' is a required property");
    const unknown = await snapshot(demo, SEED.servers.web1, { createSnapshot: { name: 'x' } });
    expect(unknown.json.badRequest.message).toBe('There is no such action: createSnapshot');
    const elsewhere = await snapshot(demo, SEED.servers.alt1, { createImage: { name: 'x' } });
    expect(elsewhere.status).toBe(404);
  });
});

describe('what the snapshot image carries', () => {
  it('inherits the boot-time image properties, not the image’s current ones (app-1)', async () => {
    const demo = await setup();
    const id = SEED.servers.app1;
    const r = await snapshot(demo, id, { createImage: { name: 'app-snap', metadata: { purpose: 'test' } } });
    const queued = await glanceImage(demo, r.json.image_id);
    expect(queued.json).toMatchObject({
      status: 'queued', min_disk: 50, min_ram: 0, owner: SEED.projects.demo, visibility: 'private',
      os_distro: 'ubuntu', os_version: '24.04', base_image_ref: SEED.images.appTemplate,
      instance_uuid: id, user_id: SEED.users.demo, image_type: 'snapshot', owner_project_name: 'demo',
      owner_user_name: 'demo', boot_roles: 'member,reader', purpose: 'test',
    });
    // app-template got hw_qemu_guest_agent after app-1 booted: the snapshot must not have it.
    expect(lc.state.image(SEED.images.appTemplate)!.properties.hw_qemu_guest_agent).toBe('yes');
    expect(queued.json.hw_qemu_guest_agent).toBeUndefined();
    expect(queued.json.image_location).toBeUndefined();
    await idle(id);
    const done = await glanceImage(demo, r.json.image_id);
    const digests = syntheticDigests(r.json.image_id, done.json.size);
    expect(done.json).toMatchObject({
      status: 'active', disk_format: 'qcow2', container_format: 'bare', image_location: 'snapshot', image_state: 'available',
      owner_id: SEED.projects.demo, checksum: digests.md5, os_hash_algo: 'sha512', os_hash_value: digests.sha512,
    });
    expect(done.json.size).toBeGreaterThan(1024 * 1024);
  });

  it('carries the libvirt driver\'s device defaults from queued on, except where the boot image set its own', async () => {
    const demo = await setup();
    const plain = await bootFromNewImage(demo, { os_distro: 'debian' });
    const r = await snapshot(demo, plain, { createImage: { name: 'plain-snap' } });
    const queued = await glanceImage(demo, r.json.image_id);
    expect(queued.json.status).toBe('queued');
    // docs/real-guest.md: what Zed's driver recorded for snapdeck-guest-agent, which sets none.
    expect(queued.json).toMatchObject({
      hw_machine_type: 'pc', hw_disk_bus: 'virtio', hw_cdrom_bus: 'ide', hw_input_bus: 'usb', hw_pointer_model: 'usbtablet',
      hw_video_model: 'virtio', hw_vif_model: 'virtio', os_distro: 'debian',
    });
    // web-1 booted from Debian 12, whose hw_disk_bus=scsi stays; seeded servers have the defaults too.
    const web = await snapshot(demo, SEED.servers.web1, { createImage: { name: 'web-snap' } });
    expect((await glanceImage(demo, web.json.image_id)).json).toMatchObject({ hw_disk_bus: 'scsi', hw_scsi_model: 'virtio-scsi', hw_machine_type: 'pc', hw_cdrom_bus: 'ide' });
    // A volume-backed boot records none (the fake driver's capture is the only one there is).
    const bfv = await compute(lc.app, demo, 'POST', '/v2.1/servers', {
      version: 'latest',
      body: { server: { name: 'bfv', flavorRef: 's1-2', networks: 'none', block_device_mapping_v2: [{ source_type: 'image', destination_type: 'volume', uuid: SEED.images.ubuntu2404, boot_index: 0, volume_size: 10 }] } },
    });
    expect(bfv.status).toBe(202);
    await until('bfv ACTIVE', () => lc.state.server(bfv.json.server.id)!.vmState === 'active', { intervalMs: 2 });
    expect(Object.keys(lc.state.server(bfv.json.server.id)!.bootImageProps).filter((k) => k.startsWith('hw_'))).toEqual([]);
  });

  it('drops the properties Nova never inherits', async () => {
    const demo = await setup();
    Object.assign(lc.state.server(SEED.servers.web1)!.bootImageProps, {
      cinder_encryption_key_id: 'k', img_signature: 's', img_signature_hash_method: 'SHA-256', os_glance_importing_to_stores: 'x', cache_in_nova: 'True', hw_rng_model: 'virtio',
    });
    const r = await snapshot(demo, SEED.servers.web1, { createImage: { name: 'n' } });
    const props = lc.state.image(r.json.image_id)!.properties;
    expect(Object.keys(props).filter((k) => /cinder|img_signature|os_glance|cache_in_nova/.test(k))).toEqual([]);
    expect(props.hw_rng_model).toBe('virtio');
    expect(props.min_disk).toBeUndefined();
  });
});

describe('quiescing', () => {
  it('freezes and thaws a running guest with channel and agent (db-1): hook lines on the console', async () => {
    const demo = await setup();
    const id = SEED.servers.db1;
    await snapshot(demo, id, { createImage: { name: 'db-snap' } });
    await idle(id);
    const out = await snapshot(demo, id, { 'os-getConsoleOutput': { length: 4 } });
    const lines = out.json.output.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/qemu-ga: fsfreeze-hook: .*: execute \/etc\/qemu\/fsfreeze-hook\.d\/\S+ freeze$/);
    expect(lines[1]).toMatch(/finished with status=0$/);
    expect(lines[2]).toMatch(/execute \/etc\/qemu\/fsfreeze-hook\.d\/\S+ thaw$/);
    expect(lines[3]).toMatch(/finished with status=0$/);
    expect(lc.state.server(id)!.fault).toBeNull();
  });

  it('freezes after the copy began and thaws before the upload: both inside image_pending_upload', async () => {
    const demo = await setup({ snapshotPhaseMs: 200 });
    const id = SEED.servers.db1;
    await snapshot(demo, id, { createImage: { name: 'db-snap' } });
    // The task state at the moment each hook line appeared, and the task states seen.
    const at: string[] = [];
    const seen: (string | null)[] = [taskState(id)];
    await until('snapshot done', () => {
      const t = taskState(id);
      if (t !== seen.at(-1)) seen.push(t);
      const hooks = hookArgs(id);
      if (hooks.length > at.length) at.push(...hooks.slice(at.length).map((h) => `${h} during ${t}`));
      return t === null;
    }, { intervalMs: 2 });
    expect(seen).toEqual(['image_snapshot_pending', 'image_snapshot', 'image_pending_upload', 'image_uploading', null]);
    expect(at).toEqual(['freeze during image_pending_upload', 'thaw during image_pending_upload']);
  });

  it('snapshots legacy-1 (channel, os_require_quiesce, no agent running) unfrozen, as Zed\'s libvirt driver does', async () => {
    const demo = await setup();
    const id = SEED.servers.legacy1;
    expect(lc.state.server(id)).toMatchObject({ agentChannel: true, agentRunning: false, bootImageProps: { os_require_quiesce: 'yes' } });
    const consoleBefore = lc.state.server(id)!.console.length;
    const r = await snapshot(demo, id, { createImage: { name: 'legacy-snap' } });
    expect(r.status).toBe(202);
    const requestId = r.headers.get('x-openstack-request-id')!;
    await idle(id);
    expect((await glanceImage(demo, r.json.image_id)).json).toMatchObject({ status: 'active', os_require_quiesce: 'yes' });
    expect(lc.state.server(id)!.console).toHaveLength(consoleBefore); // no freeze: "Skipping quiescing instance"
    expect(lc.state.server(id)!.fault).toBeNull();
    const one = await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}/os-instance-actions/${requestId}`, { version: '2.84' });
    expect(one.json.instanceAction).toMatchObject({ action: 'createImage', message: null });
    expect(one.json.instanceAction.events).toEqual([expect.objectContaining({ event: 'compute_snapshot_instance', result: 'Success' })]);
  });

  it('skips the freeze of an agent stopped through the admin API, even mid-copy, with os_require_quiesce (docs/real-guest.md case b)', async () => {
    const demo = await setup({ snapshotPhaseMs: 200 });
    const id = SEED.servers.db1;
    lc.state.server(id)!.bootImageProps.os_require_quiesce = 'yes';
    await setAgent(id, false);
    const stopped = await snapshot(demo, id, { createImage: { name: 'stopped' } });
    await idle(id);
    expect(lc.state.image(stopped.json.image_id)!.status).toBe('active');
    expect(hookArgs(id)).toEqual([]);

    // Running when the snapshot starts, stopped once the copy has begun: the freeze comes after
    // the mirror, so it is the agent then that counts.
    await setAgent(id, true);
    const midway = await snapshot(demo, id, { createImage: { name: 'midway' } });
    await until('copying', () => taskState(id) === 'image_pending_upload', { intervalMs: 1 });
    await setAgent(id, false);
    await idle(id);
    expect(lc.state.image(midway.json.image_id)!.status).toBe('active');
    expect(hookArgs(id)).toEqual([]);
    expect(lc.state.server(id)!.fault).toBeNull();
  });

  it('fails with QemuGuestAgentNotEnabled when the image requires quiescing without hw_qemu_guest_agent: image deleted, event Error', async () => {
    const demo = await setup({ snapshotPhaseMs: 40 });
    const id = await bootFromNewImage(demo, { os_require_quiesce: 'yes' });
    expect(lc.state.server(id)).toMatchObject({ agentChannel: false, fault: null });
    const r = await snapshot(demo, id, { createImage: { name: 'refused' } });
    expect(r.status).toBe(202);
    const requestId = r.headers.get('x-openstack-request-id')!;
    // As in the real run: image_pending_upload is seen, the image goes, then the task state.
    const seen: string[] = [];
    await until('refused', () => {
      const step = `${taskState(id)} ${lc.state.image(r.json.image_id) ? 'image' : 'no image'}`;
      if (step !== seen.at(-1)) seen.push(step);
      return taskState(id) === null;
    }, { intervalMs: 1 });
    expect(seen).toEqual([
      'image_snapshot_pending image', 'image_snapshot image', 'image_pending_upload image', 'image_pending_upload no image', 'null no image',
    ]);
    const gone = await lc.app.request(`/image/v2/images/${r.json.image_id}`, { headers: { 'X-Auth-Token': demo, Accept: 'application/json' } });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { message: string }).message).toContain(`No image found with ID ${r.json.image_id}`);

    const server = (await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}`, { version: 'latest' })).json.server;
    expect(server).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null });
    expect(server.fault).toBeUndefined(); // recorded, but Nova shows faults only in ERROR
    expect(lc.state.server(id)!.fault).toMatchObject({ code: 400, message: 'QEMU guest agent is not enabled' });
    expect(hookArgs(id)).toEqual([]);

    const list = await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}/os-instance-actions`, { version: '2.84' });
    expect(sortedKeys(list.json.instanceActions[0])).toEqual(sortedKeys(actionsSample.instanceActions[0]!));
    expect(list.json.instanceActions[0]).toMatchObject({ action: 'createImage', message: 'Error', request_id: requestId, instance_uuid: id });
    const one = await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}/os-instance-actions/${requestId}`, { version: '2.84' });
    const event = one.json.instanceAction.events[0];
    // A member sees the events from 2.51, without traceback or host, and without details
    // (policy events:details is admin only in Zed: the Zed tier sees no such key as demo).
    const memberEventKeys = sortedKeys(actionSample.instanceAction.events[0]!).filter((k) => !['traceback', 'host', 'details'].includes(k));
    expect(sortedKeys(event)).toEqual(memberEventKeys);
    expect(event).toMatchObject({ event: 'compute_snapshot_instance', result: 'Error' });
    expect(event.finish_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    const admin = await login(lc.app, 'admin', 'admin');
    const asAdmin = await compute(lc.app, admin, 'GET', `/v2.1/servers/${id}/os-instance-actions/${requestId}`, { version: '2.84' });
    expect(sortedKeys(asAdmin.json.instanceAction.events[0])).toEqual(sortedKeys(actionSample.instanceAction.events[0]!));
    expect(asAdmin.json.instanceAction.events[0].details).toBe('QEMU guest agent is not enabled');
    expect(asAdmin.json.instanceAction.events[0].traceback).toContain('nova.exception.QemuGuestAgentNotEnabled: QEMU guest agent is not enabled');
    const missing = await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}/os-instance-actions/req-nope`);
    expect(missing.json.itemNotFound.message).toBe(`Action for request_id req-nope on instance ${id} not found`);
  });

  it('fails a live backup the same way (the same driver snapshot), and keeps no image', async () => {
    const demo = await setup();
    const id = await bootFromNewImage(demo, { os_require_quiesce: 'yes' });
    const r = await snapshot(demo, id, { createBackup: { name: 'b', backup_type: 'daily', rotation: 1 } });
    await idle(id);
    expect(lc.state.image(r.json.image_id)).toBeUndefined();
    expect(lc.state.server(id)!.fault).toMatchObject({ code: 400, message: 'QEMU guest agent is not enabled' });
  });

  it('takes a snapshot without freezing when quiescing is not required (app-1, no channel)', async () => {
    const demo = await setup();
    const id = SEED.servers.app1;
    const before = lc.state.server(id)!.console.length;
    const r = await snapshot(demo, id, { createImage: { name: 'x' } });
    await idle(id);
    expect(lc.state.image(r.json.image_id)!.status).toBe('active');
    expect(lc.state.server(id)!.console).toHaveLength(before);
  });

  it('takes a cold snapshot of a stopped server: status SHUTOFF throughout, no quiesce even if required', async () => {
    const demo = await setup({ snapshotPhaseMs: 20 });
    const legacy = lc.state.server(SEED.servers.legacy1)!;
    // Without the channel a live snapshot of it would fail (_can_quiesce); a cold one never asks.
    Object.assign(legacy, { vmState: 'stopped', powerState: 4, agentChannel: false });
    for (const id of [SEED.servers.batch1, legacy.id]) {
      const before = lc.state.server(id)!.console.length;
      const r = await snapshot(demo, id, { createImage: { name: 'cold' } });
      await until('done', async () => {
        expect((await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}`)).json.server.status).toBe('SHUTOFF');
        return taskState(id) === null;
      }, { intervalMs: 2 });
      expect(lc.state.image(r.json.image_id)!.status).toBe('active');
      expect(lc.state.server(id)!.console).toHaveLength(before);
      expect(lc.state.server(id)!.fault).toBeNull();
    }
  });

  it('fails a volume-backed snapshot at the API (400) when quiescing is required and the agent is stopped', async () => {
    const demo = await setup();
    const id = SEED.servers.vol1;
    const s = lc.state.server(id)!;
    Object.assign(s, { agentChannel: true });
    s.bootImageProps.os_require_quiesce = 'yes';
    await setAgent(id, false);
    const imagesBefore = lc.state.data.images.length;
    const r = await snapshot(demo, id, { createImage: { name: 'vol-q' } });
    expect(r.status).toBe(400);
    expect(r.json.badRequest.message).toMatch(/^Failed to quiesce instance: Error from libvirt while quiescing instance-\w{8}: \[Error Code 86\] Guest agent is not responding/);
    expect(lc.state.data.images).toHaveLength(imagesBefore);
    expect(hookArgs(id)).toEqual([]);
  });
});

describe('interrupted snapshots', () => {
  it('stops when the image is deleted in Glance mid-snapshot: task state back to null, no fault', async () => {
    const demo = await setup({ snapshotPhaseMs: 30 });
    const id = SEED.servers.web1;
    const r = await snapshot(demo, id, { createImage: { name: 'doomed' } });
    const del = await lc.app.request(`/image/v2/images/${r.json.image_id}`, { method: 'DELETE', headers: { 'X-Auth-Token': demo } });
    expect(del.status).toBe(204);
    await idle(id);
    expect(lc.state.server(id)!.fault).toBeNull();
    expect(lc.state.image(r.json.image_id)).toBeUndefined();
  });

  it('drops the unfinished image when the server is deleted mid-snapshot', async () => {
    const demo = await setup({ snapshotPhaseMs: 30, powerMs: 5 });
    const id = SEED.servers.web1;
    const r = await snapshot(demo, id, { createImage: { name: 'orphan' } });
    expect((await compute(lc.app, demo, 'DELETE', `/v2.1/servers/${id}`)).status).toBe(204);
    await until('image dropped', () => lc.state.image(r.json.image_id) === undefined, { intervalMs: 2 });
  });
});

describe('createBackup', () => {
  const backup = (token: string, name: string, rotation: number | string, version = 'latest') =>
    snapshot(token, SEED.servers.web1, { createBackup: { name, backup_type: 'daily', rotation } }, version);

  it('keeps the newest `rotation` backups: three with rotation 2 leave two', async () => {
    const demo = await setup();
    const made: string[] = [];
    for (const name of ['bak-0', 'bak-1', 'bak-2']) {
      const r = await backup(demo, name, 2);
      expect(r.status).toBe(202);
      made.push(r.json.image_id);
      const image = lc.state.image(r.json.image_id)!;
      // Backups keep the base image's formats from the start (capture glance-01b).
      expect([image.status, image.diskFormat, image.containerFormat]).toEqual(['queued', 'qcow2', 'bare']);
      expect(image.properties).toMatchObject({ image_type: 'backup', backup_type: 'daily', instance_uuid: SEED.servers.web1 });
      await idle(SEED.servers.web1);
    }
    const res = await lc.app.request(`/image/v2/images?image_type=backup&instance_uuid=${SEED.servers.web1}`, { headers: { 'X-Auth-Token': demo } });
    const left = ((await res.json()) as { images: { id: string; name: string }[] }).images;
    expect(left.map((i) => i.name).sort()).toEqual(['bak-1', 'bak-2']);
    expect(lc.state.image(made[0]!)).toBeUndefined();
  });

  it('before 2.45 gives a compute Location only when rotation > 0; accepts digit strings', async () => {
    const demo = await setup();
    const r = await backup(demo, 'b', '1', '2.44');
    expect(r.status).toBe(202);
    expect(r.headers.get('Location')).toMatch(new RegExp(`^${lc.cloud.publicUrl}/compute/v2.1/images/[0-9a-f-]{36}$`));
    await idle(SEED.servers.web1);
    const none = await backup(demo, 'c', 0, '2.44');
    expect(none.status).toBe(202);
    expect(none.headers.get('Location')).toBeNull();
    const negative = await backup(demo, 'd', -1);
    expect(negative.json.badRequest.message).toBe('Invalid input for field/attribute rotation. Value: -1. -1 is less than the minimum of 0');
  });

  it('refuses volume-backed servers', async () => {
    const demo = await setup();
    lc.state.server(SEED.servers.web1)!.imageRef = '';
    const r = await backup(demo, 'v', 1);
    expect(r.status).toBe(400);
    expect(r.json.badRequest.message).toBe('Backup is not supported for volume-backed instances.');
  });
});
