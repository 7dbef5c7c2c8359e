// Glance's 416 (a range that does not fit the data) reaches the browser as a 416 that names
// the size, not as a 502: found by routes.fuzz.test.ts with `Range: bytes=99999999999-`.
import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { OpenStackError } from '@/lib/openstack/errors';
import type { Image } from '@/lib/openstack/image/images';

const session = {
  tokenId: 'token', expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  user: { id: 'u', name: 'demo', domainName: 'Default' }, project: { id: 'p', name: 'demo' },
  region: 'RegionOne', regionCount: 1,
  endpoints: { identity: 'http://cloud/identity', compute: 'http://cloud/compute/v2.1', image: 'http://cloud/image', network: null },
  computeMicroversion: '2.93',
};

vi.mock('@/lib/server/session', () => ({ readSession: vi.fn(async () => ({ data: session })), endSession: vi.fn() }));
vi.mock('@/lib/server/app-config', () => ({ getConfig: () => ({ upstreamTimeoutMs: 1000 }) }));
vi.mock('@/lib/openstack/image/images', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/openstack/image/images')>()),
  getImage: vi.fn(),
  downloadImage: vi.fn(),
}));

const images = await import('@/lib/openstack/image/images');
const { GET } = await import('./route');

const ID = 'a0000001-0000-4000-8000-000000000001';
const image = (over: Partial<Image> = {}): Image => ({
  id: ID, name: 'debian-12', status: 'active', visibility: 'public', owner: 'o', protected: false, hidden: false,
  diskFormat: 'qcow2', containerFormat: 'bare', minDisk: 0, minRam: 0, size: 7_340_032, virtualSize: null, checksum: null,
  hashAlgo: null, hashValue: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', tags: [], properties: {}, ...over,
});
const glanceError = (status: number) =>
  new OpenStackError({ service: 'image', method: 'GET', status, kind: 'http', requestId: 'req-1', safeMessage: 'The Range requested is not available.' });

const download = (range: string) =>
  GET(new NextRequest(`http://localhost/api/images/${ID}/file`, { headers: { host: 'localhost', range } }), { params: Promise.resolve({ id: ID }) });

beforeEach(() => {
  vi.mocked(images.getImage).mockReset().mockResolvedValue(image());
  vi.mocked(images.downloadImage).mockReset();
});

describe('GET /api/images/{id}/file with a range that does not fit', () => {
  it('answers 416 with the size in Content-Range', async () => {
    vi.mocked(images.downloadImage).mockRejectedValue(glanceError(416));
    const res = await download('bytes=99999999999-');
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */7340032');
    expect(await res.json()).toEqual({
      error: { status: 416, message: "The requested byte range does not fit the image's data (7340032 bytes).", requestId: 'req-1' },
    });
    expect(vi.mocked(images.downloadImage).mock.calls[0]![2]).toMatchObject({ range: 'bytes=99999999999-' });
  });

  it('leaves Content-Range out when Glance gave no size', async () => {
    vi.mocked(images.getImage).mockResolvedValue(image({ size: null }));
    vi.mocked(images.downloadImage).mockRejectedValue(glanceError(416));
    const res = await download('bytes=5-1');
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBeNull();
  });

  it('maps other Glance failures as before', async () => {
    vi.mocked(images.downloadImage).mockRejectedValue(glanceError(403));
    expect((await download('bytes=0-9')).status).toBe(403);
  });
});
