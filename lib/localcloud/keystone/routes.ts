// Keystone v3, the part clients use: version discovery, password/token authentication with
// project scope, token validation and revocation, the caller's projects and catalog. Shapes
// follow the Zed captures (keystone-0*.http); messages follow keystone/exception.py.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import { keystone401, resolveToken } from '../auth';
import { serviceOptions } from '../config';
import type { AuthInfo, CloudContext, CloudEnv } from '../context';
import { serviceUrls } from '../context';
import { keystoneError } from '../errors';
import { regionComputePath, regionImagePath } from '../regions';
import type { Project, Token, User } from '../state/state';
import { keystoneTime } from '../state/state';

/** Keystone keeps the audit id of the token a rescoped token came from (audit_ids[1]). */
export interface KeystoneToken extends Token {
  parentAuditId?: string;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
export const roleId = (name: string): string => md5(`role:${name}`);
/** Fernet tokens are ~183 url-safe characters starting with gAAAAA; clients size buffers by that. */
const newTokenId = () => `gAAAAAB${randomBytes(132).toString('base64url')}`;
const newAuditId = () => randomBytes(16).toString('base64url');
/** Fernet tokens carry whole seconds: issued_at/expires_at end in .000000Z. */
const wholeSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);
/** Keystone validates expired tokens with ?allow_expired within this window ([token] allow_expired_window). */
const ALLOW_EXPIRED_WINDOW_MS = 48 * 3600 * 1000;

const VERSION_UPDATED = '2020-04-07T00:00:00Z';

const versionBody = (identityUrl: string) => ({
  id: 'v3.14',
  status: 'stable',
  updated: VERSION_UPDATED,
  links: [{ rel: 'self', href: `${identityUrl}/v3/` }],
  'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
});

// Catalog ------------------------------------------------------------------------------

interface CatalogEndpoint { id: string; interface: string; region_id: string; url: string; region: string }
export interface CatalogService { endpoints: CatalogEndpoint[]; id: string; type: string; name: string }

/** The service catalog, in the capture's order (identity, image, compute, then network),
 * then the services Zed's tier adds (workflow, block storage), with public/internal/admin
 * endpoints in every configured region. */
export function buildCatalog(cloud: CloudContext, projectId?: string): CatalogService[] {
  const { regions, neutron, mistral, cinder } = serviceOptions(cloud);
  const urls = serviceUrls(cloud.publicUrl);
  const services: { type: string; name: string; url: string }[] = [
    { type: 'identity', name: 'keystone', url: urls.identity },
    { type: 'image', name: 'glance', url: urls.image },
    { type: 'compute', name: 'nova', url: urls.compute },
    ...(neutron ? [{ type: 'network', name: 'neutron', url: urls.network }] : []),
    ...(mistral ? [{ type: 'workflowv2', name: 'mistral', url: urls.workflow }] : []),
    // Cinder v3 under both of its types, as the spike's cinder-up registers it; the URL holds
    // the project (`/v3/%(project_id)s`), so only a project-scoped catalog has it.
    ...(cinder && projectId ? [
      { type: 'block-storage', name: 'cinder', url: `${cloud.publicUrl}/volume/v3/${projectId}` },
      { type: 'volumev3', name: 'cinderv3', url: `${cloud.publicUrl}/volume/v3/${projectId}` },
    ] : []),
  ];
  return services.map((s) => ({
    endpoints: regions.flatMap((region) => (['public', 'internal', 'admin'] as const).map((iface) => ({
      id: md5(`endpoint:${region}:${s.type}:${iface}`), interface: iface, region_id: region, region,
      // Each region has its own Glance and Nova (regions.ts); the other services are shared.
      url: s.type === 'image' ? `${cloud.publicUrl}${regionImagePath(cloud, region)}`
        : s.type === 'compute' ? `${cloud.publicUrl}${regionComputePath(cloud, region)}/v2.1` : s.url,
    }))),
    id: md5(`service:${s.type}`),
    type: s.type,
    name: s.name,
  }));
}

// Token bodies -------------------------------------------------------------------------

