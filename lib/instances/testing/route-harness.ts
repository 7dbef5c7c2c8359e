// Calls a route handler as Next.js would, with a fake signed-in session and a recording
// fetch standing in for the cloud: tests see exactly what went upstream (or that nothing did).
import { NextRequest } from 'next/server';
import { vi } from 'vitest';
import type { SessionData } from '@/lib/server/session';

export const CLOUD = 'http://cloud.test';

export const FAKE_SESSION: SessionData = {
  tokenId: 'gAAAAA-test-token',
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  user: { id: 'u1', name: 'demo', domainName: 'Default' },
  project: { id: 'p1', name: 'demo' },
  region: 'RegionOne',
  regionCount: 1,
  endpoints: { identity: `${CLOUD}/identity`, compute: `${CLOUD}/compute/v2.1`, image: `${CLOUD}/image`, network: null, volume: `${CLOUD}/volume/v3/p1` },
  computeMicroversion: '2.93',
  volumeMicroversion: '3.70',
};

/** For `vi.mock('@/lib/server/session', …)`: always signed in as FAKE_SESSION. */
export const fakeSessionModule = {
  readSession: async () => ({ data: FAKE_SESSION }),
  endSession: async () => undefined,
};

export interface Upstream {
  calls: { method: string; url: URL; body: unknown }[];
}

/** Replaces fetch: records each upstream request and answers with `respond`. */
export function fakeUpstream(respond: (method: string, url: URL, body: unknown) => Response = () => new Response(null, { status: 500 })): Upstream {
  vi.stubEnv('SNAPDECK_AUTH_URL', `${CLOUD}/identity`);
  vi.stubEnv('SNAPDECK_SESSION_PASSWORDS', 'route-test-session-password-0123456789abcdef');
  const upstream: Upstream = { calls: [] };
  vi.stubGlobal('fetch', vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    const text = await req.text();
    const body = text ? JSON.parse(text) : null;
    const url = new URL(req.url);
    upstream.calls.push({ method: req.method, url, body });
    return respond(req.method, url, body);
  }));
  return upstream;
}

type Handler = (req: NextRequest, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function callRoute(handler: Handler, opts: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown; method?: string } = {}) {
  const url = new URL('http://snapdeck.test/api/x');
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  // As a browser on the app's own page sends it: Host, and Origin on anything but GET.
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const init: { method: string; headers: Record<string, string>; body?: string } = { method, headers: { Host: url.host } };
  if (method !== 'GET' && method !== 'HEAD') init.headers.Origin = url.origin;
  if (opts.body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  const res = await handler(new NextRequest(url, init), { params: Promise.resolve(opts.params ?? {}) });
  const json = (await res.json()) as Record<string, unknown> & { error?: { status: number; message: string; fields?: Record<string, string> } };
  return { status: res.status, json };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
