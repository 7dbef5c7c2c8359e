// The launch-related route handlers (launch, sources, networks, key pairs, zones, backup) with a
// signed-in session and a recording fetch in place of the cloud: validation answers 400
// with fields and sends nothing upstream; valid input makes exactly the calls expected.
import { NextRequest } from 'next/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AGENT_CLOUD_CONFIG } from '@/lib/cloud-init/user-data';
import { CLOUD, FAKE_SESSION, callRoute, fakeUpstream, json, type Upstream } from '@/lib/instances/testing/route-harness';
import type { SessionData } from '@/lib/server/session';
import novaServerShow from '@/lib/testing/fixtures/openstack/nova-server-show-snapshot-pending.json';

// This project's networks come from Neutron unless a test says otherwise.
const SESSION: SessionData = { ...FAKE_SESSION, project: { id: 'p-demo', name: 'demo' }, endpoints: { ...FAKE_SESSION.endpoints, network: `${CLOUD}/network` } };
let session: SessionData = SESSION;

vi.mock('@/lib/server/session', () => ({
  readSession: async () => ({ data: session }),
  endSession: async () => undefined,
}));

let upstream: Upstream;
let answer: (method: string, url: URL) => Response = () => json(500, { message: 'no answer set' });

const wireImage = (id: string, name: string, props: Record<string, unknown> = {}) => ({
  id, name, status: 'active', visibility: 'private', owner: 'p-demo', protected: false, min_disk: 0, min_ram: 0, size: 1,
  created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', tags: [], disk_format: 'qcow2', container_format: 'bare', ...props,
});
// Glance's answers by image id (the launch route reads its source again); anything else goes to `answer`.
let images: Record<string, unknown> = {};
const IMAGE_PATH = /^\/image\/v2\/images\/([^/]+)$/;

beforeEach(() => {
  session = SESSION;
  images = {};
  upstream = fakeUpstream((method, url) => {
    const id = IMAGE_PATH.exec(url.pathname)?.[1];
    if (method === 'GET' && id) return images[id] ? json(200, images[id]) : json(404, { message: 'No image found' });
    return answer(method, url);
  });
});
afterEach(() => vi.unstubAllGlobals());

const IMAGE = 'a0000001-0000-4000-8000-000000000007';
const NET = 'c0000001-0000-4000-8000-000000000002';
const SERVER = 'b0000001-0000-4000-8000-000000000001';
const sibling = (n: number) => `${SERVER.slice(0, -1)}${n}`;

const validLaunch = { name: 'from-snap', sourceId: IMAGE, flavorId: 'd2-4', network: NET, count: 1, installAgent: false, userData: '' };
const createdServer = (id: string) => json(202, { server: { id, links: [], 'OS-DCF:diskConfig': 'MANUAL', security_groups: [{ name: 'default' }], adminPass: 'x' } });
const novaCalls = () => upstream.calls.filter((c) => c.url.pathname.startsWith('/compute/'));
const sentServer = () => (novaCalls()[0]!.body as { server: Record<string, unknown> }).server;