function tokenBody(cloud: CloudContext, token: KeystoneToken, withCatalog: boolean) {
  const { state } = cloud;
  const user = state.user(token.userId);
  const domainOf = (id: string) => ({ id, name: state.data.domains.find((d) => d.id === id)?.name ?? id });
  const body: Record<string, unknown> = {
    methods: token.methods,
    user: user
      ? { domain: domainOf(user.domainId), id: user.id, name: user.name, password_expires_at: null }
      : { id: token.userId },
    audit_ids: token.parentAuditId ? [token.auditId, token.parentAuditId] : [token.auditId],
    expires_at: token.expiresAt,
    issued_at: token.issuedAt,
  };
  const project = token.projectId ? state.project(token.projectId) : undefined;
  if (project) {
    body.project = { domain: domainOf(project.domainId), id: project.id, name: project.name };
    body.is_domain = false;
    const roles = user?.assignments.find((a) => a.projectId === project.id)?.roles ?? [];
    body.roles = roles.map((name) => ({ id: roleId(name), name }));
    if (withCatalog) body.catalog = buildCatalog(cloud, project.id);
  }
  return { token: body };
}

// Request validation ---------------------------------------------------------------------

const ref = z.object({ id: z.string().min(1).optional(), name: z.string().min(1).optional() }).loose();
const scopedRef = ref.extend({ domain: ref.optional() });
const authRequestSchema = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()).min(1),
      password: z.object({ user: scopedRef.extend({ password: z.string() }) }).loose().optional(),
      token: z.object({ id: z.string().min(1) }).loose().optional(),
    }).loose(),
    scope: z.union([z.literal('unscoped'), z.object({ project: scopedRef.optional() }).loose()]).optional(),
  }).loose(),
}).loose();


/** "Invalid input for field 'identity/password/user': 'password' is a required property",
 * as keystone/common/validation/validators.py words jsonschema errors. */
function schemaMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid input.';
  let path = issue.path.map(String);
  let message = issue.message;
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    message = `'${path[path.length - 1] ?? ''}' is a required property`;
    path = path.slice(0, -1);
  } else if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    message = `${JSON.stringify(issue.input)} is not of type '${issue.code === 'invalid_type' ? issue.expected : 'object'}'`;
  } else if (issue.code === 'too_small') {
    message = `${JSON.stringify(issue.input)} is too short`;
  }
  return path.length ? `Invalid input for field '${path.join('/')}': ${message}` : message;
}

/** keystone.exception.ValidationError's wording. */
const expecting = (attribute: string, target: string) =>
  `Expecting to find ${attribute} in ${target}. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.`;

class AuthFailure extends Error {
  constructor(readonly status: 400 | 401, message: string) {
    super(message);
  }
}
const unauthorized = () => new AuthFailure(401, 'The request you have made requires authentication.');

type AuthRequest = z.infer<typeof authRequestSchema>['auth'];
type Ref = z.infer<typeof scopedRef>;

function findDomainId(cloud: CloudContext, d: Ref['domain'], target: string): string {
  if (!d || (!d.id && !d.name)) throw new AuthFailure(400, expecting('domain', target));
  const domain = cloud.state.data.domains.find((x) => (d.id ? x.id === d.id : x.name === d.name));
  if (!domain) throw unauthorized();
  return domain.id;
}

function authenticateUser(cloud: CloudContext, auth: AuthRequest): { user: User; rescopedFrom: KeystoneToken | null } {
  const { identity } = auth;
  const methods = [...new Set(identity.methods)];
  if (methods.some((m) => m !== 'password' && m !== 'token')) throw unauthorized();
  for (const m of methods) if (!identity[m as 'password' | 'token']) throw new AuthFailure(400, expecting(m, 'identity'));
  let user: User | undefined;
  let rescopedFrom: KeystoneToken | null = null;
  if (identity.token) {
    const caller = resolveToken(cloud, identity.token.id);
    if (!caller) throw unauthorized();
    user = caller.user;
    rescopedFrom = caller.token;
  }
  if (identity.password) {
    const u = identity.password.user;
    let found: User | undefined;
    if (u.id) found = cloud.state.user(u.id);
    else if (u.name) {
      const domainId = findDomainId(cloud, u.domain, 'user');
      found = cloud.state.data.users.find((x) => x.name === u.name && x.domainId === domainId);
    } else throw new AuthFailure(400, expecting('id or name', 'user'));
    // Keystone hides which of user or password was wrong (SecurityError).
    if (!found || !found.enabled || found.password !== u.password) throw unauthorized();
    if (user && user.id !== found.id) throw unauthorized();
    user = found;
  }
  if (!user) throw unauthorized();
  return { user, rescopedFrom };
}

