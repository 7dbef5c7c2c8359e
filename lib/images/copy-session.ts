import 'server-only';
// Connections to the other regions of the session's token, for copies. The session keeps no
// catalog (decision 002): it is read again from Keystone, as the region switcher does.
import type { Connection } from '@/lib/openstack/client';
import { OpenStackError } from '@/lib/openstack/errors';
import { imageEndpointFor, imageRegionsOf } from '@/lib/openstack/identity/catalog';
import { validateToken } from '@/lib/openstack/identity/tokens';
import { getConfig } from '@/lib/server/app-config';
import type { SessionData } from '@/lib/server/session';

export interface RegionImages {
  /** Regions with an image service other than the session's. */
  others: string[];
  connFor(region: string): Connection | null;
}

export async function regionImages(session: SessionData, conn: Connection): Promise<RegionImages> {
  const config = getConfig();
  const token = await validateToken(config.authUrl, session.tokenId, session.tokenId, { timeoutMs: config.upstreamTimeoutMs });
  if (!token) {
    throw new OpenStackError({ service: 'identity', method: 'GET', status: 401, kind: 'http', requestId: null, safeMessage: 'The token is no longer valid.' });
  }
  return {
    others: imageRegionsOf(token.catalog).filter((r) => r !== session.region),
    connFor(region) {
      const image = imageEndpointFor(token.catalog, { region, interface: config.interface });
      return image ? { ...conn, endpoints: { ...conn.endpoints, image } } : null;
    },
  };
}
