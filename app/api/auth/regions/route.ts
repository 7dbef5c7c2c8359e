import 'server-only';
import { regionsOf } from '@/lib/openstack/identity/catalog';
import { validateToken } from '@/lib/openstack/identity/tokens';
import { getConfig } from '@/lib/server/app-config';
import { apiError, withSession } from '@/lib/server/api';
import { endSession } from '@/lib/server/session';

/** The regions the session's token can use (compute and image in its catalog), read from
 * Keystone when the region switcher opens: the cookie keeps only how many there are. */
export const GET = withSession({}, async ({ session }) => {
  const config = getConfig();
  const token = await validateToken(config.authUrl, session.tokenId, session.tokenId, { timeoutMs: config.upstreamTimeoutMs });
  if (!token) {
    await endSession();
    return apiError(401, 'Your session has ended. Sign in again.');
  }
  return { current: session.region, regions: regionsOf(token.catalog) };
});
