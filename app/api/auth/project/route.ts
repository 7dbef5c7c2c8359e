import 'server-only';
import { z } from 'zod';
import { rescopeToken } from '@/lib/openstack/identity/tokens';
import { getConfig } from '@/lib/server/app-config';
import { withSession } from '@/lib/server/api';
import { saveSession } from '@/lib/server/session';
import { sessionFromToken } from '@/lib/server/sign-in';

/** Project switcher: rescope the current token to another project the user may use. */
export const POST = withSession({ body: z.object({ projectId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a project id') }) }, async ({ body, session }) => {
  const config = getConfig();
  const token = await rescopeToken(config.authUrl, session.tokenId, { projectId: body.projectId, timeoutMs: config.upstreamTimeoutMs });
  const next = await sessionFromToken(token, session.user.domainName, session.region);
  await saveSession(next);
  return { project: next.project };
});
