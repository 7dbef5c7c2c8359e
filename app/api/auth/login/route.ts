import 'server-only';
import { z } from 'zod';
import { apiError, errorResponse, publicRoute } from '@/lib/server/api';
import { getConfig } from '@/lib/server/app-config';
import { startSession } from '@/lib/server/session';
import { NoProjectError, signIn } from '@/lib/server/sign-in';
import { admitSignIn, clientAddress, ThrottleUnavailable } from '@/lib/server/throttle';
import { OpenStackError } from '@/lib/openstack/errors';

const loginSchema = z.strictObject({
  username: z.string().trim().min(1, 'Enter your user name').max(255),
  password: z.string().min(1, 'Enter your password').max(4096),
  domain: z.string().trim().min(1, 'Enter the domain').max(255),
  project: z.string().trim().max(255).default(''),
});

const REFUSED = 'Sign-in refused: the user name, password, domain or project is not valid.';

/** Sign-in: the same pipeline as every route (origin, JSON type, size, zod), then the
 * throttle, which answers 429 without asking Keystone. */
export const POST = publicRoute({ body: loginSchema }, async ({ req, body }) => {
  const admission = await admitSignIn({ address: clientAddress(req.headers, getConfig()), user: `${body.domain}/${body.username}` }).catch((err: unknown) => {
    if (err instanceof ThrottleUnavailable) return null;
    throw err;
  });
  if (!admission) return apiError(503, 'Sign-in is unavailable for a moment: Snapdeck cannot reach its sign-in throttle. Try again shortly.');
  if (!admission.ok) {
    const res = apiError(429, `Too many failed sign-ins. Try again in ${admission.retryAfterSeconds} seconds.`);
    res.headers.set('Retry-After', String(admission.retryAfterSeconds));
    return res;
  }
  try {
    const session = await signIn(body);
    await startSession(session);
    await admission.settle('success');
    return { user: session.user.name, project: session.project.name };
  } catch (err) {
    // Keystone says 401 for any wrong field; so do we, without saying which.
    if (err instanceof OpenStackError && err.service === 'identity' && [400, 401, 404].includes(err.status)) {
      await admission.settle('failure');
      return apiError(401, REFUSED, err.requestId);
    }
    // Keystone down or slow is no guess at a password: it does not count.
    await admission.settle(err instanceof NoProjectError ? 'failure' : 'neutral');
    if (err instanceof NoProjectError) return apiError(403, err.message);
    return errorResponse(err);
  }
});
