import 'server-only';
import { publicRoute, revokeSessionTokens } from '@/lib/server/api';
import { endSession, readSessionToEnd } from '@/lib/server/session';

/** Sign out: revoke the session's token in Keystone, clear the cookie, go to the sign-in
 * page. A plain HTML form post, so it needs no JavaScript; browsers send it with the app's
 * Origin, which the pipeline checks. When Keystone cannot revoke, the session still ends and
 * the sign-in page says the token could not be revoked. */
export const POST = publicRoute({}, async ({ req }) => {
  const current = await readSessionToEnd();
  const revoked = current ? await revokeSessionTokens([current.data.tokenId]) : true;
  await endSession();
  const to = new URL(revoked ? '/login?signedOut=1' : '/login?signedOut=1&revoked=0', req.nextUrl.origin);
  return new Response(null, { status: 303, headers: { Location: to.pathname + to.search, 'Cache-Control': 'no-store' } });
});
