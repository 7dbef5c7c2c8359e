import 'server-only';
import { z } from 'zod';
import { validateToken } from '@/lib/openstack/identity/tokens';
import { getConfig } from '@/lib/server/app-config';
import { apiError, withSession } from '@/lib/server/api';
import { endSession, saveSession } from '@/lib/server/session';
import { sessionFromToken } from '@/lib/server/sign-in';

/** Region switcher: the catalog is read again from Keystone (the cookie keeps no catalog). */
export const POST = withSession({ body: z.object({ region: z.string().min(1).max(255) }) }, async ({ body, session }) => {
  if (!session.regions.includes(body.region)) return apiError(400, `Unknown region: ${body.region}`);
  const config = getConfig();
  const token = await validateToken(config.authUrl, session.tokenId, session.tokenId, { timeoutMs: config.upstreamTimeoutMs });
  if (!token) {
    // Keystone no longer knows the token: the session is over, as for any upstream 401.
    await endSession();
    return apiError(401, 'Your session has ended. Sign in again.');
  }
  const next = await sessionFromToken(token, session.user.domainName, body.region);
  await saveSession(next);
  return { region: next.region };
});
