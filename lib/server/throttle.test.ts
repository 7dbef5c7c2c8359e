import { afterEach, describe, expect, it, vi } from 'vitest';
import { admitSignIn, backoffSeconds, clientAddress, memoryLimiters, THROTTLE } from './throttle';

afterEach(() => vi.useRealTimers());

async function fail(l: ReturnType<typeof memoryLimiters>, who: { address: string; user: string }) {
  const a = await admitSignIn(who, l);
  if (a.ok) await a.settle('failure');
  return a;
}

describe('admitSignIn', () => {
  it('admits 5 failures of a user name a minute, then refuses with a wait that doubles', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const l = memoryLimiters();
    const who = { address: '198.51.100.7', user: 'Default/demo' };
    for (let i = 0; i < THROTTLE.perUser; i++) expect((await fail(l, who)).ok).toBe(true);
    const sixth = await fail(l, who);
    expect(sixth).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(await fail(l, who)).toEqual({ ok: false, retryAfterSeconds: 120 });
    expect(await fail(l, who)).toEqual({ ok: false, retryAfterSeconds: 240 });
    // The same name from another address is refused too: the count is the name's.
    expect(await admitSignIn({ ...who, address: '203.0.113.9' }, l)).toEqual({ ok: false, retryAfterSeconds: 480 });
    // After the wait, one more try is admitted; not before.
    vi.setSystemTime(Date.now() + 470_000);
    expect((await admitSignIn(who, l)).ok).toBe(false);
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    expect((await admitSignIn(who, l)).ok).toBe(true);
  });

  it('treats user names without regard to case or surrounding spaces', async () => {
    const l = memoryLimiters();
    for (let i = 0; i < THROTTLE.perUser; i++) await fail(l, { address: `192.0.2.${i}`, user: i % 2 ? 'Default/Demo ' : 'default/demo' });
    expect((await admitSignIn({ address: '192.0.2.99', user: 'DEFAULT/DEMO' }, l)).ok).toBe(false);
  });

  it('limits one address guessing many user names (password spraying)', async () => {
    const l = memoryLimiters();
    for (let i = 0; i < THROTTLE.perAddress; i++) expect((await fail(l, { address: '198.51.100.8', user: `u${i}` })).ok).toBe(true);
    expect((await admitSignIn({ address: '198.51.100.8', user: 'someone-new' }, l)).ok).toBe(false);
    expect((await admitSignIn({ address: '198.51.100.9', user: 'someone-new' }, l)).ok).toBe(true);
  });

  it('forgives a user name its failures on success, and does not count Keystone being down', async () => {
    const l = memoryLimiters();
    const who = { address: '198.51.100.10', user: 'Default/demo' };
    for (let i = 0; i < THROTTLE.perUser - 1; i++) await fail(l, who);
    const ok = await admitSignIn(who, l);
    expect(ok.ok).toBe(true);
    if (ok.ok) await ok.settle('success');
    for (let i = 0; i < 10; i++) {
      const a = await admitSignIn(who, l);
      expect(a.ok).toBe(true);
      if (a.ok) await a.settle('neutral');
    }
    for (let i = 0; i < THROTTLE.perUser; i++) expect((await fail(l, who)).ok).toBe(true);
  });

  it('counts parallel attempts before Keystone answers: a burst cannot slip past the limit', async () => {
    const l = memoryLimiters();
    const who = { address: '198.51.100.11', user: 'Default/demo' };
    const burst = await Promise.all(Array.from({ length: 20 }, () => admitSignIn(who, l)));
    expect(burst.filter((a) => a.ok)).toHaveLength(THROTTLE.perUser);
  });
});

describe('backoffSeconds', () => {
  it('doubles from a minute and stops at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map(backoffSeconds)).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });
});

describe('clientAddress', () => {
  const h = (xff: string) => new Headers({ 'x-forwarded-for': xff });
  it('is the socket address Next puts first, without a trusted proxy', () => {
    expect(clientAddress(h('127.0.0.1'), { trustProxy: false })).toBe('127.0.0.1');
  });
  it('is the last hop a trusted proxy appended, not what the client claimed', () => {
    expect(clientAddress(h('6.6.6.6, 198.51.100.7'), { trustProxy: true })).toBe('198.51.100.7');
  });
  it('is "unknown" without the header', () => {
    expect(clientAddress(new Headers(), { trustProxy: false })).toBe('unknown');
  });
});
