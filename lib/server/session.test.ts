import { unsealData } from 'iron-session';
import { describe, expect, it, vi } from 'vitest';
import { cookieNameFor, sealSession, sessionDataSchema, sessionEnd, sessionVerdict, type SessionData } from './session';

const PASSWORDS = { '1': 'p'.repeat(32), '2': 'q'.repeat(48) };
const T0 = Date.parse('2026-12-01T12:00:00Z');
const limits = { idleSeconds: 1800, maxSeconds: 12 * 3600 };
const clock = (over: Partial<{ expiresAt: string; createdAt: number; seenAt: number }> = {}) => ({
  expiresAt: new Date(T0 + 24 * 3600_000).toISOString(), createdAt: T0, seenAt: T0, ...over,
});

describe('sessionVerdict', () => {
  it('is ok while used, the token valid and the lifetime not reached', () => {
    expect(sessionVerdict(clock(), T0 + 1000, limits)).toBe('ok');
    expect(sessionVerdict(clock({ seenAt: T0 + 11 * 3600_000 }), T0 + 11.4 * 3600_000, limits)).toBe('ok');
  });
  it('ends after the idle timeout without a request', () => {
    expect(sessionVerdict(clock(), T0 + 1799_000, limits)).toBe('ok');
    expect(sessionVerdict(clock(), T0 + 1800_000, limits)).toBe('idle');
  });
  it('ends at the absolute lifetime however busy', () => {
    expect(sessionVerdict(clock({ seenAt: T0 + 12 * 3600_000 - 1 }), T0 + 12 * 3600_000, limits)).toBe('too-old');
  });
  it('ends when the token expires, before the lifetime', () => {
    expect(sessionVerdict(clock({ expiresAt: new Date(T0 + 3600_000).toISOString(), seenAt: T0 + 3599_000 }), T0 + 3600_000, limits)).toBe('token-expired');
  });
});

describe('sealSession', () => {
  it('seals with a ttl that ends with the session: the earlier of token expiry and lifetime', async () => {
    const short = { ...largest(), ...clock({ expiresAt: new Date(T0 + 3600_000).toISOString() }) };
    expect((await sealSession(short, PASSWORDS, T0, limits.maxSeconds)).ttl).toBe(3600);
    const long = { ...largest(), ...clock() };
    expect((await sealSession(long, PASSWORDS, T0 + 3600_000, limits.maxSeconds)).ttl).toBe(11 * 3600);
    expect(sessionEnd(long, limits.maxSeconds)).toBe(T0 + 12 * 3600_000);
  });

  it('keeps the largest session the schema allows under 3.5 KB, as a whole Set-Cookie value', async () => {
    const s = { ...largest(), ...clock() };
    expect(sessionDataSchema.parse(largest())).toEqual(largest());
    const { seal, ttl } = await sealSession(s, PASSWORDS, T0, limits.maxSeconds);
    const setCookie = `${cookieNameFor(true)}=${seal}; Max-Age=${ttl}; Path=/; HttpOnly; Secure; SameSite=Lax`;
    expect(setCookie.length).toBeLessThan(3.5 * 1024);
    console.log(`largest session cookie: ${setCookie.length} bytes`);
    expect(await unsealData(seal, { password: PASSWORDS })).toEqual(s);
  });

  it('cannot be read once its ttl has passed (iron allows 60 s of clock skew)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(T0);
      const s = { ...largest(), ...clock({ expiresAt: new Date(T0 + 600_000).toISOString() }) };
      const { seal, ttl } = await sealSession(s, PASSWORDS, T0, limits.maxSeconds);
      expect(ttl).toBe(600);
      vi.setSystemTime(T0 + 600_000 + 30_000);
      expect(await unsealData(seal, { password: PASSWORDS })).toEqual(s);
      vi.setSystemTime(T0 + 600_000 + 61_000);
      expect(await unsealData(seal, { password: PASSWORDS })).toEqual({});
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('cookieNameFor', () => {
  it('takes the __Host- prefix over https only', () => {
    expect(cookieNameFor(true)).toBe('__Host-snapdeck_session');
    expect(cookieNameFor(false)).toBe('snapdeck_session');
  });
});

/** Every field at the longest the schema takes, in characters that do not compress. */
function largest(): SessionData {
  const str = (n: number, seed: string) => Array.from({ length: n }, (_, i) => (seed.charCodeAt(i % seed.length) * 31 + i * 17) % 26).map((c) => String.fromCharCode(97 + c)).join('');
  const url = (seed: string) => `https://${str(200 - 8, seed)}`;
  return {
    tokenId: str(400, 'token'),
    expiresAt: '2026-12-02T12:00:00.000000Z',
    user: { id: str(64, 'uid'), name: str(64, 'uname'), domainName: str(64, 'dom') },
    project: { id: str(64, 'pid'), name: str(64, 'pname') },
    region: str(64, 'region'),
    regionCount: 1000,
    endpoints: { identity: url('id'), compute: url('co'), image: url('im'), network: url('ne'), volume: url('vo'), workflow: url('wf') },
    computeMicroversion: '2.100',
    volumeMicroversion: '3.100',
  };
}
