import 'server-only';
import { cookies } from 'next/headers';
import { getIronSession, type IronSession } from 'iron-session';
import { z } from 'zod';
import { getConfig } from './app-config';

// What the encrypted session cookie holds: the token and the few facts needed to call the
// cloud. Never the password, never the full catalog.
export const sessionDataSchema = z.object({
  tokenId: z.string().min(1),
  expiresAt: z.string(),
  user: z.object({ id: z.string(), name: z.string(), domainName: z.string() }),
  project: z.object({ id: z.string(), name: z.string() }),
  region: z.string(),
  regions: z.array(z.string()),
  endpoints: z.object({
    identity: z.string(),
    compute: z.string(),
    image: z.string(),
    network: z.string().nullable(),
  }),
  computeMicroversion: z.string(),
});
export type SessionData = z.infer<typeof sessionDataSchema>;

type CookieSession = IronSession<Partial<SessionData>>;

export const SESSION_COOKIE = 'snapdeck_session';

export async function getCookieSession(): Promise<CookieSession> {
  const config = getConfig();
  return getIronSession<Partial<SessionData>>(await cookies(), {
    cookieName: SESSION_COOKIE,
    password: config.sessionPasswords,
    ttl: 0,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, path: '/', maxAge: undefined },
  });
}

/** The signed-in session, or null when there is none or its token has expired. */
export async function readSession(): Promise<{ data: SessionData; cookie: CookieSession } | null> {
  const cookie = await getCookieSession();
  const parsed = sessionDataSchema.safeParse({ ...cookie });
  if (!parsed.success) return null;
  if (Date.parse(parsed.data.expiresAt) <= Date.now()) return null;
  return { data: parsed.data, cookie };
}

export async function saveSession(data: SessionData): Promise<void> {
  const cookie = await getCookieSession();
  Object.assign(cookie, data);
  await cookie.save();
}

export async function endSession(): Promise<void> {
  const cookie = await getCookieSession();
  cookie.destroy();
}
