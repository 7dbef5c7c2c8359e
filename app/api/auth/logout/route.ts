import 'server-only';
import type { NextRequest } from 'next/server';
import { revokeToken } from '@/lib/openstack/identity/tokens';
import { getConfig } from '@/lib/server/app-config';
import { endSession, readSession } from '@/lib/server/session';

/** Sign out: revoke the token in Keystone, clear the cookie, go to the sign-in page. Works
 * as a plain HTML form post, so it needs no JavaScript. */
export async function POST(req: NextRequest): Promise<Response> {
  const current = await readSession();
  let revoked = true;
  if (current) {
    try {
      await revokeToken(getConfig().authUrl, current.data.tokenId, current.data.tokenId, { timeoutMs: getConfig().upstreamTimeoutMs });
    } catch (err) {
      // The cookie goes anyway; the token then lives until it expires in Keystone.
      revoked = false;
      console.error('snapdeck: token revocation failed', err instanceof Error ? err.message : err);
    }
  }
  await endSession();
  const to = new URL(revoked ? '/login?signedOut=1' : '/login?signedOut=1&revoked=0', req.nextUrl.origin);
  return Response.redirect(to, 303);
}
