import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callRoute, fakeUpstream, json, type Upstream } from '@/lib/instances/testing/route-harness';
import { POST } from './route';
import serverShow from '@/lib/testing/fixtures/openstack/nova-server-show-snapshot-pending.json';
import volumeShow from '@/lib/testing/fixtures/openstack/cinder-volume-show-root-spike.json';
import cinderLimits from '@/lib/testing/fixtures/openstack/cinder-limits.json';
import imageShow from '@/lib/testing/fixtures/openstack/glance-image-show-snapshot.json';

vi.mock('@/lib/server/session', async () => (await import('@/lib/instances/testing/route-harness')).fakeSessionModule);

const SERVER = 'b0000001-0000-4000-8000-000000000001';
const IMAGE = 'a3e74332-bc9d-4c13-a05b-b55cb3d76c5f';
let upstream: Upstream;

const imageBooted = { server: { ...serverShow.server, id: SERVER, 'OS-EXT-STS:task_state': null } };
const BOOT_IMAGE = serverShow.server.image.id;
/** The boot image, with the agent channel, updated before the server launched. */
const bootImage = { ...imageShow, id: BOOT_IMAGE, hw_qemu_guest_agent: 'yes', os_require_quiesce: 'yes', updated_at: '2026-11-25T20:00:00Z' };
/** What Snapdeck records of how the snapshot was taken (lib/snapshots/taken.ts). */
const TAKEN = { snapdeck_taken_instance: SERVER, snapdeck_taken_agent_channel: 'yes', snapdeck_taken_require_quiesce: 'yes', snapdeck_taken_power_state: 'running' };
const VOLUME = volumeShow.volume.id;
const volumeBooted = { server: { ...imageBooted.server, image: '', 'os-extended-volumes:volumes_attached': [{ id: VOLUME, delete_on_termination: false }] } };
const withUsage = (snapshotsUsed: number, gigabytesUsed: number) => ({
  limits: { ...cinderLimits.limits, absolute: { ...cinderLimits.limits.absolute, maxTotalSnapshots: 10, totalSnapshotsUsed: snapshotsUsed, maxTotalVolumeGigabytes: 1000, totalGigabytesUsed: gigabytesUsed } },
});

/** Nova answers `server` for the GET, 202 with the image id for createImage; Cinder the root
 * volume and `limits`. */
function cloudWith(server: unknown, limits = withUsage(0, 0)) {
  return fakeUpstream((method, url) => {
    if (method === 'GET' && url.pathname.endsWith(`/servers/${SERVER}`)) return json(200, server);
    if (method === 'POST' && url.pathname.endsWith(`/servers/${SERVER}/action`)) return json(202, { image_id: IMAGE });
    if (method === 'GET' && url.pathname.endsWith(`/volumes/${VOLUME}`)) return json(200, volumeShow);
    if (method === 'GET' && url.pathname.endsWith(`/images/${BOOT_IMAGE}`)) return json(200, bootImage);
    if (method === 'GET' && url.pathname.endsWith('/limits')) return json(200, limits);
    return json(500, {});
  });
}

