import { describe, expect, it } from 'vitest';
import nextConfig, { staticSecurityHeaders } from '../../next.config.js';
import { API_CONTENT_SECURITY_POLICY, browserUsesHttps, contentSecurityPolicy, newNonce, securityHeaders } from './security-headers';

/** A CSP as a map of directive → sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

describe('contentSecurityPolicy', () => {
  const nonce = 'AAECAwQFBgcICQoLDA0ODw==';

  it('lets scripts run only with the nonce, with no eval and no inline code in production', () => {
    const d = directives(contentSecurityPolicy({ nonce, https: false, dev: false }));
    expect(d.get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(d.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
    const all = [...d.values()].flat();
    expect(all).not.toContain("'unsafe-eval'");
    expect(all).not.toContain("'unsafe-inline'");
    expect(all.some((s) => s === '*' || /^https?:/.test(s))).toBe(false);
  });

  it('forbids framing, plugins, a foreign <base> and forms posting elsewhere', () => {
    const d = directives(contentSecurityPolicy({ nonce, https: false, dev: false }));
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'self'"]);
    expect(d.get('form-action')).toEqual(["'self'"]);
    expect(d.get('default-src')).toEqual(["'self'"]);
  });

  it('upgrades insecure requests only over https, where it cannot break the page', () => {
    expect(directives(contentSecurityPolicy({ nonce, https: false, dev: false })).has('upgrade-insecure-requests')).toBe(false);
    expect(directives(contentSecurityPolicy({ nonce, https: true, dev: false })).has('upgrade-insecure-requests')).toBe(true);
  });

  it("allows eval and inline styles under `next dev` only, which React's dev tooling needs", () => {
    const d = directives(contentSecurityPolicy({ nonce, https: false, dev: true }));
    expect(d.get('script-src')).toContain("'unsafe-eval'");
    expect(d.get('style-src')).toContain("'unsafe-inline'");
  });

  it("allows the build's own stylesheets from 'self' and inline styles only with the nonce", () => {
    const d = directives(contentSecurityPolicy({ nonce, https: false, dev: false }));
    expect(d.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
  });

  it('refuses a nonce that could break out of the header', () => {
    expect(() => contentSecurityPolicy({ nonce: "x'; script-src *", https: false, dev: false })).toThrow(/base64/);
  });
});

describe('newNonce', () => {
  it('is 128 random bits in base64, fresh each time', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newNonce()));
    expect(seen.size).toBe(200);
    for (const n of seen) expect(Buffer.from(n, 'base64')).toHaveLength(16);
  });
});

describe('securityHeaders', () => {
  const base = { nonce: 'bm9uY2Vub25jZW5vbmNlMQ==', https: false, dev: false };

  it('gives pages the nonce policy and API answers a policy that loads nothing', () => {
    expect(securityHeaders({ ...base, kind: 'page' })['Content-Security-Policy']).toContain(`'nonce-${base.nonce}'`);
    expect(securityHeaders({ ...base, kind: 'api' })['Content-Security-Policy']).toBe(API_CONTENT_SECURITY_POLICY);
    expect(directives(API_CONTENT_SECURITY_POLICY).get('default-src')).toEqual(["'none'"]);
    expect(directives(API_CONTENT_SECURITY_POLICY).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('keeps pages and API answers out of every cache', () => {
    for (const kind of ['page', 'api'] as const) expect(securityHeaders({ ...base, kind })['Cache-Control']).toBe('no-store');
  });

  it('sends HSTS over https only', () => {
    expect(securityHeaders({ ...base, kind: 'page' })).not.toHaveProperty('Strict-Transport-Security');
    expect(securityHeaders({ ...base, kind: 'api', https: true })['Strict-Transport-Security']).toMatch(/^max-age=\d{8}; includeSubDomains$/);
  });

  it('never allows another origin', () => {
    for (const kind of ['page', 'api'] as const) {
      for (const https of [false, true]) {
        const names = Object.keys(securityHeaders({ ...base, kind, https }));
        expect(names.filter((n) => /^access-control-/i.test(n))).toEqual([]);
      }
    }
  });
});

describe('browserUsesHttps', () => {
  it('follows an https public URL for every request, whatever a header says', () => {
    expect(browserUsesHttps({ publicOrigin: 'https://dash.example.org', trustProxy: false }, null)).toBe(true);
    expect(browserUsesHttps({ publicOrigin: 'http://dash.example.org', trustProxy: true }, 'https')).toBe(false);
  });

  it('believes X-Forwarded-Proto only behind a trusted proxy, and only its first hop', () => {
    expect(browserUsesHttps({ publicOrigin: null, trustProxy: false }, 'https')).toBe(false);
    expect(browserUsesHttps({ publicOrigin: null, trustProxy: true }, 'https')).toBe(true);
    expect(browserUsesHttps({ publicOrigin: null, trustProxy: true }, 'HTTPS, http')).toBe(true);
    expect(browserUsesHttps({ publicOrigin: null, trustProxy: true }, 'http, https')).toBe(false);
    expect(browserUsesHttps({ publicOrigin: null, trustProxy: true }, null)).toBe(false);
  });
});

describe("next.config.js's static headers", () => {
  it('reach every path, and every /api answer gets the API policy and no-store, Next.js\'s own included', async () => {
    const rules = await nextConfig.headers!();
    const list = (h: Record<string, string>) => Object.entries(h).map(([key, value]) => ({ key, value }));
    expect(rules).toEqual([
      { source: '/:path*', headers: list(staticSecurityHeaders) },
      { source: '/api/:path*', headers: list({ 'Content-Security-Policy': API_CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-store' }) },
    ]);
  });

  it('forbid framing and sniffing, keep the referrer in the app, allow no CORS', () => {
    expect(staticSecurityHeaders['X-Frame-Options']).toBe('DENY');
    expect(staticSecurityHeaders['X-Content-Type-Options']).toBe('nosniff');
    expect(['same-origin', 'no-referrer']).toContain(staticSecurityHeaders['Referrer-Policy']);
    expect(Object.keys(staticSecurityHeaders).filter((n) => /^access-control-/i.test(n))).toEqual([]);
  });

  it('turn off the browser features the app does not use, but not clipboard-write', () => {
    const policy = new Map(staticSecurityHeaders['Permissions-Policy'].split(', ').map((p) => p.split('=') as [string, string]));
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'hid', 'clipboard-read', 'display-capture']) {
      expect(policy.get(feature), feature).toBe('()');
    }
    expect(policy.get('clipboard-write')).toBe('(self)');
  });
});