describe('POST /api/launch', async () => {
  const { POST } = await import('./route');
  beforeEach(() => {
    images = { [IMAGE]: wireImage(IMAGE, 'web-1-snap', { image_type: 'snapshot', min_disk: 10, size: 3 * 1024 ** 3 }) };
  });

  it('answers 400 with a message per field and sends nothing upstream', async () => {
    const r = await callRoute(POST, { body: { ...validLaunch, name: ' ', sourceId: 'nope', flavorId: '', network: 'somewhere', count: 11 } });
    expect(r.status).toBe(400);
    expect(Object.keys(r.json.error!.fields!).sort()).toEqual(['count', 'flavorId', 'name', 'network', 'sourceId']);
    expect(r.json.error!.fields!.count).toBe('At most 10 at once.');
    expect(upstream.calls).toHaveLength(0);
  });

  it('refuses a body that is not JSON', async () => {
    const req = new NextRequest('http://snapdeck.test/api/launch', { method: 'POST', body: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Host: 'snapdeck.test', Origin: 'http://snapdeck.test' } });
    expect((await POST(req, { params: Promise.resolve({}) })).status).toBe(415);
    expect(upstream.calls).toHaveLength(0);
  });

  it('creates one server, sending the agent cloud-config base64-encoded', async () => {
    answer = () => createdServer(SERVER);
    const r = await callRoute(POST, { body: { ...validLaunch, installAgent: true, keyName: 'demo-key' } });
    expect(r.status).toBe(202);
    expect(r.json).toEqual({ ids: [SERVER], requested: 1, complete: true, note: null });
    expect(upstream.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([`GET /image/v2/images/${IMAGE}`, 'POST /compute/v2.1/servers']);
    expect(sentServer()).toMatchObject({ name: 'from-snap', imageRef: IMAGE, flavorRef: 'd2-4', networks: [{ uuid: NET }], key_name: 'demo-key' });
    expect(sentServer().min_count).toBeUndefined();
    expect(Buffer.from(String(sentServer().user_data), 'base64').toString('utf8')).toBe(AGENT_CLOUD_CONFIG);
  });

  it('sends the availability zone chosen, and none for Any', async () => {
    answer = () => createdServer(SERVER);
    const r = await callRoute(POST, { body: { ...validLaunch, availabilityZone: 'real' } });
    expect(r.status).toBe(202);
    expect(sentServer().availability_zone).toBe('real');
    upstream.calls.length = 0;
    await callRoute(POST, { body: validLaunch });
    expect('availability_zone' in sentServer()).toBe(false);
  });

  it('refuses an empty, too long or malformed zone next to the field, sending nothing', async () => {
    for (const availabilityZone of ['', 'z'.repeat(256), 'a\uD800b', 7, null]) {
      const r = await callRoute(POST, { body: { ...validLaunch, availabilityZone } });
      expect(r.status, JSON.stringify(availabilityZone)).toBe(400);
      expect(Object.keys(r.json.error!.fields!)).toEqual(['availabilityZone']);
    }
    expect(upstream.calls).toHaveLength(0);
  });

  it('passes Nova’s refusal of a zone on in its words (the form puts it on the field)', async () => {
    answer = () => json(400, { badRequest: { code: 400, message: 'The requested availability zone is not available' } });
    const r = await callRoute(POST, { body: { ...validLaunch, availabilityZone: 'gone' } });
    expect(r.status).toBe(400);
    expect(r.json.error!.message).toBe('The requested availability zone is not available');
    expect(novaCalls()).toHaveLength(1);
  });

  it('sends no user_data when there is none', async () => {
    answer = () => createdServer(SERVER);
    await callRoute(POST, { body: { ...validLaunch, network: 'none' } });
    expect(sentServer().networks).toBe('none');
    expect('user_data' in sentServer()).toBe(false);
  });

  it('refuses user data it cannot join to the agent part, next to the field', async () => {
    const r = await callRoute(POST, { body: { ...validLaunch, installAgent: true, userData: 'plain words' } });
    expect(r.status).toBe(400);
    expect(r.json.error!.fields!.userData).toMatch(/cloud-init header/);
    expect(upstream.calls).toHaveLength(0);
  });

  it('refuses "auto"/"none" when the negotiated microversion is below 2.37', async () => {
    session = { ...SESSION, computeMicroversion: '2.1' };
    const r = await callRoute(POST, { body: { ...validLaunch, network: 'auto' } });
    expect(r.status).toBe(400);
    expect(r.json.error!.fields!.network).toMatch(/2\.37/);
    expect(upstream.calls).toHaveLength(0);
  });

  it('finds the other servers of a multiple create by Nova’s names and creation time', async () => {
    const created = '2026-11-25T23:22:58Z';
    const wire = (id: string, name: string, at: string) => ({ id, name, status: 'BUILD', tenant_id: 'p-demo', created: at, updated: at });
    answer = (method) =>
      method === 'POST'
        ? createdServer(sibling(1))
        : json(200, {
            servers: [
              wire(sibling(3), 'farm-3', created),
              wire(sibling(2), 'farm-2', created),
              wire(sibling(1), 'farm-1', created),
              wire(sibling(9), 'farm-2', '2026-01-01T00:00:00Z'), // an older homonym
              wire(sibling(8), 'farm-old', created),
            ],
          });
    const r = await callRoute(POST, { body: { ...validLaunch, name: 'farm', count: 3 } });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ ids: [sibling(1), sibling(3), sibling(2)], complete: true });
    expect(novaCalls().map((c) => c.method)).toEqual(['POST', 'GET']);
    expect(sentServer()).toMatchObject({ min_count: 3, max_count: 3 });
    expect(novaCalls()[1]!.url.searchParams.get('name')).toBe('farm');
  });

  it('says so when it cannot name every server of a multiple create', async () => {
    answer = (method) => (method === 'POST' ? createdServer(SERVER) : json(500, { computeFault: { code: 500, message: 'boom' } }));
    const r = await callRoute(POST, { body: { ...validLaunch, name: 'farm', count: 2 } });
    expect(r.status).toBe(202);
    expect(r.json).toMatchObject({ ids: [SERVER], complete: false, note: expect.stringMatching(/named only the first/) });
  });

  it('passes Nova’s quota refusal on and does not retry the POST', async () => {
    const message = 'Quota exceeded for instances: Requested 1, but already used 10 of 10 instances';
    answer = () => json(403, { forbidden: { code: 403, message } });
    const r = await callRoute(POST, { body: validLaunch });
    expect(r.status).toBe(403);
    expect(r.json.error!.message).toBe(message);
    expect(novaCalls()).toHaveLength(1);
  });

  describe('boot from volume', () => {
    const SNAP = 'f0000001-0000-4000-8000-000000000001';
    const DATA_SNAP = 'f0000001-0000-4000-8000-000000000002';
    const VB = 'a0000001-0000-4000-8000-0000000000b1';
    // As Nova registers a volume-backed snapshot (../shared/cinder-spike/raw-image.json), with a data volume too.
    const volumeBacked = wireImage(VB, 'vol-1-snap', {
      size: 0, min_disk: 10, bdm_v2: 'True', root_device_name: '/dev/sda',
      block_device_mapping: JSON.stringify([
        { source_type: 'snapshot', destination_type: 'volume', snapshot_id: SNAP, volume_size: 10, boot_index: 0, delete_on_termination: false, device_name: '/dev/sda', image_id: null, volume_id: null },
        { source_type: 'snapshot', destination_type: 'volume', snapshot_id: DATA_SNAP, volume_size: 5, boot_index: null, delete_on_termination: false, device_name: '/dev/sdb', image_id: null, volume_id: null },
      ]),
    });

    it('boots a volume-backed snapshot from its Cinder snapshots, no imageRef, with the delete choice on every volume', async () => {
      images[VB] = volumeBacked;
      answer = () => createdServer(SERVER);
      const r = await callRoute(POST, { body: { ...validLaunch, sourceId: VB, flavorId: 's1-2', deleteVolume: true } });
      expect(r.status).toBe(202);
      const sent = sentServer();
      expect('imageRef' in sent).toBe(false);
      expect(sent.block_device_mapping_v2).toEqual([
        { source_type: 'snapshot', destination_type: 'volume', delete_on_termination: true, uuid: SNAP, boot_index: 0, volume_size: 10 },
        { source_type: 'snapshot', destination_type: 'volume', delete_on_termination: true, uuid: DATA_SNAP, boot_index: -1, volume_size: 5 },
      ]);
    });

    it('keeps the volumes by default (delete_on_termination false)', async () => {
      images[VB] = volumeBacked;
      answer = () => createdServer(SERVER);
      await callRoute(POST, { body: { ...validLaunch, sourceId: VB } });
      expect((sentServer().block_device_mapping_v2 as { delete_on_termination: boolean }[]).map((d) => d.delete_on_termination)).toEqual([false, false]);
    });

    it('boots an image onto a new volume of the size asked', async () => {
      answer = () => createdServer(SERVER);
      const r = await callRoute(POST, { body: { ...validLaunch, newVolume: true, volumeSize: 12, deleteVolume: true } });
      expect(r.status).toBe(202);
      const sent = sentServer();
      expect('imageRef' in sent).toBe(false);
      expect(sent.block_device_mapping_v2).toEqual([{ source_type: 'image', destination_type: 'volume', delete_on_termination: true, uuid: IMAGE, boot_index: 0, volume_size: 12 }]);
    });

    it('refuses a new volume below the image’s min_disk, or without a size, next to the field, creating nothing', async () => {
      const small = await callRoute(POST, { body: { ...validLaunch, newVolume: true, volumeSize: 9 } });
      expect(small.status).toBe(400);
      expect(small.json.error!.fields!.volumeSize).toBe('At least 10 GiB: the image needs that much.');
      const none = await callRoute(POST, { body: { ...validLaunch, newVolume: true } });
      expect(none.status).toBe(400);
      expect(none.json.error!.fields!.volumeSize).toBe('Enter the size of the new volume.');
      for (const volumeSize of [0, 2.5, 'ten', 20_000]) {
        const bad = await callRoute(POST, { body: { ...validLaunch, newVolume: true, volumeSize } });
        expect(bad.status, String(volumeSize)).toBe(400);
        expect(bad.json.error!.fields!.volumeSize).toBeTruthy();
      }
      expect(novaCalls()).toHaveLength(0);
    });

    it('the image’s data counts too: 3 GiB of data needs a volume of at least 3 GiB', async () => {
      images[IMAGE] = wireImage(IMAGE, 'big', { min_disk: 0, size: 2.5 * 1024 ** 3 });
      const r = await callRoute(POST, { body: { ...validLaunch, newVolume: true, volumeSize: 2 } });
      expect(r.json.error!.fields!.volumeSize).toBe('At least 3 GiB: the image needs that much.');
    });

    it('without Cinder in the session: no new volume, and a volume-backed source is refused, creating nothing', async () => {
      session = { ...SESSION, endpoints: { ...SESSION.endpoints, volume: null } };
      images[VB] = volumeBacked;
      const r = await callRoute(POST, { body: { ...validLaunch, newVolume: true, volumeSize: 12 } });
      expect(r.status).toBe(400);
      expect(r.json.error!.fields!.newVolume).toMatch(/no block storage/);
      const vb = await callRoute(POST, { body: { ...validLaunch, sourceId: VB } });
      expect(vb.status).toBe(400);
      expect(vb.json.error!.fields!.sourceId).toMatch(/no block storage/);
      expect(novaCalls()).toHaveLength(0);
    });

    it('refuses "Create a new volume" for a volume-backed source', async () => {
      images[VB] = volumeBacked;
      const r = await callRoute(POST, { body: { ...validLaunch, sourceId: VB, newVolume: true, volumeSize: 20 } });
      expect(r.status).toBe(400);
      expect(r.json.error!.fields!.newVolume).toMatch(/volume-backed/);
      expect(novaCalls()).toHaveLength(0);
    });

    it('a source Glance does not show is a field error, nothing created', async () => {
      const r = await callRoute(POST, { body: { ...validLaunch, sourceId: 'a0000001-0000-4000-8000-0000000000ff' } });
      expect(r.status).toBe(400);
      expect(r.json.error!.fields!.sourceId).toMatch(/does not show this source/);
      expect(novaCalls()).toHaveLength(0);
    });
  });
});

