// Composes the local cloud: request log and fault injection around every request, then
// one Hono sub-app per service under DevStack-like path prefixes.
import { Hono } from 'hono';
import type { CloudContext, CloudEnv } from './context';
import { keystoneRoutes } from './keystone/routes';
import { novaRoutes } from './nova/routes';
import { glanceRoutes } from './glance/routes';
import { regionCloud, regionComputePath, regionImagePath } from './regions';
import { neutronRoutes } from './neutron/routes';
import { cinderRoutes } from './cinder/routes';
import { mistralRoutes } from './mistral/routes';
import { serviceOptions } from './config';
import { adminRoutes } from './control/admin';
import { applyFaults, InjectedConnectionReset } from './control/faults';

const serviceOf = (path: string) => {
  const first = path.split('/')[1] ?? '';
  switch (first) {
    case 'identity': return 'identity' as const;
    case 'compute': return 'compute' as const;
    case 'image': return 'image' as const;
    case 'network': return 'network' as const;
    case 'volume': return 'volume' as const;
    case 'workflow': return 'workflow' as const;
    case '__admin': return 'admin' as const;
    default: return 'other' as const;
  }
};

export function createCloudApp(cloud: CloudContext, opts: { log?: (line: string) => void } = {}): Hono<CloudEnv> {
  const app = new Hono<CloudEnv>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    const url = new URL(c.req.url);
    const requestId = `req-${crypto.randomUUID()}`;
    c.set('requestId', requestId);
    await next();
    const service = serviceOf(url.pathname);
    // Mistral has no request-id middleware (mistral/api/app.py): its answers carry none.
    if (service !== 'admin' && service !== 'workflow') {
      c.header('x-openstack-request-id', requestId);
      if (service === 'compute') c.header('x-compute-request-id', requestId);
    }
    const ms = Math.round((performance.now() - started) * 10) / 10;
    if (service !== 'admin') {
      cloud.state.logRequest({
        at: new Date().toISOString(), method: c.req.method, path: url.pathname,
        query: url.search.replace(/^\?/, ''), status: c.res.status, ms, service,
      });
    }
    opts.log?.(`${c.req.method} ${url.pathname}${url.search} ${c.res.status} ${ms}ms`);
  });

  app.route('/__admin', adminRoutes(cloud));
  app.use('*', applyFaults(cloud));
  app.route('/identity', keystoneRoutes(cloud));
  // Other regions' Novas and Glances first: /compute and /image would answer their paths.
  for (const region of serviceOptions(cloud).regions.slice(1)) {
    app.route(regionComputePath(cloud, region), novaRoutes(regionCloud(cloud, region)));
  }
  app.route('/compute', novaRoutes(cloud));
  for (const region of serviceOptions(cloud).regions.slice(1)) {
    app.route(regionImagePath(cloud, region), glanceRoutes(regionCloud(cloud, region), region));
  }
  app.route('/image', glanceRoutes(cloud));
  app.route('/network', neutronRoutes(cloud));
  // --no-cinder: no catalog entry, and /volume is an unknown path.
  if (serviceOptions(cloud).cinder) app.route('/volume', cinderRoutes(cloud));
  // --no-mistral: no catalog entry, no engine, and /workflow is an unknown path.
  if (serviceOptions(cloud).mistral) app.route('/workflow', mistralRoutes(cloud, { dispatch: (req) => Promise.resolve(app.fetch(req)), log: opts.log }));
  app.get('/', (c) => c.json({ name: 'snapdeck-localcloud', services: ['/identity', '/compute', '/image', '/network'] }));
  app.notFound((c) => c.text('404 Not Found\n\nThe resource could not be found.\n', 404));
  app.onError((err, c) => {
    // An injected connection reset must reach in-process callers as a failure, not a 500.
    if (err instanceof InjectedConnectionReset) throw err;
    opts.log?.(`error: ${err instanceof Error ? err.stack : String(err)}`);
    return c.json({ error: { code: 500, title: 'Internal Server Error', message: 'An unexpected error prevented the server from fulfilling your request.' } }, 500);
  });
  return app;
}