beforeEach(() => {
  upstream = cloudWith(imageBooted);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('POST /api/servers/[id]/snapshot: input validation', () => {
  it('refuses a path id that is not a UUID, sending nothing upstream', async () => {
    const r = await callRoute(POST, { params: { id: '../servers/detail' }, body: { name: 'x' } });
    expect(r.status).toBe(400);
    expect(r.json.error?.message).toMatch(/not an instance id \(a UUID\)/);
    expect(upstream.calls).toHaveLength(0);
  });

  it('refuses a name longer than 255 characters', async () => {
    const r = await callRoute(POST, { params: { id: SERVER }, body: { name: 'n'.repeat(256) } });
    expect(r.status).toBe(400);
    expect(r.json.error?.fields?.name).toBeTruthy();
    expect(upstream.calls).toHaveLength(0);
  });

  it('refuses an empty (or blank) name', async () => {
    const r = await callRoute(POST, { params: { id: SERVER }, body: { name: '   ' } });
    expect(r.status).toBe(400);
    expect(upstream.calls).toHaveLength(0);
  });

  it('refuses a metadata value over 255 bytes even when under 255 characters', async () => {
    const value = 'é'.repeat(128); // 128 characters, 256 bytes
    const r = await callRoute(POST, { params: { id: SERVER }, body: { name: 'ok', metadata: { purpose: value } } });
    expect(r.status).toBe(400);
    expect(r.json.error?.message).toMatch(/255 bytes/);
    expect(upstream.calls).toHaveLength(0);
  });

  it('refuses a metadata key over 255 bytes', async () => {
    const r = await callRoute(POST, { params: { id: SERVER }, body: { name: 'ok', metadata: { ['k'.repeat(256)]: 'v' } } });
    expect(r.status).toBe(400);
    expect(upstream.calls).toHaveLength(0);
  });

  it('refuses a request whose body is not JSON with 415', async () => {
    const r = await callRoute(POST, { params: { id: SERVER }, body: undefined, method: 'POST' });
    expect(r.status).toBe(415);
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('POST /api/servers/[id]/snapshot: the call', () => {
  it('reads the server and its boot image, then sends exactly one createImage with the name, the metadata and the record of how it is taken', async () => {
    const r = await callRoute(POST, { params: { id: SERVER }, body: { name: 'web-1-snapshot-2026-11-26', metadata: { purpose: 'test', snapdeck_taken_agent_channel: 'forged' } } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ imageId: IMAGE });
    expect(upstream.calls.map((c) => `${c.method} ${c.url.pathname.split('/').slice(-2).join('/')}`)).toEqual([`GET servers/${SERVER}`, `GET images/${BOOT_IMAGE}`, `POST ${SERVER}/action`]);
    expect(upstream.calls[2]?.body).toEqual({ createImage: { name: 'web-1-snapshot-2026-11-26', metadata: { purpose: 'test', ...TAKEN } } });
  });

  it('records an unknown channel when the boot image is gone, and still asks Nova', async () => {
    upstream = fakeUpstream((method, url) => {
      if (method === 'GET' && url.pathname.endsWith(`/servers/${SERVER}`)) return json(200, { server: { ...imageBooted.server, 'OS-EXT-STS:power_state': 0 } });
      if (method === 'POST') return json(202, { image_id: IMAGE });
      return json(404, { code: 404, title: 'Not Found', message: 'No image found' });
    });
    const r = await callRoute(POST, { params: { id: SERVER }, body: { name: 'orphan' } });
    expect(r.status).toBe(200);
    expect(upstream.calls.at(-1)?.body).toEqual({ createImage: { name: 'orphan', metadata: { ...TAKEN, snapdeck_taken_agent_channel: 'unknown', snapdeck_taken_require_quiesce: 'no', snapdeck_taken_power_state: 'nostate' } } });
  });

  it('explains Nova\'s 409 by naming the running task, and does not retry', async () => {
    upstream = fakeUpstream((method, url) => method === 'GET' ? json(200, url.pathname.includes('/images/') ? bootImage : imageBooted) : json(409, {
      conflictingRequest: { code: 409, message: `Cannot 'createImage' instance ${SERVER} while it is in task_state image_snapshot_pending` },
    }));
    const r = await callRoute(POST, { params: { id: SERVER }, body: { name: 'again' } });
    expect(r.status).toBe(409);
    expect(r.json.error?.message).toBe('A task is already running on this instance: Snapshot pending (task_state image_snapshot_pending). Nova accepts a new snapshot only when it has ended.');
    expect(upstream.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('passes a quota refusal as 403 with Nova\'s words', async () => {
    upstream = fakeUpstream((method, url) => method === 'GET' ? json(200, url.pathname.includes('/images/') ? bootImage : imageBooted) : json(403, { forbidden: { code: 403, message: 'Quota exceeded for snapshots: Requested 1, but already used 10 of 10 snapshots' } }));
    const r = await callRoute(POST, { params: { id: SERVER }, body: { name: 'q' } });
    expect(r.status).toBe(403);
    expect(r.json.error?.message).toMatch(/^A quota was exceeded: Quota exceeded for snapshots/);
  });
});

describe('POST /api/servers/[id]/snapshot: a volume-backed instance', () => {
  it('adds instance_uuid and image_type=snapshot to the metadata, after checking the Cinder quota', async () => {
    upstream = cloudWith(volumeBooted);
    const r = await callRoute(POST, { params: { id: SERVER }, body: { name: 'vol-snap', metadata: { purpose: 'test' } } });
    expect(r.status).toBe(200);
    const create = upstream.calls.find((c) => c.method === 'POST');
    expect(create?.body).toEqual({ createImage: { name: 'vol-snap', metadata: { purpose: 'test', ...TAKEN, /* the volume shows no image metadata */ snapdeck_taken_agent_channel: 'unknown', snapdeck_taken_require_quiesce: 'no', instance_uuid: SERVER, image_type: 'snapshot' } } });
    expect(upstream.calls.some((c) => c.url.pathname.endsWith('/limits'))).toBe(true);
  });

  it('refuses with the numbers, sending no createImage, when the snapshots quota is full', async () => {
    upstream = cloudWith(volumeBooted, withUsage(10, 20));
    const r = await callRoute(POST, { params: { id: SERVER }, body: { name: 'vol-snap' } });
    expect(r.status).toBe(403);
    expect(r.json.error?.message).toBe("Cinder would refuse this snapshot: it needs 1 more volume snapshot, and the project's snapshots quota has 10 of 10 used. Delete old volume snapshots or ask for a larger quota.");
    expect(upstream.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('refuses when the volume would not fit the gigabytes quota', async () => {
    upstream = cloudWith(volumeBooted, withUsage(0, 1000 - volumeShow.volume.size + 1));
    const r = await callRoute(POST, { params: { id: SERVER }, body: { name: 'vol-snap' } });
    expect(r.status).toBe(403);
    expect(r.json.error?.message).toMatch(new RegExp(`needs ${volumeShow.volume.size} GiB more of volume storage, and the project's gigabytes quota has ${1000 - volumeShow.volume.size + 1} of 1000 used`));
  });
});