describe('POST /api/servers/<id>/backup', async () => {
  const { POST } = await import('../servers/[id]/backup/route');
  const valid = { name: 'web-1-daily', backupType: 'daily', rotation: 2 };
  const backup = (body: unknown, id = SERVER) => callRoute(POST, { params: { id }, body });
  // The route reads the server (and its boot image) first, to record how the backup is taken.
  const serverShow = { server: { ...novaServerShow.server, id: SERVER, 'OS-EXT-STS:task_state': null } };
  const nova = (action: () => Response) => (method: string, url: URL) => (method === 'GET' && url.pathname.endsWith(`/servers/${SERVER}`) ? json(200, serverShow) : action());
  const actionCalls = () => upstream.calls.filter((c) => c.method === 'POST');

  it('refuses a bad instance id and a rotation outside 1–30, sending nothing', async () => {
    expect((await backup(valid, 'not-a-uuid')).status).toBe(400);
    for (const rotation of [0, 31, 2.5, 'two']) {
      const r = await backup({ ...valid, rotation });
      expect(r.status, String(rotation)).toBe(400);
      expect(r.json.error!.fields!.rotation).toBeTruthy();
    }
    const blank = await backup({ ...valid, name: '', backupType: ' ' });
    expect(Object.keys(blank.json.error!.fields!).sort()).toEqual(['backupType', 'name']);
    expect(upstream.calls).toHaveLength(0);
  });

  it('sends one createBackup with Nova’s field names and returns the image id', async () => {
    answer = nova(() => json(202, { image_id: IMAGE }));
    const r = await backup(valid);
    expect(r.status).toBe(202);
    expect(r.json).toEqual({ imageId: IMAGE });
    expect(actionCalls()).toHaveLength(1);
    expect(actionCalls()[0]!.url.pathname).toBe(`/compute/v2.1/servers/${SERVER}/action`);
    // The boot image is not visible here (404): the channel is recorded as unknown.
    expect(actionCalls()[0]!.body).toEqual({ createBackup: { name: 'web-1-daily', backup_type: 'daily', rotation: 2, metadata: {
      snapdeck_taken_instance: SERVER, snapdeck_taken_agent_channel: 'unknown', snapdeck_taken_require_quiesce: 'no', snapdeck_taken_power_state: 'running',
    } } });
  });

  it('passes Nova’s refusal of a volume-backed instance on', async () => {
    answer = nova(() => json(400, { badRequest: { code: 400, message: "It's not supported to backup volume backed instance." } }));
    const r = await backup(valid);
    expect(r.status).toBe(400);
    expect(r.json.error!.message).toMatch(/volume backed/);
  });

  it('explains a busy instance as the Create snapshot flow does (409 names the task)', async () => {
    answer = nova(() => json(409, { conflictingRequest: { code: 409, message: `Cannot 'createBackup' instance ${SERVER} while it is in task_state image_backup` } }));
    const r = await backup(valid);
    expect(r.status).toBe(409);
    expect(r.json.error!.message).toBe('A task is already running on this instance: Backing up (task_state image_backup). Nova accepts a new backup only when it has ended.');
    expect((r.json.error as { detail?: string }).detail).toBe(`Cannot 'createBackup' instance ${SERVER} while it is in task_state image_backup`);
  });
});