function resolveScope(cloud: CloudContext, auth: AuthRequest, user: User): Project | null {
  const scope = auth.scope;
  if (scope === undefined || scope === 'unscoped') return null;
  const kinds = ['project', 'domain', 'system', 'OS-TRUST:trust'].filter((k) => k in scope);
  if (kinds.length !== 1) throw new AuthFailure(400, 'system, project, domain, and OS-TRUST:trust are mutually exclusive');
  // The seed grants no domain, system or trust roles: Keystone answers those with 401.
  if (!scope.project) throw unauthorized();
  const p = scope.project;
  let project: Project | undefined;
  if (p.id) project = cloud.state.project(p.id);
  else if (p.name) {
    const domainId = findDomainId(cloud, p.domain, 'project');
    project = cloud.state.data.projects.find((x) => x.name === p.name && x.domainId === domainId);
  } else throw new AuthFailure(400, expecting('id or name', 'project'));
  if (!project || !project.enabled) throw unauthorized();
  const roles = user.assignments.find((a) => a.projectId === project.id)?.roles ?? [];
  if (roles.length === 0) throw unauthorized();
  return project;
}

async function readJson(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const type = c.req.header('Content-Type') ?? '';
  const text = await c.req.text();
  if (text.length > 0 && !/^application\/json\b/i.test(type)) return { ok: false, message: expecting('application/json', 'Content-Type header') };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, message: expecting('valid JSON object', 'request body') };
  }
}

// Routes ------------------------------------------------------------------------------

