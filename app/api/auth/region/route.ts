import 'server-only';
import { z } from 'zod';
import { regionsOf } from '@/lib/openstack/identity/catalog';
import { validateToken } from '@/lib/openstack/identity/tokens';
import { getConfig } from '@/lib/server/app-config';
import { apiError, withSession } from '@/lib/server/api';
import { endSession, updateSession } from '@/lib/server/session';
import { sessionFromToken } from '@/lib/server/sign-in';

/** Region switcher: the catalog is read again from Keystone (the cookie keeps no catalog). */
export const POST = withSession({ body: z.strictObject({ region: z.string().min(1).max(64) }) }, async ({ body, session }) => {
  const config = getConfig();
  const token = await validateToken(config.authUrl, session.tokenId, session.tokenId, { timeoutMs: config.upstreamTimeoutMs });
  if (!token) {
    // Keystone no longer knows the token: the session is over, as for any upstream 401.
    await endSession();
    return apiError(401, 'Your session has ended. Sign in again.');
  }
  if (!regionsOf(token.catalog).includes(body.region)) return apiError(400, `Unknown region: ${body.region}`);
  const next = await sessionFromToken(token, session.user.domainName, body.region);
  await updateSession(next);
  return { region: next.region };
});
