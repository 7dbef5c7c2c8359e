import 'server-only';
import { cookies, headers } from 'next/headers';
import { sealData } from 'iron-session';
import { z } from 'zod';
import { getConfig } from './app-config';
import { isHttpsOrigin, requestOrigin } from './origin';
import { unsealSync } from './iron-unseal';

// What the encrypted session cookie holds: the token and the few facts needed to call the
// cloud. Never the password, never the catalog (docs/decisions/002). Every field is bounded,
// so the sealed cookie stays under 3.5 KB whatever the cloud sends (session.test.ts).
const shown = z.string().max(64); // names shown in the header: cut to 64 at sign-in
const id = z.string().max(64);
const endpoint = z.string().max(200);

export const sessionDataSchema = z.object({
  tokenId: z.string().min(1).max(400), // Fernet ~180-250 characters; JWS longer
  expiresAt: z.string().max(40),
  user: z.object({ id, name: shown, domainName: shown }),
  project: z.object({ id, name: shown }),
  region: z.string().max(64),
  /** How many regions offer compute and image; the list itself is read from Keystone when
   * the region switcher opens, so the cookie stays small on clouds with many regions. */
  regionCount: z.number().int().min(1).max(1000),
  endpoints: z.object({
    identity: endpoint, compute: endpoint, image: endpoint, network: endpoint.nullable(),
    /** Cinder v3; null when the region has none. Optional: cookies sealed before it still read. */
    volume: endpoint.nullable().optional(),
    /** Mistral v2; null when the region has none (the Schedules page then offers a crontab
     * line). Optional: cookies sealed before it read as "not known", and say so. */
    workflow: endpoint.nullable().optional(),
  }),
  computeMicroversion: z.string().max(8),
  /** The block-storage microversion negotiated at sign-in; absent without Cinder, or when its
   * version document could not be read then (calls go at Cinder's base version). */
  volumeMicroversion: z.string().max(8).optional(),
});
export type SessionData = z.infer<typeof sessionDataSchema>;

/** The cookie: the session and its clock. A session holds one token at a time: the tokens
 * it replaces (sign-in's unscoped token, a project switched away from) are revoked then. */
const sealedSchema = sessionDataSchema.extend({
  createdAt: z.number().int(),
  seenAt: z.number().int(),
});
type Sealed = z.infer<typeof sealedSchema>;

export const SESSION_COOKIE = 'snapdeck_session';
/** The activity clock is written back at most this often, not on every request. */
export const SEEN_RESOLUTION_MS = 60_000;

/** Over https the cookie takes the `__Host-` prefix: Secure, host-only, path `/`, so neither
 * a sibling subdomain nor a plain-http page can set or overwrite it. */
export function cookieNameFor(https: boolean): string {
  return https ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export type SessionVerdict = 'ok' | 'token-expired' | 'idle' | 'too-old';

/** Whether a session is still good at `now`: the token's own expiry, the idle timeout, the
 * absolute lifetime since sign-in. */
export function sessionVerdict(s: Pick<Sealed, 'expiresAt' | 'createdAt' | 'seenAt'>, now: number, limits: { idleSeconds: number; maxSeconds: number }): SessionVerdict {
  if (Date.parse(s.expiresAt) <= now) return 'token-expired';
  if (now - s.createdAt >= limits.maxSeconds * 1000) return 'too-old';
  if (now - s.seenAt >= limits.idleSeconds * 1000) return 'idle';
  return 'ok';
}

/** The moment the session ends at the latest: the earlier of the token's expiry and the
 * absolute lifetime. The sealed cookie carries the same lifetime. */
export function sessionEnd(s: Pick<Sealed, 'expiresAt' | 'createdAt'>, maxSeconds: number): number {
  return Math.min(Date.parse(s.expiresAt), s.createdAt + maxSeconds * 1000);
}

export async function sealSession(s: Sealed, passwords: Record<string, string>, now: number, maxSeconds: number): Promise<{ seal: string; ttl: number }> {
  const ttl = Math.max(1, Math.ceil((sessionEnd(s, maxSeconds) - now) / 1000));
  return { seal: await sealData(s, { password: passwords, ttl }), ttl };
}

async function cookieContext() {
  const config = getConfig();
  const origin = requestOrigin(await headers(), config);
  const https = isHttpsOrigin(origin) || config.cookieSecure;
  return { config, https, name: cookieNameFor(https) };
}

export interface CurrentSession {
  data: SessionData;
}

async function readSealed(): Promise<{ sealed: Sealed; verdict: SessionVerdict } | null> {
  const { config, name } = await cookieContext();
  const raw = (await cookies()).get(name)?.value;
  if (!raw) return null;
  // iron-session seals; unsealSync reads the same seal without WebCrypto's per-call cost.
  const parsed = sealedSchema.safeParse(unsealSync(raw, config.sessionPasswords));
  if (!parsed.success) return null;
  const limits = { idleSeconds: config.sessionIdleSeconds, maxSeconds: config.sessionMaxSeconds };
  return { sealed: parsed.data, verdict: sessionVerdict(parsed.data, Date.now(), limits) };
}

function current(sealed: Sealed): CurrentSession {
  return { data: sessionDataSchema.parse(sealed) };
}

/** The signed-in session, or null when there is none or it has ended (token expired, idle
 * too long, older than the absolute lifetime). Route handlers pass `touch`, which marks the
 * session as used (written back at most once a minute), and `onEnded`, which is given a
 * session that ended by time, so that its token can be revoked, before its cookie is cleared.
 * Pages cannot set cookies, so they only read. */
export async function readSession(opts: { touch?: boolean; onEnded?: (ended: SessionData) => Promise<unknown> } = {}): Promise<CurrentSession | null> {
  const r = await readSealed();
  if (!r) return null;
  if (r.verdict !== 'ok') {
    if (opts.onEnded) {
      await opts.onEnded(current(r.sealed).data);
      await endSession();
    }
    return null;
  }
  if (opts.touch && Date.now() - r.sealed.seenAt >= SEEN_RESOLUTION_MS) await write({ ...r.sealed, seenAt: Date.now() });
  return current(r.sealed);
}

/** At sign-out: the session whether or not it has ended by time. */
export async function readSessionToEnd(): Promise<CurrentSession | null> {
  const r = await readSealed();
  return r ? current(r.sealed) : null;
}

async function write(sealed: Sealed): Promise<void> {
  const { config, https, name } = await cookieContext();
  const { seal, ttl } = await sealSession(sealed, config.sessionPasswords, Date.now(), config.sessionMaxSeconds);
  (await cookies()).set(name, seal, { httpOnly: true, sameSite: 'lax', secure: https, path: '/', maxAge: ttl });
}

/** A new session at sign-in: a new cookie, whatever the browser held before. */
export async function startSession(data: SessionData): Promise<void> {
  const now = Date.now();
  await write({ ...data, createdAt: now, seenAt: now });
}

/** The same session with new data (project or region switched): its clock goes on. */
export async function updateSession(data: SessionData): Promise<void> {
  const r = await readSealed();
  if (!r) throw new Error('updateSession needs a session');
  await write({ ...data, createdAt: r.sealed.createdAt, seenAt: Date.now() });
}

export async function endSession(): Promise<void> {
  const { https, name } = await cookieContext();
  (await cookies()).set(name, '', { httpOnly: true, sameSite: 'lax', secure: https, path: '/', maxAge: 0 });
}