export function keystoneRoutes(cloud: CloudContext): Hono<CloudEnv> {
  const app = new Hono<CloudEnv>();
  const identityUrl = () => serviceUrls(cloud.publicUrl).identity;

  app.use('*', async (c, next) => {
    await next();
    c.header('Vary', 'X-Auth-Token');
  });

  const versions = (c: Context) => {
    c.header('Location', `${identityUrl()}/v3/`);
    return c.json({ versions: { values: [versionBody(identityUrl())] } }, 300);
  };
  app.get('/', versions);
  app.get('/v3', (c) => c.json({ version: versionBody(identityUrl()) }));
  app.get('/v3/', (c) => c.json({ version: versionBody(identityUrl()) }));

  app.post('/v3/auth/tokens', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return keystoneError(c, 400, body.message);
    const parsed = authRequestSchema.safeParse(body.value, { reportInput: true });
    if (!parsed.success) return keystoneError(c, 400, schemaMessage(parsed.error));
    const auth = parsed.data.auth;
    let user: User;
    let project: Project | null;
    let rescopedFrom: KeystoneToken | null;
    try {
      ({ user, rescopedFrom } = authenticateUser(cloud, auth));
      project = resolveScope(cloud, auth, user);
    } catch (err) {
      if (!(err instanceof AuthFailure)) throw err;
      return err.status === 401 ? keystone401(c, cloud) : keystoneError(c, 400, err.message);
    }
    const now = Date.now();
    const methods = [...new Set(auth.identity.methods)];
    const token: KeystoneToken = {
      id: newTokenId(),
      userId: user.id,
      projectId: project?.id ?? null,
      // A rescoped token keeps the methods and expiry of the token it came from.
      methods: rescopedFrom ? [...new Set([...methods, ...rescopedFrom.methods])] : methods,
      auditId: newAuditId(),
      issuedAt: keystoneTime(wholeSeconds(now)),
      expiresAt: rescopedFrom
        ? rescopedFrom.expiresAt
        : keystoneTime(wholeSeconds(now + cloud.state.timings.tokenTtlSeconds * 1000)),
      revoked: false,
      ...(rescopedFrom ? { parentAuditId: rescopedFrom.parentAuditId ?? rescopedFrom.auditId } : {}),
    };
    cloud.state.addToken(token);
    cloud.state.touch();
    c.header('X-Subject-Token', token.id);
    return c.json(tokenBody(cloud, token, c.req.query('nocatalog') === undefined), 201);
  });

  /** Caller (X-Auth-Token) and subject (X-Subject-Token) for validate/check/revoke. */
  const subjectOf = (c: Context, action: string): Response | { caller: AuthInfo; subject: KeystoneToken } => {
    const caller = resolveToken(cloud, c.req.header('X-Auth-Token'));
    if (!caller) return keystone401(c, cloud);
    const subjectId = c.req.header('X-Subject-Token') ?? '';
    const subject = cloud.state.token(subjectId) as KeystoneToken | undefined;
    if (!subject) return keystoneError(c, 404, `Could not find token: ${subjectId}.`);
    // Policy identity:<action>: admins, or the token's own user.
    if (!caller.isAdmin && subject.userId !== caller.user.id) {
      return keystoneError(c, 403, `You are not authorized to perform the requested action: identity:${action}.`);
    }
    const expiredFor = Date.now() - Date.parse(subject.expiresAt);
    const allowExpired = /^(1|true|yes|on|y|t)$/i.test(c.req.query('allow_expired') ?? '') && action !== 'revoke_token';
    if (subject.revoked || (expiredFor >= 0 && !(allowExpired && expiredFor < ALLOW_EXPIRED_WINDOW_MS)) || !resolveSubjectUser(subject)) {
      return keystoneError(c, 404, 'Failed to validate token');
    }
    return { caller, subject };
  };
  const resolveSubjectUser = (t: Token) => cloud.state.user(t.userId)?.enabled === true;

  app.get('/v3/auth/tokens', (c) => {
    const r = subjectOf(c, c.req.method === 'HEAD' ? 'check_token' : 'validate_token');
    if (r instanceof Response) return r;
    c.header('X-Subject-Token', r.subject.id);
    if (c.req.method === 'HEAD') return c.body(null, 200);
    return c.json(tokenBody(cloud, r.subject, c.req.query('nocatalog') === undefined));
  });

  app.delete('/v3/auth/tokens', (c) => {
    const r = subjectOf(c, 'revoke_token');
    if (r instanceof Response) return r;
    r.subject.revoked = true;
    cloud.state.touch();
    return c.body(null, 204);
  });

  app.get('/v3/auth/projects', (c) => {
    const caller = resolveToken(cloud, c.req.header('X-Auth-Token'));
    if (!caller) return keystone401(c, cloud);
    const base = identityUrl();
    const projects = caller.user.assignments
      .filter((a) => a.roles.length > 0)
      .map((a) => cloud.state.project(a.projectId))
      .filter((p): p is Project => p !== undefined && p.enabled)
      .map((p) => ({
        id: p.id, name: p.name, domain_id: p.domainId, description: p.description, enabled: p.enabled,
        parent_id: p.domainId, is_domain: false, tags: [], options: {},
        links: { self: `${base}/v3/projects/${p.id}` },
      }));
    return c.json({ projects, links: { next: null, self: `${base}/v3/auth/projects`, previous: null } });
  });

  app.get('/v3/auth/catalog', (c) => {
    const caller = resolveToken(cloud, c.req.header('X-Auth-Token'));
    if (!caller) return keystone401(c, cloud);
    if (!caller.project) return keystoneError(c, 403, 'A project-scoped token is required to produce a service catalog.');
    return c.json({ catalog: buildCatalog(cloud, caller.project.id), links: { self: `${identityUrl()}/v3/auth/catalog`, previous: null, next: null } });
  });

  const known = new Set(['/v3', '/v3/', '/v3/auth/tokens', '/v3/auth/projects', '/v3/auth/catalog']);
  app.all('*', (c) => {
    const sub = c.req.path.replace(/^\/identity/, '');
    if (sub === '/' && c.req.method === 'GET') return versions(c); // "/identity/" misses the "/" route
    if (known.has(sub) || sub === '/') return keystoneError(c, 405, 'The method is not allowed for the requested URL.');
    return keystoneError(c, 404, 'The resource could not be found.');
  });

  return app;
}