describe('GET /api/launch/sources', async () => {
  const { GET } = await import('./sources/route');

  it('refuses a bad id and sends nothing', async () => {
    expect((await callRoute(GET, { query: { id: 'nope' } })).status).toBe(400);
    expect(upstream.calls).toHaveLength(0);
  });

  it('lists snapshots first, asking Glance for active snapshots by property', async () => {
    const snap = wireImage(sibling(1), 'web-1-snap', { image_type: 'snapshot', instance_uuid: SERVER });
    answer = (_method, url) => json(200, { images: url.searchParams.get('image_type') ? [snap] : [wireImage(IMAGE, 'Debian 12'), snap], schema: '/v2/schemas/images', first: '/v2/images' });
    const r = await callRoute(GET, { query: { q: 'e' } });
    expect(r.status).toBe(200);
    const body = r.json as unknown as { sources: { name: string; kind: string; ownedByProject: boolean }[]; truncated: boolean };
    expect(body.sources.map((s) => [s.name, s.kind])).toEqual([['web-1-snap', 'snapshot'], ['Debian 12', 'image']]);
    expect(body.sources[0]!.ownedByProject).toBe(true);
    expect(body.truncated).toBe(false);
    expect(r.json.blockStorage).toBe(true);
    expect(upstream.calls.map((c) => Object.fromEntries(c.url.searchParams))).toContainEqual(expect.objectContaining({ image_type: 'snapshot', status: 'active', limit: '1000' }));
  });

  it('gives one source with its Cinder snapshots, and says whether the session has block storage', async () => {
    const SNAP = 'f0000001-0000-4000-8000-000000000001';
    images[IMAGE] = wireImage(IMAGE, 'vol-1-snap', { size: 0, bdm_v2: 'True', block_device_mapping: JSON.stringify([{ source_type: 'snapshot', snapshot_id: SNAP, volume_size: 10, boot_index: 0 }]) });
    const r = await callRoute(GET, { query: { id: IMAGE } });
    expect(r.status).toBe(200);
    expect(r.json.blockStorage).toBe(true);
    expect((r.json.source as { volumeSnapshots: unknown }).volumeSnapshots).toEqual([{ snapshotId: SNAP, size: 10, bootIndex: 0 }]);
    session = { ...SESSION, endpoints: { ...SESSION.endpoints, volume: null } };
    expect((await callRoute(GET, { query: { id: IMAGE } })).json.blockStorage).toBe(false);
  });
});

