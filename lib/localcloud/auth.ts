// Token checking shared by the services: Keystone and keystonemiddleware answer 401 in
// Keystone's JSON shape; Glance (delay_auth_decision) answers a plain webob 401.
import type { Context, MiddlewareHandler } from 'hono';
import type { AuthInfo, CloudContext, CloudEnv } from './context';
import { webobError } from './errors';

export type AuthStyle = 'keystone' | 'glance';

/** Resolve a token id to the caller, or null when missing, unknown, expired or revoked. */
export function resolveToken(cloud: CloudContext, tokenId: string | undefined): AuthInfo | null {
  if (!tokenId) return null;
  const token = cloud.state.token(tokenId);
  if (!token || token.revoked || Date.parse(token.expiresAt) <= Date.now()) return null;
  const user = cloud.state.user(token.userId);
  if (!user || !user.enabled) return null;
  const project = token.projectId ? cloud.state.project(token.projectId) ?? null : null;
  if (token.projectId && (!project || !project.enabled)) return null;
  const roles = project ? user.assignments.find((a) => a.projectId === project.id)?.roles ?? [] : [];
  if (project && roles.length === 0) return null; // role removed since issue
  return { token, user, project, roles, isAdmin: roles.includes('admin') };
}

export function keystone401(c: Context, cloud: CloudContext): Response {
  c.header('WWW-Authenticate', `Keystone uri="${cloud.publicUrl}/identity/v3"`);
  return c.json(
    { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } },
    401,
  );
}

/** Middleware: the request must carry a valid, project-scoped X-Auth-Token. */
export function requireToken(cloud: CloudContext, style: AuthStyle, opts: { allowUnscoped?: boolean } = {}): MiddlewareHandler<CloudEnv> {
  return async (c, next) => {
    const auth = resolveToken(cloud, c.req.header('X-Auth-Token'));
    if (!auth || (!auth.project && !opts.allowUnscoped)) {
      if (style === 'glance') {
        return webobError(c, 401, 'This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.');
      }
      return keystone401(c, cloud);
    }
    c.set('auth', auth);
    await next();
  };
}
