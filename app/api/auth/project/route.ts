import 'server-only';
import { z } from 'zod';
import { OpenStackError } from '@/lib/openstack/errors';
import { rescopeToken, validateToken } from '@/lib/openstack/identity/tokens';
import { getConfig } from '@/lib/server/app-config';
import { apiError, revokeSessionTokens, withSession } from '@/lib/server/api';
import { endSession, updateSession } from '@/lib/server/session';
import { sessionFromToken } from '@/lib/server/sign-in';

/** Project switcher: rescope the current token to another project the user may use, then
 * revoke the token of the project left behind, so the session holds one token at a time. */
export const POST = withSession({ body: z.strictObject({ projectId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a project id') }) }, async ({ body, session }) => {
  const config = getConfig();
  const transport = { timeoutMs: config.upstreamTimeoutMs };
  let token;
  try {
    token = await rescopeToken(config.authUrl, session.tokenId, { projectId: body.projectId, ...transport });
  } catch (err) {
    // Keystone answers 401 both for a project the user has no role on and for a dead token:
    // only the second ends the session (and a live token is never left without its cookie).
    if (!(err instanceof OpenStackError && err.status === 401)) throw err;
    if (await validateToken(config.authUrl, session.tokenId, session.tokenId, transport)) {
      return apiError(403, 'You cannot switch to that project: you have no role on it, or it is disabled.', err.requestId);
    }
    await endSession();
    return apiError(401, 'Your session has ended. Sign in again.', err.requestId);
  }
  const next = await sessionFromToken(token, session.user.domainName, session.region);
  await updateSession(next);
  const revoked = await revokeSessionTokens([session.tokenId]);
  return {
    project: next.project,
    ...(revoked ? {} : { warning: 'The previous project’s token could not be revoked in Keystone; it stays valid until it expires.' }),
  };
});
