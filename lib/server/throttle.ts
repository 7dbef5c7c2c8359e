import 'server-only';
// Failed sign-ins are throttled per client address and per user name, with rate-limiter-flexible:
// its memory store by default, Redis (SNAPDECK_REDIS_URL) when several replicas must share the
// count. An attempt takes a point before Keystone is asked and gives it back on success, so a
// burst of parallel guesses cannot slip past the limit, and a throttled attempt asks nothing.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { getConfig } from './app-config';
import type { AppConfig } from './config';

export const THROTTLE = {
  /** Failures a user name may have in a window, from any address. */
  perUser: 5,
  /** Failures an address may have in a window, for any user names (password spraying). */
  perAddress: 10,
  windowSeconds: 60,
  /** Past the limit, each further attempt doubles the wait: 1, 2, 4 … minutes, at most 1 h. */
  maxBlockSeconds: 3600,
} as const;

interface Limiters {
  user: RateLimiterAbstract;
  address: RateLimiterAbstract;
}

export function memoryLimiters(): Limiters {
  return {
    user: new RateLimiterMemory({ keyPrefix: 'signin_user', points: THROTTLE.perUser, duration: THROTTLE.windowSeconds }),
    address: new RateLimiterMemory({ keyPrefix: 'signin_addr', points: THROTTLE.perAddress, duration: THROTTLE.windowSeconds }),
  };
}

export async function redisLimiters(url: string): Promise<Limiters> {
  const { default: Redis } = await import('ioredis');
  const storeClient = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  let said = false;
  storeClient.on('error', (err: Error) => {
    if (!said) console.error('snapdeck: the sign-in throttle store (Redis) failed:', err.message);
    said = true;
  });
  storeClient.on('ready', () => {
    said = false;
  });
  // Started with the first sign-in: wait a moment for the connection rather than refuse it.
  await new Promise<void>((resolve) => {
    const done = () => (clearTimeout(timer), resolve());
    const timer = setTimeout(done, 3000);
    storeClient.once('ready', done);
  });
  const common = { storeClient, duration: THROTTLE.windowSeconds, rejectIfRedisNotReady: true };
  return {
    user: new RateLimiterRedis({ ...common, keyPrefix: 'snapdeck_signin_user', points: THROTTLE.perUser }),
    address: new RateLimiterRedis({ ...common, keyPrefix: 'snapdeck_signin_addr', points: THROTTLE.perAddress }),
  };
}

let shared: Promise<Limiters> | undefined;
function limiters(config: AppConfig): Promise<Limiters> {
  shared ??= config.redisUrl ? redisLimiters(config.redisUrl) : Promise.resolve(memoryLimiters());
  return shared;
}

/** success forgives the user's failures; failure keeps the point; neutral (Keystone down)
 * gives the point back. */
export type Outcome = 'success' | 'failure' | 'neutral';
export type Admission = { ok: true; settle: (outcome: Outcome) => Promise<void> } | { ok: false; retryAfterSeconds: number };

/** The wait after `over` attempts past the limit: 60 s, 120 s, 240 s … at most an hour. */
export function backoffSeconds(over: number): number {
  return Math.min(THROTTLE.windowSeconds * 2 ** Math.max(0, over - 1), THROTTLE.maxBlockSeconds);
}

/** The throttle's store cannot be reached: sign-in is refused rather than left unthrottled. */
export class ThrottleUnavailable extends Error {
  override name = 'ThrottleUnavailable';
}

async function take(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw new ThrottleUnavailable(res instanceof Error ? res.message : String(res));
    const over = res.consumedPoints - limiter.points;
    const wait = backoffSeconds(over);
    // Keeps the count (so the next refusal waits twice as long) and extends the window.
    await limiter.set(key, res.consumedPoints, wait);
    return wait;
  }
}

/** Admits a sign-in attempt, or says how long to wait. */
export async function admitSignIn(who: { address: string; user: string }, given?: Limiters): Promise<Admission> {
  const l = given ?? (await limiters(getConfig()));
  const userKey = who.user.trim().toLowerCase().slice(0, 320);
  const waits = [await take(l.address, who.address), await take(l.user, userKey)].filter((w): w is number => w !== null);
  if (waits.length > 0) return { ok: false, retryAfterSeconds: Math.max(...waits) };
  return {
    ok: true,
    settle: async (outcome) => {
      if (outcome === 'failure') return;
      await l.address.reward(who.address, 1);
      if (outcome === 'success') await l.user.delete(userKey);
      else await l.user.reward(userKey, 1);
    },
  };
}

/** The client's address: the socket's, which Next puts in X-Forwarded-For (scripts/serve.ts
 * drops any the client sent); behind a trusted proxy, the address that proxy appended last. */
export function clientAddress(headers: Pick<Headers, 'get'>, config: Pick<AppConfig, 'trustProxy'>): string {
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const addr = config.trustProxy ? hops.at(-1) : hops[0];
  return (addr ?? 'unknown').slice(0, 64);
}
