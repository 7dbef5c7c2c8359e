// Test helper for the Cinder tests: a volume call at a chosen microversion, read back as
// status, headers and parsed JSON. (Clouds, logins and polling: ../test-helpers.ts.)
import type { Hono } from 'hono';
import type { CloudEnv } from '../context';
import { SEED } from '../state/seed';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Tests read arbitrary response shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** A volume call: `path` is under /volume/v3/<project> (e.g. "/volumes/detail"); `project`
 * defaults to demo; a path under "/volume/" is taken as is. */
export async function volume(
  app: Hono<CloudEnv>, token: string | null, method: string, path: string,
  opts: { version?: string | null; body?: unknown; project?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (token) headers['X-Auth-Token'] = token;
  if (opts.version !== null) headers['OpenStack-API-Version'] = `volume ${opts.version ?? '3.70'}`;
  if (opts.body !== undefined) headers['Content-Type'] ??= 'application/json';
  const url = /^\/volume(\/|$)/.test(path) ? path : `/volume/v3/${opts.project ?? SEED.projects.demo}${path}`;
  const res = await app.request(url, {
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
