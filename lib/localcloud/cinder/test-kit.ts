// Test helper for the Cinder tests: a volume call at a chosen microversion, read back as
// status, headers and parsed JSON. (Clouds, logins and polling: ../test-helpers.ts.)
import type { Hono } from 'hono';
import type { CloudEnv } from '../context';
import { callCloud, type Reply } from '../test-helpers';
import { SEED } from '../state/seed';

export type { Reply };

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
  return callCloud(app, method, url, headers, opts.body);
}
