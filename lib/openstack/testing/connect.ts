// A project-scoped connection the way the app opens one (token, catalog endpoints of one
// region, negotiated microversion): for contract tests, e2e set-up and clean-up.
import type { Connection } from '../client';
import { negotiateComputeMicroversion } from '../compute/version';
import { endpointsFor, regionsOf, type EndpointInterface } from '../identity/catalog';
import { issueToken, type IssuedToken } from '../identity/tokens';

export interface Login {
  authUrl: string;
  username: string;
  password: string;
  userDomainName?: string;
  projectName: string;
  region?: string;
  interface?: EndpointInterface;
}

export async function connect(login: Login): Promise<{ token: IssuedToken; conn: Connection }> {
  const token = await issueToken(login.authUrl, {
    username: login.username, password: login.password, userDomainName: login.userDomainName ?? 'Default', projectName: login.projectName,
  });
  const region = login.region ?? regionsOf(token.catalog)[0];
  if (!region) throw new Error('the catalog has no usable region');
  const endpoints = endpointsFor(token.catalog, { region, interface: login.interface ?? 'public', authUrl: login.authUrl });
  const computeMicroversion = await negotiateComputeMicroversion({ token: token.tokenId, computeUrl: endpoints.compute });
  return { token, conn: { token: token.tokenId, endpoints, computeMicroversion } };
}
