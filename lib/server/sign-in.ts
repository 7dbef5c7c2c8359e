import 'server-only';
import { issueToken, rescopeToken, revokeToken, type IssuedToken } from '@/lib/openstack/identity/tokens';
import { listAuthProjects } from '@/lib/openstack/identity/projects';
import { endpointsFor, regionsOf, workflowEndpointFor } from '@/lib/openstack/identity/catalog';
import { negotiateComputeMicroversion } from '@/lib/openstack/compute/version';
import { OpenStackError } from '@/lib/openstack/errors';
import { volumeEndpointFor } from '@/lib/openstack/volume/endpoint';
import { negotiateVolumeMicroversion } from '@/lib/openstack/volume/version';
import { getConfig } from './app-config';
import type { SessionData } from './session';

/** Builds the session from a project-scoped token: endpoints of the chosen region and the
 * compute and block-storage microversions, negotiated once here rather than on every request. */
export async function sessionFromToken(token: IssuedToken, domainName: string, wantedRegion?: string | null): Promise<SessionData> {
  const config = getConfig();
  if (!token.project) throw new Error('sessionFromToken needs a project-scoped token');
  const regions = regionsOf(token.catalog);
  const region = [wantedRegion, config.region].find((r): r is string => !!r && regions.includes(r)) ?? regions[0];
  if (!region) throw new Error('The cloud returned an empty service catalog');
  const endpoints = {
    ...endpointsFor(token.catalog, { region, interface: config.interface, authUrl: config.authUrl }),
    volume: volumeEndpointFor(token.catalog, { region, interface: config.interface }),
    workflow: workflowEndpointFor(token.catalog, { region, interface: config.interface }),
  };
  const [computeMicroversion, volumeMicroversion] = await Promise.all([
    negotiateComputeMicroversion({ token: token.tokenId, computeUrl: endpoints.compute, timeoutMs: config.upstreamTimeoutMs }),
    endpoints.volume ? volumeMicroversionOrNone(token.tokenId, endpoints.volume, config.upstreamTimeoutMs) : undefined,
  ]);
  return {
    tokenId: token.tokenId,
    expiresAt: token.expiresAt,
    user: { id: token.user.id, name: shown(token.user.name), domainName: shown(token.user.domainName ?? domainName) },
    project: { id: token.project.id, name: shown(token.project.name) },
    region,
    regionCount: regions.length,
    endpoints,
    computeMicroversion,
    ...(volumeMicroversion ? { volumeMicroversion } : {}),
  };
}

/** Block storage is an extra: a Cinder that does not answer its version document at sign-in
 * leaves the session at Cinder's base version (the volume pages then say what fails), it
 * does not stop the user from signing in. A 401 is the token's problem and is thrown. */
async function volumeMicroversionOrNone(token: string, volumeUrl: string, timeoutMs: number): Promise<string | undefined> {
  try {
    return await negotiateVolumeMicroversion({ token, volumeUrl, timeoutMs });
  } catch (err) {
    if (err instanceof OpenStackError && err.is(401)) throw err;
    console.error('snapdeck: the block storage version document could not be read at sign-in', err instanceof Error ? err.message : err);
    return undefined;
  }
}

/** Names are only shown in the header; the cookie keeps 64 characters of each. */
function shown(name: string): string {
  return name.length > 64 ? `${name.slice(0, 63)}…` : name;
}

export interface Credentials {
  username: string;
  password: string;
  domain: string;
  project: string;
}

/** Password sign-in scoped to the named project; with no project named, the first project
 * the user may use. */
export async function signIn(creds: Credentials): Promise<SessionData> {
  const { authUrl, upstreamTimeoutMs: timeoutMs } = getConfig();
  const base = { username: creds.username, password: creds.password, userDomainName: creds.domain, timeoutMs };
  let token: IssuedToken;
  if (creds.project) {
    token = await issueToken(authUrl, { ...base, projectName: creds.project, projectDomainName: creds.domain });
  } else {
    const unscoped = await issueToken(authUrl, { ...base, unscoped: true });
    const projects = (await listAuthProjects(authUrl, unscoped.tokenId, { timeoutMs })).filter((p) => p.enabled);
    const first = projects[0];
    if (!first) throw new NoProjectError();
    token = await rescopeToken(authUrl, unscoped.tokenId, { projectId: first.id, timeoutMs });
    // The session holds one token: the unscoped one has done its work. Revoking it is best
    // effort (it never left this process and expires in Keystone anyway).
    await revokeToken(authUrl, unscoped.tokenId, unscoped.tokenId, { timeoutMs }).catch((err: unknown) => {
      console.error('snapdeck: revoking the sign-in unscoped token failed', err instanceof Error ? err.message : err);
    });
  }
  return sessionFromToken(token, creds.domain);
}

export class NoProjectError extends Error {
  override name = 'NoProjectError';
  constructor() {
    super('This user has no project to work in.');
  }
}
