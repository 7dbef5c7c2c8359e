// Neutron v2.0, networks only: what a dashboard needs to offer networks at launch. Filters,
// fields and pagination follow neutron/api/v2/base.py and api_common.py.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { requireToken } from '../auth';
import { serviceOptions } from '../config';
import type { AuthInfo, CloudContext, CloudEnv } from '../context';
import { serviceUrls } from '../context';
import { neutronError } from '../errors';
import type { Network } from '../state/state';

type NetworkView = Record<string, unknown>;

function networkView(n: Network, admin: boolean): NetworkView {
  const view: NetworkView = {
    id: n.id,
    name: n.name,
    tenant_id: n.projectId,
    admin_state_up: n.adminStateUp,
    mtu: n.mtu,
    status: n.status,
    subnets: n.subnets,
    shared: n.shared,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    'router:external': n.external,
    // Only an external network can be the default of auto-allocated topologies.
    is_default: n.external,
    description: '',
    port_security_enabled: true,
    qos_policy_id: null,
    l2_adjacency: true,
    tags: [],
    created_at: n.createdAt,
    updated_at: n.updatedAt,
    revision_number: 1,
    project_id: n.projectId,
  };
  if (admin) {
    // Admins also see the provider extension (policy get_network:provider:*).
    view['provider:network_type'] = n.external ? 'flat' : 'vxlan';
    view['provider:physical_network'] = n.external ? 'public' : null;
    view['provider:segmentation_id'] = n.external ? null : 1000 + parseInt(n.id.slice(-4), 16) % 1000;
  }
  return view;
}

const visible = (n: Network, auth: AuthInfo) => auth.isAdmin || n.shared || n.projectId === auth.project?.id;

/** neutron_lib.api.converters.convert_to_boolean */
function toBoolean(v: string): boolean | null {
  const s = v.toLowerCase();
  if (['true', '1', 't', 'yes', 'y', 'on'].includes(s)) return true;
  if (['false', '0', 'f', 'no', 'n', 'off'].includes(s)) return false;
  return null;
}

const BOOLEAN_ATTRS = new Set(['shared', 'router:external', 'admin_state_up', 'is_default', 'port_security_enabled', 'l2_adjacency']);
const FILTERABLE = new Set(['id', 'name', 'tenant_id', 'project_id', 'status', 'mtu', 'description', 'revision_number', ...BOOLEAN_ATTRS]);
const RESERVED = new Set(['fields', 'limit', 'marker', 'page_reverse', 'sort_key', 'sort_dir']);

class BadFilter extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

/** Same key repeated = any of the values, different keys = all must match. */
function buildFilter(query: Record<string, string[]>): (v: NetworkView) => boolean {
  const tests: ((v: NetworkView) => boolean)[] = [];
  const invalid = Object.keys(query).filter((k) => !RESERVED.has(k) && !FILTERABLE.has(k));
  if (invalid.length) throw new BadFilter('HTTPBadRequest', `[${invalid.map((k) => `'${k}'`).join(', ')}] is invalid attribute for filtering`);
  for (const [key, values] of Object.entries(query)) {
    if (RESERVED.has(key)) continue;
    if (BOOLEAN_ATTRS.has(key)) {
      const wanted = values.map((raw) => {
        const b = toBoolean(raw);
        if (b === null) throw new BadFilter('InvalidInput', `Invalid input for operation: '${raw}' cannot be converted to boolean.`);
        return b;
      });
      tests.push((v) => wanted.includes(v[key] as boolean));
    } else {
      tests.push((v) => values.includes(String(v[key])));
    }
  }
  return (v) => tests.every((t) => t(v));
}

function pickFields(view: NetworkView, fields: string[]): NetworkView {
  if (fields.length === 0) return view;
  return Object.fromEntries(fields.filter((f) => f in view).map((f) => [f, view[f]]));
}

function notFound(c: Context, id: string): Response {
  return neutronError(c, 404, 'NetworkNotFound', `Network ${id} could not be found.`);
}

