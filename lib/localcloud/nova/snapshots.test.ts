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

  it('fails the snapshot of legacy-1 (os_require_quiesce, agent not running) as Nova does', async () => {
    const demo = await setup();
    const id = SEED.servers.legacy1;
    const consoleBefore = lc.state.server(id)!.console.length;
    const r = await snapshot(demo, id, { createImage: { name: 'legacy-snap' } });
    expect(r.status).toBe(202);
    const requestId = r.headers.get('x-openstack-request-id')!;
    await idle(id);
    expect((await glanceImage(demo, r.json.image_id)).status).toBe(404);
    const server = (await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}`, { version: 'latest' })).json.server;
    expect(server).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null });
    expect(server.fault).toBeUndefined(); // recorded, but Nova shows faults only in ERROR
    const message = `Failed to quiesce instance: Error from libvirt while quiescing instance-00000004: [Error Code 86] Guest agent is not responding: QEMU guest agent is not connected`;
    expect(lc.state.server(id)!.fault).toMatchObject({ code: 409, message });
    expect(lc.state.server(id)!.console).toHaveLength(consoleBefore); // no freeze happened

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
    expect(asAdmin.json.instanceAction.events[0].details).toBe(message);
    expect(asAdmin.json.instanceAction.events[0].traceback).toContain('InstanceQuiesceFailed');
    const missing = await compute(lc.app, demo, 'GET', `/v2.1/servers/${id}/os-instance-actions/req-nope`);
    expect(missing.json.itemNotFound.message).toBe(`Action for request_id req-nope on instance ${id} not found`);
  });

  it('fails with QemuGuestAgentNotEnabled when quiesce is required and there is no channel', async () => {
    const demo = await setup();
    const s = lc.state.server(SEED.servers.web1)!;
    s.bootImageProps.os_require_quiesce = 'yes';
    const r = await snapshot(demo, s.id, { createImage: { name: 'x' } });
    await idle(s.id);
    expect(lc.state.image(r.json.image_id)).toBeUndefined();
    expect(s.fault).toMatchObject({ code: 400, message: 'QEMU guest agent is not enabled' });
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
    Object.assign(legacy, { vmState: 'stopped', powerState: 4 });
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
