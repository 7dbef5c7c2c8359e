import { describe, expect, it } from 'vitest';
import { checkOrigin, requestOrigin } from './origin';

const direct = { publicOrigin: null, trustProxy: false };
const proxied = { publicOrigin: null, trustProxy: true };
const h = (o: Record<string, string>) => new Headers(o);

describe('requestOrigin', () => {
  it('is the public URL when configured, whatever the request says', () => {
    expect(requestOrigin(h({ host: 'evil.example' }), { publicOrigin: 'https://dash.example', trustProxy: false })).toBe('https://dash.example');
  });
  it('is the Host over http without a trusted proxy, ignoring X-Forwarded-*', () => {
    expect(requestOrigin(h({ host: 'snapdeck.test:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }), direct)).toBe('http://snapdeck.test:3000');
  });
  it('honours X-Forwarded-Host and -Proto behind a trusted proxy', () => {
    expect(requestOrigin(h({ host: '10.0.0.5:3000', 'x-forwarded-host': 'dash.example', 'x-forwarded-proto': 'https' }), proxied)).toBe('https://dash.example');
  });
  it('is null for a Host that is not host[:port]', () => {
    expect(requestOrigin(h({ host: 'a@b.example' }), direct)).toBeNull();
    expect(requestOrigin(h({ host: 'b.example/path' }), direct)).toBeNull();
    expect(requestOrigin(h({}), direct)).toBeNull();
  });
});

describe('checkOrigin', () => {
  const own = { host: 'snapdeck.test' };
  it.each([
    ['the app itself', { ...own, origin: 'http://snapdeck.test' }, true],
    ['another site', { ...own, origin: 'http://evil.example' }, false],
    ['a same-site sibling', { ...own, origin: 'http://other.snapdeck.test' }, false],
    ['another port', { ...own, origin: 'http://snapdeck.test:8080' }, false],
    ['https for an http app', { ...own, origin: 'https://snapdeck.test' }, false],
    ['null (sandboxed frame, data: URL)', { ...own, origin: 'null' }, false],
    ['no Origin, Sec-Fetch-Site same-origin', { ...own, 'sec-fetch-site': 'same-origin' }, true],
    ['no Origin, Sec-Fetch-Site same-site', { ...own, 'sec-fetch-site': 'same-site' }, false],
    ['no Origin, Sec-Fetch-Site cross-site', { ...own, 'sec-fetch-site': 'cross-site' }, false],
    ['neither header', own, false],
    ['Origin wins over a lying Sec-Fetch-Site', { ...own, origin: 'http://evil.example', 'sec-fetch-site': 'same-origin' }, false],
  ])('%s → %s', (_what, headers, ok) => {
    expect(checkOrigin(h(headers), direct).ok).toBe(ok);
  });
  it('compares with the public URL when configured', () => {
    const config = { publicOrigin: 'https://dash.example', trustProxy: false };
    expect(checkOrigin(h({ host: 'internal:3000', origin: 'https://dash.example' }), config).ok).toBe(true);
    expect(checkOrigin(h({ host: 'internal:3000', origin: 'http://internal:3000' }), config).ok).toBe(false);
  });
});
