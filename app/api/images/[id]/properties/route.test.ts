import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Image } from '@/lib/openstack/image/images';

const DEMO = 'd0000000000000000000000000000001';
const session = {
  tokenId: 'token', expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  user: { id: 'u', name: 'demo', domainName: 'Default' }, project: { id: DEMO, name: 'demo' },
  region: 'RegionOne', regionCount: 1,
  endpoints: { identity: 'http://cloud/identity', compute: 'http://cloud/compute/v2.1', image: 'http://cloud/image', network: null },
  computeMicroversion: '2.93',
};

vi.mock('@/lib/server/session', () => ({ readSession: vi.fn(async () => ({ data: session })), endSession: vi.fn() }));
vi.mock('@/lib/server/app-config', () => ({ getConfig: () => ({ upstreamTimeoutMs: 1000 }) }));
vi.mock('@/lib/openstack/image/images', () => ({ getImage: vi.fn(), updateImage: vi.fn() }));

const images = await import('@/lib/openstack/image/images');
const { PATCH } = await import('./route');

const ID = 'a0000001-0000-4000-8000-000000000004';
const image = (over: Partial<Image> = {}): Image => ({
  id: ID, name: 'app-template', status: 'active', visibility: 'private', owner: DEMO, protected: false, hidden: false,
  diskFormat: 'qcow2', containerFormat: 'bare', minDisk: 10, minRam: 0, size: 5, virtualSize: null, checksum: null,
  hashAlgo: null, hashValue: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', tags: [], properties: {}, ...over,
});

function patch(body: unknown, id = ID, contentType = 'application/json') {
  const req = new NextRequest(`http://localhost/api/images/${id}/properties`, {
    method: 'PATCH', headers: { 'content-type': contentType, host: 'localhost', origin: 'http://localhost' }, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return PATCH(req, { params: Promise.resolve({ id }) });
}

beforeEach(() => {
  vi.mocked(images.getImage).mockReset();
  vi.mocked(images.updateImage).mockReset();
});

describe('PATCH /api/images/{id}/properties validation', () => {
  it.each([
    [{ property: 'owner', enabled: true }],
    [{ property: 'visibility', enabled: true }],
    [{ property: 'hw_disk_bus', enabled: true }],
    [{ property: 'hw_qemu_guest_agent', enabled: 'yes' }],
    [{ property: 'hw_qemu_guest_agent', enabled: true, op: 'replace' }],
    [[{ op: 'add', path: '/owner', value: 'x' }]],
  ])('refuses %j with 400 and sends nothing upstream', async (body) => {
    const res = await patch(body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.error.status).toBe(400);
    expect(images.getImage).not.toHaveBeenCalled();
    expect(images.updateImage).not.toHaveBeenCalled();
  });

  it('refuses a malformed id and a non-JSON body with 400, a wrong content type with 415', async () => {
    expect((await patch({ property: 'hw_qemu_guest_agent', enabled: true }, '../../v2/images')).status).toBe(400);
    expect((await patch('{not json')).status).toBe(400);
    expect((await patch({ property: 'hw_qemu_guest_agent', enabled: true }, ID, 'application/x-www-form-urlencoded')).status).toBe(415);
    expect(images.getImage).not.toHaveBeenCalled();
  });
});

describe('PATCH /api/images/{id}/properties authorisation and patch', () => {
  it('refuses another project’s public image with 403 before any write', async () => {
    vi.mocked(images.getImage).mockResolvedValue(image({ owner: 'admin-project', visibility: 'public' }));
    const res = await patch({ property: 'hw_qemu_guest_agent', enabled: true });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/only its owner/);
    expect(images.updateImage).not.toHaveBeenCalled();
  });

  it('adds "yes" on the project’s own image and answers the updated image', async () => {
    vi.mocked(images.getImage).mockResolvedValue(image());
    vi.mocked(images.updateImage).mockResolvedValue(image({ properties: { hw_qemu_guest_agent: 'yes' } }));
    const res = await patch({ property: 'hw_qemu_guest_agent', enabled: true });
    expect(res.status).toBe(200);
    expect(images.updateImage).toHaveBeenCalledWith(expect.anything(), ID, [{ op: 'add', path: '/hw_qemu_guest_agent', value: 'yes' }]);
    expect(await res.json()).toMatchObject({ id: ID, ownedByProject: true, ownerName: 'demo', properties: { hw_qemu_guest_agent: 'yes' } });
  });

  it('turning off a property that is not there writes nothing', async () => {
    vi.mocked(images.getImage).mockResolvedValue(image());
    const res = await patch({ property: 'os_require_quiesce', enabled: false });
    expect(res.status).toBe(200);
    expect(images.updateImage).not.toHaveBeenCalled();
  });
});