export function neutronRoutes(cloud: CloudContext): Hono<CloudEnv> {
  const app = new Hono<CloudEnv>();
  const base = () => `${serviceUrls(cloud.publicUrl).network}`;

  // A cloud without Neutron: the prefix answers nothing, as an unrouted path does.
  app.use('*', async (c, next) => {
    if (!serviceOptions(cloud).neutron) return c.text('404 Not Found\n\nThe resource could not be found.\n', 404);
    await next();
  });

  const versions = (c: Context) => c.json({
    versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: `${base()}/v2.0/`, rel: 'self' }] }],
  });
  app.get('/', versions);

  app.use('/v2.0/*', requireToken(cloud, 'keystone'));
  app.use('/v2.0', requireToken(cloud, 'keystone'));

  const resources = (c: Context) => c.json({
    resources: (['subnet', 'network', 'port'] as const).map((name) => ({
      links: [{ href: `${base()}/v2.0/${name}s`, rel: 'self' }], name, collection: `${name}s`,
    })),
  });
  app.get('/v2.0', resources);
  app.get('/v2.0/', resources);

  app.get('/v2.0/networks', (c) => {
    const auth = c.get('auth');
    const query = c.req.queries();
    let filter: (v: NetworkView) => boolean;
    try {
      filter = buildFilter(query);
    } catch (err) {
      if (err instanceof BadFilter) return neutronError(c, 400, err.type, err.message);
      throw err;
    }
    const limitRaw = query.limit?.[0];
    const limit = limitRaw === undefined ? 0 : /^\d+$/.test(limitRaw) ? Number(limitRaw) : NaN;
    if (Number.isNaN(limit)) {
      return neutronError(c, 400, 'BadRequest', `Bad limit request: Limit must be an integer 0 or greater and not '${limitRaw}'.`);
    }
    const reverse = toBoolean(query.page_reverse?.[0] ?? 'false') === true;
    // Paginated lists are sorted by id, as the pagination helper does when no sort is given.
    let all = cloud.state.data.networks.filter((n) => visible(n, auth)).map((n) => networkView(n, auth.isAdmin)).filter(filter);
    if (limit > 0 || query.marker) all = all.sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const marker = query.marker?.[0];
    if (marker !== undefined) {
      const at = all.findIndex((v) => v.id === marker);
      if (at < 0) return notFound(c, marker);
      all = reverse ? all.slice(0, at) : all.slice(at + 1);
    }
    const page = limit > 0 ? (reverse ? all.slice(-limit) : all.slice(0, limit)) : all;
    const fields = query.fields ?? [];
    const body: Record<string, unknown> = { networks: page.map((v) => pickFields(v, fields)) };
    if (limit > 0) {
      // As neutron's pagination helper: a link onwards when the page was full and more exist,
      // a link back when a marker was given.
      const link = (rel: 'next' | 'previous', m: unknown) => {
        const params = new URLSearchParams();
        for (const [k, vs] of Object.entries(query)) if (k !== 'marker' && k !== 'page_reverse') for (const v of vs) params.append(k, v);
        params.set('marker', String(m));
        if (rel === 'previous') params.set('page_reverse', 'True');
        return { rel, href: `${base()}/v2.0/networks?${params.toString()}` };
      };
      const more = all.length > limit;
      const first = page[0]?.id;
      const last = page[page.length - 1]?.id;
      const links: { rel: string; href: string }[] = [];
      if (first !== undefined && last !== undefined) {
        if (reverse ? marker !== undefined : more) links.push(link('next', last));
        if (reverse ? more : marker !== undefined) links.push(link('previous', first));
      }
      body.networks_links = links;
    }
    return c.json(body);
  });

  app.get('/v2.0/networks/:id', (c) => {
    const auth = c.get('auth');
    const id = c.req.param('id');
    const n = cloud.state.data.networks.find((x) => x.id === id);
    if (!n || !visible(n, auth)) return notFound(c, id);
    return c.json({ network: pickFields(networkView(n, auth.isAdmin), c.req.queries('fields') ?? []) });
  });

  app.all('*', (c) => {
    if (c.req.path === '/network/' && c.req.method === 'GET') return versions(c);
    return neutronError(c, 404, 'HTTPNotFound', 'The resource could not be found.');
  });

  return app;
}
