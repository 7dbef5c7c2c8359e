import { describe, expect, it } from 'vitest';
import { OpenStackCapabilityError, OpenStackError } from '../errors';
import { fakeConnection, fixture } from '../testing/fake-server';
import { withFakeServer } from '../testing/use-fake-server';
import {
  createBackup, createImage, createServer, createServerOptsSchema, deleteServer, getConsoleOutput, getInstanceAction, getServer,
  imageIdFromLocation, listAllServers, listInstanceActions, listServers, novaTimeToIso, rebootServer, startServer, stopServer,
} from './servers';

const fake = withFakeServer();
const SERVER = '961f94dc-082c-4b6f-8b6e-e8803b169e4d';
const IMAGE = 'c706b3b4-e595-494e-a512-3e31012e6415';
const detail = '/compute/v2.1/servers/detail';
const action = `/compute/v2.1/servers/${SERVER}/action`;

describe('listServers', () => {
  it('reshapes a 2.1 server: flavor id only, launched_at as UTC (capture nova-03)', async () => {
    fake().expect({ method: 'GET', path: detail, query: { limit: '50' }, microversion: '2.1', reply: { status: 200, json: fixture('nova-servers-detail-2.1.json') } });
    const { servers, nextMarker } = await listServers(fakeConnection(fake(), { microversion: '2.1' }));
    expect(nextMarker).toBeNull();
    expect(servers).toEqual([{
      id: SERVER, name: 'wire-vm', status: 'ACTIVE', taskState: null, vmState: 'active', powerState: 1, powerStateName: 'Running',
      imageId: IMAGE, volumesAttached: [], flavor: { id: '1', name: null, vcpus: null, ram: null, disk: null }, addresses: [],
      created: '2026-11-25T23:23:00.000Z', updated: '2026-11-25T23:23:00.000Z', launchedAt: '2026-11-25T23:23:00.000Z',
      keyName: null, metadata: {}, fault: null, projectId: '4af3352930c74c46b7167196ad92abd0', userId: '7432071c411541d985d992110df639eb',
      availabilityZone: 'nova', locked: null, description: null,
    }]);
  });

  it('reads the embedded flavor from 2.47 (capture nova-04)', async () => {
    fake().expect({ method: 'GET', path: detail, query: { limit: '50' }, microversion: '2.93', reply: { status: 200, json: fixture('nova-servers-detail-latest.json') } });
    const [server] = (await listServers(fakeConnection(fake()))).servers;
    expect(server?.flavor).toEqual({ id: null, name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 });
    expect(server?.locked).toBe(false);
  });

  it('gives addresses, next marker and filters (sample v2.100 servers-details-resp)', async () => {
    fake().expect({
      method: 'GET', path: detail,
      query: { limit: '1', marker: 'm0', name: 'web\\.1\\(a\\)', status: 'ACTIVE', sort_key: 'display_name', sort_dir: 'asc' },
      reply: { status: 200, json: fixture('nova-servers-detail-2.100-paged.json') },
    });
    const page = await listServers(fakeConnection(fake()), { limit: 1, marker: 'm0', name: 'web.1(a)', status: 'ACTIVE', sortKey: 'display_name', sortDir: 'asc' });
    expect(page.nextMarker).toBe('f5dc173b-6804-445a-a6d8-c705dad5b5eb');
    expect(page.servers[0]?.addresses).toEqual([{ network: 'private', addr: '192.168.1.30', version: 4, type: 'fixed' }]);
    expect(page.servers[0]?.launchedAt).toBe('2013-09-23T13:53:12.774Z');
    expect(page.servers[0]?.metadata).toEqual({ 'My Server Name': 'Apache1' });
  });

  it('copes with boot-from-volume, errors and down-cell records', async () => {
    const base = (fixture('nova-servers-detail-latest.json') as { servers: Record<string, unknown>[] }).servers[0];
    const bfv = { ...base, id: 'bfv', image: '', 'os-extended-volumes:volumes_attached': [{ id: 'v1', delete_on_termination: true }], status: 'ERROR', 'OS-EXT-STS:power_state': 0, fault: { code: 500, message: 'No valid host was found.', created: '2026-11-25T23:24:00Z' } };
    const downCell = { id: 'down', status: 'UNKNOWN', tenant_id: 'p', created: '2026-11-25T23:23:00Z', links: [] };
    fake().expect({ method: 'GET', path: detail, query: { limit: '50' }, reply: { status: 200, json: { servers: [bfv, downCell] } } });
    const [a, b] = (await listServers(fakeConnection(fake()))).servers;
    expect(a).toMatchObject({ imageId: null, volumesAttached: [{ id: 'v1', deleteOnTermination: true }], powerStateName: 'No state', fault: { code: 500, message: 'No valid host was found.', created: '2026-11-25T23:24:00.000Z' } });
    expect(b).toMatchObject({ id: 'down', name: '', status: 'UNKNOWN', imageId: null, volumesAttached: [], flavor: { id: null }, userId: null });
  });

  it('rejects bad options before sending anything', async () => {
    await expect(listServers(fakeConnection(fake()), { limit: 0 })).rejects.toThrow();
    await expect(listServers(fakeConnection(fake()), { status: 'active' as never })).rejects.toThrow();
  });

  it('listAllServers follows next links', async () => {
    const page1 = fixture('nova-servers-detail-2.100-paged.json');
    fake().expect(
      { method: 'GET', path: detail, query: { limit: '1000' }, reply: { status: 200, json: page1 } },
      // The sample's link carries the project id after /v2.1: kept, rebased on our endpoint.
      { method: 'GET', path: '/compute/v2.1/6f70656e737461636b20342065766572/servers/detail', query: { limit: '1', marker: 'f5dc173b-6804-445a-a6d8-c705dad5b5eb' }, reply: { status: 200, json: { servers: [] } } },
    );
    expect((await listAllServers(fakeConnection(fake()))).map((s) => s.id)).toEqual(['f5dc173b-6804-445a-a6d8-c705dad5b5eb']);
  });
});

