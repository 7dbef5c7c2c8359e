import 'server-only';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { apiError, errorResponse, InputError, parseInput } from '@/lib/server/api';
import { saveSession } from '@/lib/server/session';
import { NoProjectError, signIn } from '@/lib/server/sign-in';
import { OpenStackError } from '@/lib/openstack/errors';

const loginSchema = z.object({
  username: z.string().trim().min(1, 'Enter your user name').max(255),
  password: z.string().min(1, 'Enter your password').max(4096),
  domain: z.string().trim().min(1, 'Enter the domain').max(255),
  project: z.string().trim().max(255).default(''),
});

const REFUSED = 'Sign-in refused: the user name, password, domain or project is not valid.';

export async function POST(req: NextRequest): Promise<Response> {
  try {
    let raw: unknown;
    try {
      raw = await req.json();
    } catch {
      throw new InputError('The request body is not valid JSON');
    }
    const creds = parseInput('body', loginSchema, raw);
    const session = await signIn(creds);
    await saveSession(session);
    return Response.json({ user: session.user.name, project: session.project.name }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    // Keystone says 401 for any wrong field; so do we, without saying which.
    if (err instanceof OpenStackError && err.service === 'identity' && (err.status === 401 || err.status === 404 || err.status === 400)) {
      return apiError(401, REFUSED, err.requestId);
    }
    if (err instanceof NoProjectError) return apiError(403, err.message);
    return errorResponse(err);
  }
}
