import { afterEach, describe, expect, it, vi } from 'vitest';
import { callRoute, fakeUpstream, json } from '@/lib/instances/testing/route-harness';
import { GET } from './route';

vi.mock('@/lib/server/session', async () => (await import('@/lib/instances/testing/route-harness')).fakeSessionModule);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

const SERVER = 'b0000001-0000-4000-8000-000000000002';

describe('GET /api/servers/[id]/console', () => {
  it.each([[{ length: '0' }], [{ length: '5000' }], [{ length: 'all' }], [{ lines: '50' }]])('refuses %o before calling Nova', async (query) => {
    const upstream = fakeUpstream();
    const r = await callRoute(GET, { params: { id: SERVER }, query });
    expect(r.status).toBe(400);
    expect(upstream.calls).toHaveLength(0);
  });

  it('asks Nova for the last 50 lines by default', async () => {
    const upstream = fakeUpstream(() => json(200, { output: 'db-1 login: ' }));
    const r = await callRoute(GET, { params: { id: SERVER } });
    expect(r.json).toEqual({ output: 'db-1 login: ', length: 50 });
    expect(upstream.calls.map((c) => c.body)).toEqual([{ 'os-getConsoleOutput': { length: 50 } }]);
  });
});
