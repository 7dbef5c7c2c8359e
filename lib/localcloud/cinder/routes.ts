// Cinder (block storage API v3) of the local cloud, mounted at /volume as on DevStack: `/`
// lists the versions (300), `/v3/` describes v3 (200; no token needed, as cinder's urlmap
// serves it), and `/v3/<project_id>/...` is the API behind keystonemiddleware. The
// catalog's URL carries the project (`/v3/%(project_id)s`), as on the spike's Zed cloud.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { requireToken } from '../auth';
import type { CloudContext, CloudEnv } from '../context';
import { webobError } from '../errors';
import type { CinderEnv } from './common';
import { cinderFault } from './errors';
import { echoVersion, MAX_VERSION, MIN_VERSION, negotiate, VERSION_UPDATED } from './microversion';
import { resourceRoutes } from './resources';
import { snapshotRoutes } from './snapshots';
import { volumeRoutes } from './volumes';

/** cinder/api/versions.py _KNOWN_VERSIONS, with the self link the view adds. */
const versions = (publicUrl: string) => ({
  versions: [{
    id: 'v3.0',
    status: 'CURRENT',
    version: MAX_VERSION,
    min_version: MIN_VERSION,
    updated: VERSION_UPDATED,
    links: [
      { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
      { rel: 'self', href: `${publicUrl}/volume/v3/` },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
  }],
});

export function cinderRoutes(cloud: CloudContext): Hono<CloudEnv> {
  const api = new Hono<CinderEnv>();
  const auth = requireToken(cloud, 'keystone');

  api.get('/', (c) => c.json(versions(cloud.publicUrl), 300));
  // `/volume/` as well as `/volume`: an optional-slash parameter under the mount point.
  api.get('/:trailingSlash{/?}', (c) => c.json(versions(cloud.publicUrl), 300));
  api.get('/v3', (c) => c.json(versions(cloud.publicUrl)));
  api.get('/v3/', (c) => c.json(versions(cloud.publicUrl)));

  api.use('/v3/:project_id/*', async (c, next) => {
    const denied = await auth(c as unknown as Context<CloudEnv>, async () => undefined);
    if (denied) return denied;
    const negotiated = negotiate(c);
    if ('error' in negotiated) return negotiated.error;
    c.set('version', negotiated.version);
    // cinder's wsgi sets the context's request id as x-compute-request-id too.
    c.header('x-compute-request-id', c.get('requestId'));
    // wsgi.Resource: a URL naming another project than the token's is refused.
    if (c.req.param('project_id') !== c.get('auth').project?.id) {
      const res = cinderFault(c, 400, 'Malformed request url');
      echoVersion(c, negotiated.version);
      return res;
    }
    await next();
    echoVersion(c, negotiated.version);
  });

  volumeRoutes(cloud, api);
  snapshotRoutes(cloud, api);
  resourceRoutes(cloud, api);

  // Paths cinder's router does not know: a plain webob 404.
  api.all('/v3/*', (c) => webobError(c, 404, 'The resource could not be found.'));

  const app = new Hono<CloudEnv>();
  app.route('/', api as unknown as Hono<CloudEnv>);
  return app;
}