describe('GET /api/networks', async () => {
  const { GET } = await import('../networks/route');

  it('offers auto/none without asking anything when the cloud has no Neutron', async () => {
    session = { ...SESSION, endpoints: { ...SESSION.endpoints, network: null } };
    const r = await callRoute(GET);
    expect(r.json).toEqual({ service: false, networks: [], autoAndNone: true });
    expect(upstream.calls).toHaveLength(0);
  });

  it('lists the project’s networks before shared ones', async () => {
    answer = () => json(200, { networks: [
      { id: 'n1', name: 'Ext-Net', status: 'ACTIVE', shared: true, 'router:external': true },
      { id: 'n2', name: 'demo-private', status: 'ACTIVE', shared: false },
    ] });
    const r = await callRoute(GET);
    expect(r.json.service).toBe(true);
    expect((r.json.networks as { name: string }[]).map((n) => n.name)).toEqual(['demo-private', 'Ext-Net']);
  });
});

describe('GET /api/availability-zones', async () => {
  const { GET } = await import('../availability-zones/route');

  it('lists the zones Nova calls available, by name, from one call', async () => {
    const zone = (zoneName: string, available: boolean) => ({ zoneName, zoneState: { available }, hosts: null });
    answer = () => json(200, { availabilityZoneInfo: [zone('real', true), zone('nova', true), zone('retired', false)] });
    const r = await callRoute(GET);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ zones: ['nova', 'real'] });
    expect(upstream.calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual(['GET /compute/v2.1/os-availability-zone']);
  });

  it('passes a policy refusal on as an error the form can show (it keeps Any)', async () => {
    answer = () => json(403, { forbidden: { code: 403, message: "Policy doesn't allow os_compute_api:os-availability-zone:list to be performed." } });
    const r = await callRoute(GET);
    expect(r.status).toBe(403);
    expect(r.json.error!.message).toMatch(/os-availability-zone:list/);
  });
});
