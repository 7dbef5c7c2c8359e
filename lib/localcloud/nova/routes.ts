// Nova (compute API v2.1) of the local cloud, mounted at /compute as on DevStack:
// `/` lists the API versions, `/v2.1` and `/v2.1/` describe v2.1 (no token needed, as
// nova's urlmap serves them), and `/v2.1/...` is the API behind keystonemiddleware.
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { requireToken } from '../auth';
import type { CloudContext, CloudEnv } from '../context';
import { webobError } from '../errors';
import { actionRoutes } from './actions';
import { availabilityZoneRoutes } from './availability-zones';
import { recoverInterruptedTasks } from './boot';
import type { NovaEnv } from './common';
import { instanceActionRoutes } from './instance-actions';
import { echoVersion, MAX_VERSION, MIN_VERSION, negotiate } from './microversion';
import { resourceRoutes } from './resources';
import { serverRoutes } from './servers';
import { volumeAttachmentRoutes } from './volume-attachments';
import { computeRoot } from '../regions';

/** nova/api/openstack/compute/versions.py, as Zed has them. */
const versionsList = (root: string) => ({
  versions: [
    { id: 'v2.0', links: [{ href: `${root}/v2/`, rel: 'self' }], status: 'DEPRECATED', version: '', min_version: '', updated: '2011-01-21T11:33:21Z' },
    { id: 'v2.1', links: [{ href: `${root}/v2.1/`, rel: 'self' }], status: 'CURRENT', version: MAX_VERSION, min_version: MIN_VERSION, updated: '2013-07-23T11:33:21Z' },
  ],
});

/** The v2.1 version document (capture nova-00). */
const versionDoc = (root: string) => ({
  version: {
    id: 'v2.1',
    status: 'CURRENT',
    version: MAX_VERSION,
    min_version: MIN_VERSION,
    updated: '2013-07-23T11:33:21Z',
    links: [
      { rel: 'self', href: `${root}/v2.1/` },
      { rel: 'describedby', type: 'text/html', href: 'http://docs.openstack.org/' },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
  },
});

/** Picks the request's microversion (400/406 when it cannot) and echoes it on the answer. */
const microversion: MiddlewareHandler<NovaEnv> = async (c, next) => {
  const negotiated = negotiate(c);
  if ('error' in negotiated) return negotiated.error;
  c.set('version', negotiated.version);
  await next();
  echoVersion(c, negotiated.version);
};

/** `/v2.1` or `/v2.1/` under the mount point (whatever prefix it has). */
const isVersionDoc = (path: string) => {
  const rest = path.slice(path.indexOf('/v2.1'));
  return rest === '/v2.1' || rest === '/v2.1/';
};

export function novaRoutes(cloud: CloudContext): Hono<CloudEnv> {
  // A cloud loaded from a state file may hold servers caught mid-task by the last stop.
  recoverInterruptedTasks(cloud);

  const api = new Hono<NovaEnv>();
  const auth = requireToken(cloud, 'keystone');
  api.use('/v2.1/*', async (c, next) => (isVersionDoc(c.req.path) ? next() : auth(c as unknown as Context<CloudEnv>, next)));
  api.use('/v2.1', microversion);
  api.use('/v2.1/*', microversion);

  api.get('/', (c) => c.json(versionsList(computeRoot(cloud))));
  // `/compute/` as well as `/compute`: an optional-slash parameter under the mount point.
  api.get('/:trailingSlash{/?}', (c) => c.json(versionsList(computeRoot(cloud))));
  api.get('/v2.1', (c) => c.json(versionDoc(computeRoot(cloud))));
  api.get('/v2.1/', (c) => c.json(versionDoc(computeRoot(cloud))));

  serverRoutes(cloud, api);
  actionRoutes(cloud, api);
  instanceActionRoutes(cloud, api);
  resourceRoutes(cloud, api);
  availabilityZoneRoutes(cloud, api);
  volumeAttachmentRoutes(cloud, api);

  // Paths nova's router does not know: a plain webob 404.
  api.all('/v2.1/*', (c) => webobError(c, 404, 'The resource could not be found.'));

  const app = new Hono<CloudEnv>();
  app.route('/', api as unknown as Hono<CloudEnv>);
  return app;
}
