// Keystone v3 tokens: issue (password), rescope (token method), validate, revoke.
// The token id travels in the X-Subject-Token header, never in the body.
import { z } from 'zod';
import { request, type RequestConn, type Transport } from '../http';
import { OpenStackError } from '../errors';
import { reshapeCatalog, wireCatalogSchema, type CatalogService } from './catalog';

const name255 = z.string().min(1).max(255);

export const issueTokenOptsSchema = z
  .object({
    username: name255,
    password: z.string().min(1).max(4096),
    userDomainName: name255.default('Default'),
    projectName: z.string().min(1).max(64).optional(),
    projectId: z.string().min(1).max(64).optional(),
    /** Defaults to the user's domain. */
    projectDomainName: name255.optional(),
    unscoped: z.boolean().optional(),
  })
  .refine((o) => !(o.projectName && o.projectId), { message: 'Give a project name or a project id, not both' })
  .refine((o) => !(o.unscoped && (o.projectName || o.projectId)), { message: 'An unscoped token has no project' });

export type IssueTokenOpts = z.input<typeof issueTokenOptsSchema>;

export const rescopeTokenOptsSchema = z.object({ projectId: z.string().min(1).max(64) });

const wireTokenSchema = z.object({
  token: z.looseObject({
    expires_at: z.string(),
    issued_at: z.string(),
    user: z.looseObject({
      id: z.string(),
      name: z.string(),
      domain: z.looseObject({ id: z.string(), name: z.string() }),
    }),
    project: z
      .looseObject({ id: z.string(), name: z.string(), domain: z.looseObject({ id: z.string() }) })
      .optional(),
    roles: z.array(z.looseObject({ id: z.string(), name: z.string() })).optional(),
    catalog: wireCatalogSchema.optional(),
  }),
});

export interface IssuedToken {
  tokenId: string;
  /** ISO 8601 (UTC). */
  expiresAt: string;
  issuedAt: string;
  user: { id: string; name: string; domainId: string; domainName: string };
  project: { id: string; name: string; domainId: string } | null;
  roles: string[];
  catalog: CatalogService[];
}

function reshapeToken(tokenId: string, wire: z.infer<typeof wireTokenSchema>): IssuedToken {
  const t = wire.token;
  return {
    tokenId,
    // Keystone writes microseconds ("…43.578887Z"); Date keeps milliseconds.
    expiresAt: new Date(t.expires_at).toISOString(),
    issuedAt: new Date(t.issued_at).toISOString(),
    user: { id: t.user.id, name: t.user.name, domainId: t.user.domain.id, domainName: t.user.domain.name },
    project: t.project ? { id: t.project.id, name: t.project.name, domainId: t.project.domain.id } : null,
    roles: (t.roles ?? []).map((r) => r.name),
    catalog: reshapeCatalog(t.catalog ?? []),
  };
}

const identityConn = (authUrl: string, token: string | null, transport: Transport): RequestConn => ({
  token,
  endpoints: { identity: authUrl },
  ...transport,
});

async function postAuth(authUrl: string, auth: unknown, transport: Transport): Promise<IssuedToken> {
  const reply = await request(identityConn(authUrl, null, transport), {
    service: 'identity', method: 'POST', path: '/auth/tokens', json: { auth }, ok: [201], parse: wireTokenSchema,
  });
  const tokenId = reply.headers.get('x-subject-token');
  if (!tokenId) {
    throw new OpenStackError({
      service: 'identity', method: 'POST', status: reply.status, kind: 'invalid-response', requestId: reply.requestId,
      safeMessage: 'The identity service issued no token (X-Subject-Token header missing).',
    });
  }
  return reshapeToken(tokenId, reply.data);
}

/**
 * Password authentication. `authUrl` may be given with or without /v3 (http://host:5000,
 * http://host:5000/v3, http://host/identity). Without a project and without `unscoped`,
 * Keystone may scope to the user's default project, as it does for any client.
 */
export async function issueToken(authUrl: string, opts: IssueTokenOpts & Transport): Promise<IssuedToken> {
  const o = issueTokenOptsSchema.parse(opts);
  const projectDomain = o.projectDomainName ?? o.userDomainName;
  const auth: Record<string, unknown> = {
    identity: {
      methods: ['password'],
      password: { user: { name: o.username, domain: { name: o.userDomainName }, password: o.password } },
    },
  };
  if (!o.unscoped && o.projectId) auth.scope = { project: { id: o.projectId } };
  else if (!o.unscoped && o.projectName) auth.scope = { project: { name: o.projectName, domain: { name: projectDomain } } };
  return postAuth(authUrl, auth, { timeoutMs: opts.timeoutMs, fetch: opts.fetch });
}

/** A new token for another project from an existing one (the project switcher). */
export async function rescopeToken(
  authUrl: string,
  tokenId: string,
  opts: z.input<typeof rescopeTokenOptsSchema> & Transport,
): Promise<IssuedToken> {
  const { projectId } = rescopeTokenOptsSchema.parse(opts);
  const auth = { identity: { methods: ['token'], token: { id: tokenId } }, scope: { project: { id: projectId } } };
  return postAuth(authUrl, auth, { timeoutMs: opts.timeoutMs, fetch: opts.fetch });
}

/** The token's details, or null when Keystone does not know it (404: invalid or expired). */
export async function validateToken(
  authUrl: string,
  callerToken: string,
  subjectToken: string,
  transport: Transport = {},
): Promise<IssuedToken | null> {
  try {
    const reply = await request(identityConn(authUrl, callerToken, transport), {
      service: 'identity', method: 'GET', path: '/auth/tokens', headers: { 'X-Subject-Token': subjectToken },
      ok: [200], parse: wireTokenSchema,
    });
    return reshapeToken(subjectToken, reply.data);
  } catch (err) {
    if (err instanceof OpenStackError && err.is(404)) return null;
    throw err;
  }
}

/** Revokes a token at once. A 404 means it is already invalid, which is what was wanted. */
export async function revokeToken(
  authUrl: string,
  callerToken: string,
  subjectToken: string,
  transport: Transport = {},
): Promise<void> {
  await request(identityConn(authUrl, callerToken, transport), {
    service: 'identity', method: 'DELETE', path: '/auth/tokens', headers: { 'X-Subject-Token': subjectToken },
    ok: [204, 404], parse: 'none',
  });
}