describe('getServer', () => {
  it('shows a server during a snapshot (capture nova-09c)', async () => {
    fake().expect({ method: 'GET', path: `/compute/v2.1/servers/${SERVER}`, reply: { status: 200, json: fixture('nova-server-show-snapshot-pending.json') } });
    const s = await getServer(fakeConnection(fake()), SERVER);
    expect(s).toMatchObject({ status: 'ACTIVE', taskState: 'image_snapshot_pending', updated: '2026-11-25T23:23:06.000Z' });
  });

  it('maps 404 (capture nova-11)', async () => {
    fake().expect({ method: 'GET', path: `/compute/v2.1/servers/${SERVER}`, reply: { status: 404, json: fixture('nova-404-server.json') } });
    const err = await getServer(fakeConnection(fake()), SERVER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenStackError);
    expect((err as OpenStackError).is(404)).toBe(true);
    expect((err as OpenStackError).safeMessage).toBe("Instance 7addfbc0-6f19-4f8b-a209-d9f8b0c1d851 could not be found.");
  });
});

describe('createServer', () => {
  it('sends the capture nova-02 body for networks "none"', async () => {
    fake().expect({
      method: 'POST', path: '/compute/v2.1/servers', contentType: 'application/json',
      json: { server: { name: 'wire-vm', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
      reply: { status: 202, json: fixture('nova-server-create-resp.json') },
    });
    expect(await createServer(fakeConnection(fake()), { name: 'wire-vm', imageRef: IMAGE, flavorRef: '1', networks: 'none' })).toEqual({ id: SERVER });
  });

  it('base64-encodes user data and sends counts, key, metadata and zone', async () => {
    fake().expect({
      method: 'POST', path: '/compute/v2.1/servers',
      json: {
        server: {
          name: 'web', imageRef: IMAGE, flavorRef: 'd2-2', networks: [{ uuid: 'c0000001-0000-4000-8000-000000000002' }],
          key_name: 'k', user_data: Buffer.from('#cloud-config\npackages: [qemu-guest-agent]\n').toString('base64'),
          metadata: { role: 'web' }, availability_zone: 'nova', min_count: 3, max_count: 3,
        },
      },
      reply: { status: 202, json: { server: { id: 'first' } } },
    });
    const r = await createServer(fakeConnection(fake()), {
      name: 'web', imageRef: IMAGE, flavorRef: 'd2-2', networks: [{ uuid: 'c0000001-0000-4000-8000-000000000002' }], keyName: 'k',
      userData: '#cloud-config\npackages: [qemu-guest-agent]\n', metadata: { role: 'web' }, availabilityZone: 'nova', count: 3,
    });
    expect(r.id).toBe('first');
  });

  it('refuses "auto" below 2.37 without sending anything', async () => {
    const conn = fakeConnection(fake(), { microversion: '2.36' });
    await expect(createServer(conn, { name: 'x', imageRef: IMAGE, flavorRef: '1', networks: 'auto' })).rejects.toBeInstanceOf(OpenStackCapabilityError);
  });

  it('boots from a new volume made from an image (block_device_mapping_v2, no imageRef)', async () => {
    fake().expect({
      method: 'POST', path: '/compute/v2.1/servers',
      json: {
        server: {
          name: 'bfv', flavorRef: 's1-2', networks: 'none',
          block_device_mapping_v2: [{ source_type: 'image', destination_type: 'volume', delete_on_termination: true, uuid: IMAGE, boot_index: 0, volume_size: 10 }],
        },
      },
      reply: { status: 202, json: fixture('nova-server-create-resp.json') },
    });
    const r = await createServer(fakeConnection(fake()), {
      name: 'bfv', flavorRef: 's1-2', networks: 'none',
      blockDeviceMapping: [{ sourceType: 'image', uuid: IMAGE, bootIndex: 0, volumeSize: 10, deleteOnTermination: true }],
    });
    expect(r.id).toBe(SERVER);
  });

  it('boots from a Cinder snapshot, and attaches a data volume beside an image root', async () => {
    const SNAP = '02c341b8-7f50-48bb-961f-7fa61c8cc8cf';
    const VOL = '19be0e0b-0513-4c61-b203-fcfdef6acb92';
    fake().expect(
      {
        method: 'POST', path: '/compute/v2.1/servers',
        json: { server: { name: 's', flavorRef: '1', networks: 'none', block_device_mapping_v2: [{ source_type: 'snapshot', destination_type: 'volume', delete_on_termination: false, uuid: SNAP, boot_index: 0, device_name: '/dev/sda' }] } },
        reply: { status: 202, json: { server: { id: 'a' } } },
      },
      {
        method: 'POST', path: '/compute/v2.1/servers',
        json: { server: { name: 's', imageRef: IMAGE, flavorRef: '1', networks: 'none', block_device_mapping_v2: [{ source_type: 'volume', destination_type: 'volume', delete_on_termination: false, uuid: VOL, boot_index: -1, volume_type: 'fake' }] } },
        reply: { status: 202, json: { server: { id: 'b' } } },
      },
    );
    await createServer(fakeConnection(fake()), { name: 's', flavorRef: '1', networks: 'none', blockDeviceMapping: [{ sourceType: 'snapshot', uuid: SNAP, bootIndex: 0, deviceName: '/dev/sda' }] });
    await createServer(fakeConnection(fake()), { name: 's', imageRef: IMAGE, flavorRef: '1', networks: 'none', blockDeviceMapping: [{ sourceType: 'volume', uuid: VOL, volumeType: 'fake' }] });
    // A volume type needs 2.67: refused before sending.
    const old = fakeConnection(fake(), { microversion: '2.66' });
    await expect(createServer(old, { name: 's', flavorRef: '1', networks: 'none', blockDeviceMapping: [{ sourceType: 'image', uuid: IMAGE, bootIndex: 0, volumeSize: 1, volumeType: 'fake' }] }))
      .rejects.toBeInstanceOf(OpenStackCapabilityError);
  });

  it('validates block device mappings', () => {
    const root = { sourceType: 'image', uuid: IMAGE, bootIndex: 0, volumeSize: 10 } as const;
    const ok = { name: 'a', flavorRef: '1', networks: 'none' as const, blockDeviceMapping: [root] };
    expect(createServerOptsSchema.safeParse(ok).success).toBe(true);
    const bad: unknown[] = [
      { blockDeviceMapping: [{ ...root, volumeSize: undefined }] }, // an image to a volume needs a size
      { blockDeviceMapping: [{ ...root, uuid: undefined }] },
      { blockDeviceMapping: [{ sourceType: 'blank', uuid: IMAGE, destinationType: 'volume', volumeSize: 1, bootIndex: 0 }] },
      { blockDeviceMapping: [{ ...root, bootIndex: 1 }] }, // no root and no imageRef
      { blockDeviceMapping: [root, { ...root, uuid: 'c706b3b4-e595-494e-a512-3e31012e6416' }] }, // two roots
      { blockDeviceMapping: [{ sourceType: 'volume', uuid: IMAGE, bootIndex: 0 }], count: 2 }, // one volume, two servers
      { blockDeviceMapping: [{ sourceType: 'snapshot', uuid: IMAGE, destinationType: 'local', bootIndex: 0 }] },
      { blockDeviceMapping: [] },
    ];
    for (const b of bad) expect(createServerOptsSchema.safeParse({ ...ok, ...(b as object) }).success, JSON.stringify(b)).toBe(false);
  });

  it('validates its options', () => {
    const ok = { name: 'a', imageRef: IMAGE, flavorRef: '1', networks: 'auto' };
    expect(createServerOptsSchema.safeParse(ok).success).toBe(true);
    expect(createServerOptsSchema.safeParse({ ...ok, count: 11 }).success).toBe(false);
    expect(createServerOptsSchema.safeParse({ ...ok, name: '' }).success).toBe(false);
    expect(createServerOptsSchema.safeParse({ ...ok, imageRef: 'not-a-uuid' }).success).toBe(false);
    expect(createServerOptsSchema.safeParse({ ...ok, networks: 'some' }).success).toBe(false);
    expect(createServerOptsSchema.safeParse({ ...ok, metadata: { k: 'é'.repeat(128) } }).success).toBe(false);
    // A lone surrogate would go out as a \udXXX escape that Nova can neither print nor store.
    for (const bad of [{ name: 'a\uD800' }, { flavorRef: '\uDFFF' }, { keyName: 'k\uD83D' }, { metadata: { k: 'v\uD800' } }]) {
      expect(createServerOptsSchema.safeParse({ ...ok, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    expect(createServerOptsSchema.safeParse({ ...ok, name: 'web 😀', metadata: { k: '😀' } }).success).toBe(true);
  });
});

describe('createImage', () => {
  it('reads image_id from the body from 2.45 (capture nova-06)', async () => {
    fake().expect({
      method: 'POST', path: action, microversion: '2.45', json: { createImage: { name: 'wire-snap', metadata: { purpose: 'wire' } } },
      reply: { status: 202, json: fixture('nova-create-image-2.45-resp.json') },
    });
    const r = await createImage(fakeConnection(fake(), { microversion: '2.45' }), SERVER, { name: 'wire-snap', metadata: { purpose: 'wire' } });
    expect(r).toEqual({ imageId: 'a3e74332-bc9d-4c13-a05b-b55cb3d76c5f' });
  });

  it('reads the Location header before 2.45 (capture nova-07)', async () => {
    fake().expect({
      method: 'POST', path: action, microversion: '2.44', json: { createImage: { name: 'wire-snap-2.1' } },
      reply: { status: 202, headers: { Location: 'http://127.0.0.1:9292/images/e095a295-544b-4802-bc71-8652ba590175', 'Content-Type': 'text/html; charset=UTF-8' } },
    });
    const r = await createImage(fakeConnection(fake(), { microversion: '2.44' }), SERVER, { name: 'wire-snap-2.1' });
    expect(r).toEqual({ imageId: 'e095a295-544b-4802-bc71-8652ba590175' });
  });

  it('fails as invalid-response when no id comes back', async () => {
    fake().expect({ method: 'POST', path: action, json: { createImage: { name: 'x' } }, reply: { status: 202 } });
    await expect(createImage(fakeConnection(fake(), { microversion: '2.1' }), SERVER, { name: 'x' })).rejects.toMatchObject({ kind: 'invalid-response' });
  });

  it('maps the 409 of a snapshot already running (capture nova-09)', async () => {
    fake().expect({ method: 'POST', path: action, json: { createImage: { name: 'wire-second' } }, reply: { status: 409, json: fixture('nova-409-create-image.json') } });
    const err = (await createImage(fakeConnection(fake()), SERVER, { name: 'wire-second' }).catch((e: unknown) => e)) as OpenStackError;
    expect(err.is(409)).toBe(true);
    expect(err.safeMessage).toContain('task_state image_snapshot_pending');
  });

  it('parses Location headers strictly', () => {
    expect(imageIdFromLocation('http://127.0.0.1:9292/images/e095a295-544b-4802-bc71-8652ba590175')).toBe('e095a295-544b-4802-bc71-8652ba590175');
    expect(imageIdFromLocation('/v2/images/e095a295-544b-4802-bc71-8652ba590175/')).toBe('e095a295-544b-4802-bc71-8652ba590175');
    expect(imageIdFromLocation('http://x/servers/e095a295-544b-4802-bc71-8652ba590175')).toBeNull();
    expect(imageIdFromLocation(null)).toBeNull();
  });
});

describe('createBackup', () => {
  const body = { createBackup: { name: 'wire-bak-0', backup_type: 'daily', rotation: 2 } };

  it('reads image_id from 2.45 (capture nova-08)', async () => {
    fake().expect({ method: 'POST', path: action, json: body, reply: { status: 202, json: fixture('nova-create-backup-resp.json') } });
    expect(await createBackup(fakeConnection(fake()), SERVER, { name: 'wire-bak-0', backupType: 'daily', rotation: 2 })).toEqual({ imageId: 'c87b2c55-dc6f-4ecc-9866-b4be4e191619' });
  });

  it('before 2.45 a rotation of 0 names no image', async () => {
    fake().expect({ method: 'POST', path: action, json: { createBackup: { name: 'b', backup_type: 'weekly', rotation: 0 } }, reply: { status: 202 } });
    expect(await createBackup(fakeConnection(fake(), { microversion: '2.1' }), SERVER, { name: 'b', backupType: 'weekly', rotation: 0 })).toEqual({ imageId: null });
  });
});

describe('other actions', () => {
  it('start, stop, reboot and delete send the sample bodies and accept their codes', async () => {
    fake().expect(
      { method: 'POST', path: action, json: { 'os-start': null }, reply: { status: 202 } },
      { method: 'POST', path: action, json: { 'os-stop': null }, reply: { status: 202 } },
      { method: 'POST', path: action, json: { reboot: { type: 'HARD' } }, reply: { status: 202 } },
      { method: 'DELETE', path: `/compute/v2.1/servers/${SERVER}`, reply: { status: 204 } },
    );
    const conn = fakeConnection(fake());
    await startServer(conn, SERVER);
    await stopServer(conn, SERVER);
    await rebootServer(conn, SERVER, 'HARD');
    await deleteServer(conn, SERVER);
  });

  it('gets console output with and without length', async () => {
    fake().expect(
      { method: 'POST', path: action, json: { 'os-getConsoleOutput': { length: 50 } }, reply: { status: 200, json: fixture('nova-console-output-resp.json') } },
      { method: 'POST', path: action, json: { 'os-getConsoleOutput': {} }, reply: { status: 200, json: { output: '' } } },
    );
    expect(await getConsoleOutput(fakeConnection(fake()), SERVER, 50)).toBe('FAKE CONSOLE OUTPUT\nANOTHER\nLAST LINE');
    expect(await getConsoleOutput(fakeConnection(fake()), SERVER)).toBe('');
  });

  it('lists and shows instance actions with 2.84 event details', async () => {
    fake().expect(
      { method: 'GET', path: `/compute/v2.1/servers/${SERVER}/os-instance-actions`, reply: { status: 200, json: fixture('nova-instance-actions-2.84.json') } },
      { method: 'GET', path: `/compute/v2.1/servers/${SERVER}/os-instance-actions/req-0d819d5c-1527-4669-bdf0-ffad31b5105b`, reply: { status: 200, json: fixture('nova-instance-action-2.84.json') } },
    );
    const list = await listInstanceActions(fakeConnection(fake()), SERVER);
    expect(list[0]).toEqual({
      action: 'stop', requestId: 'req-f04d4b92-6241-42da-b82d-2cedb225c58d', userId: 'admin', projectId: '6f70656e737461636b20342065766572',
      startTime: '2018-04-25T01:26:36.036Z', updatedAt: '2018-04-25T01:26:36.525Z', message: null,
    });
    const one = await getInstanceAction(fakeConnection(fake()), SERVER, 'req-0d819d5c-1527-4669-bdf0-ffad31b5105b');
    expect(one.events).toEqual([{ event: 'compute_stop_instance', startTime: '2018-04-25T01:26:36.539Z', finishTime: '2018-04-25T01:26:36.790Z', result: 'Success', details: null }]);
  });
});

describe('novaTimeToIso', () => {
  it('reads zone-less Nova timestamps as UTC', () => {
    expect(novaTimeToIso('2013-09-23T13:37:00.880302')).toBe('2013-09-23T13:37:00.880Z');
    expect(novaTimeToIso('2013-09-03T04:01:32Z')).toBe('2013-09-03T04:01:32.000Z');
    expect(novaTimeToIso('2013-09-03T04:01:32+02:00')).toBe('2013-09-03T02:01:32.000Z');
    expect(novaTimeToIso(null)).toBeNull();
  });
});
