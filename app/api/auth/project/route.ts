import 'server-only';
import { z } from 'zod';
import { rescopeToken } from '@/lib/openstack/identity/tokens';
import { getConfig } from '@/lib/server/app-config';
import { revokeSessionTokens, withSession } from '@/lib/server/api';
import { updateSession } from '@/lib/server/session';
import { sessionFromToken } from '@/lib/server/sign-in';

/** Project switcher: rescope the current token to another project the user may use, then
 * revoke the token of the project left behind, so the session holds one token at a time. */
export const POST = withSession({ body: z.strictObject({ projectId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a project id') }) }, async ({ body, session }) => {
  const config = getConfig();
  const token = await rescopeToken(config.authUrl, session.tokenId, { projectId: body.projectId, timeoutMs: config.upstreamTimeoutMs });
  const next = await sessionFromToken(token, session.user.domainName, session.region);
  await updateSession(next);
  const revoked = await revokeSessionTokens([session.tokenId]);
  return {
    project: next.project,
    ...(revoked ? {} : { warning: 'The previous project’s token could not be revoked in Keystone; it stays valid until it expires.' }),
  };
});
