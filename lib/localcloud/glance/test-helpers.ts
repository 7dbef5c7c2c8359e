// Test fixture for the Glance tests: a seeded cloud driven in-process through the whole
// app (createCloudApp), with tokens issued by its Keystone for the seed users.
import { createCloudApp } from '../app';
import type { CloudContext } from '../context';
import { createSeed, seedBulk } from '../state/seed';
import { CloudState } from '../state/state';
import { login } from '../test-helpers';

export const PUBLIC_URL = 'http://127.0.0.1:5480';

export type SeedUser = 'demo' | 'alt' | 'admin';
const PROJECT_OF: Record<SeedUser, string> = { demo: 'demo', alt: 'alt-demo', admin: 'admin' };

export function makeGlanceCloud(opts: { bulkImages?: number } = {}) {
  const data = createSeed();
  if (opts.bulkImages) seedBulk(data, { images: opts.bulkImages });
  const state = new CloudState(data, { snapshotPhaseMs: 0, buildMs: 0, powerMs: 0, tokenTtlSeconds: 3600 });
  const timers = new Set<NodeJS.Timeout>();
  const cloud: CloudContext = {
    state,
    publicUrl: PUBLIC_URL,
    timers,
    later(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
  };
  const app = createCloudApp(cloud);

  /** Signs in through Keystone, as a client would. */
  const token = (user: SeedUser = 'demo', project: string = PROJECT_OF[user]) => login(app, user, project);

  /** A request to the cloud; `Accept: application/json` unless told otherwise (null = none). */
  function request(method: string, path: string, o: { token?: string; headers?: Record<string, string>; body?: BodyInit; json?: unknown; accept?: string | null } = {}) {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.accept !== null) headers.Accept = o.accept ?? 'application/json';
    if (o.token) headers['X-Auth-Token'] = o.token;
    let body = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['Content-Type'] ??= 'application/json';
    }
    return app.request(path, { method, headers, body });
  }

  return { cloud, state, app, token, request };
}

export const PATCH_TYPE = 'application/openstack-images-v2.1-json-patch';

/** The JSON error body of Glance (webob) for a detail, as with `Accept: application/json`. */
export const webobJson = (status: string, detail: string) => ({
  message: `${detail}<br /><br />\n\n\n`,
  code: status,
  title: status.replace(/^\d+ /, ''),
});
