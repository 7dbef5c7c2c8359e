// Test helper for the Nova tests: a compute call at a chosen microversion, read back as
// status, headers and parsed JSON. (Clouds, logins and polling: ../test-helpers.ts.)
import type { Hono } from 'hono';
import type { CloudEnv } from '../context';
import { callCloud, type Reply } from '../test-helpers';

export type { Reply };

/** A compute call: `path` is under /compute (e.g. "/v2.1/servers/detail"). */
export async function compute(
  app: Hono<CloudEnv>, token: string | null, method: string, path: string,
  opts: { version?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (token) headers['X-Auth-Token'] = token;
  if (opts.version) headers['OpenStack-API-Version'] = `compute ${opts.version}`;
  if (opts.body !== undefined) headers['Content-Type'] ??= 'application/json';
  return callCloud(app, method, `/compute${path}`, headers, opts.body);
}
