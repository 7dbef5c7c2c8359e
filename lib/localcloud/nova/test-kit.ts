// Test helper for the Nova tests: a compute call at a chosen microversion, read back as
// status, headers and parsed JSON. (Clouds, logins and polling: ../test-helpers.ts.)
import type { Hono } from 'hono';
import type { CloudEnv } from '../context';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Tests read arbitrary response shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** A compute call: `path` is under /compute (e.g. "/v2.1/servers/detail"). */
export async function compute(
  app: Hono<CloudEnv>, token: string | null, method: string, path: string,
  opts: { version?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (token) headers['X-Auth-Token'] = token;
  if (opts.version) headers['OpenStack-API-Version'] = `compute ${opts.version}`;
  if (opts.body !== undefined) headers['Content-Type'] ??= 'application/json';
  const res = await app.request(`/compute${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}
