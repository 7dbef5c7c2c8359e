// Issue 10: the security headers on pages and API answers, as the production server sends them.
import type { APIResponse, Response } from '@playwright/test';
import { SEED } from '../lib/localcloud/state/seed';
import { expect, test } from './fixtures/test';

type Headers = Record<string, string>;

/** A CSP as a map of directive → sources. */
function directives(csp: string | undefined): Map<string, string[]> {
  expect(csp, 'Content-Security-Policy').toBeTruthy();
  return new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

/** The headers every answer carries, page or API, success or error. */
function expectCommonHeaders(h: Headers) {
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('same-origin');
  const permissions = h['permissions-policy'] ?? '';
  for (const off of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()']) expect(permissions).toContain(off);
  expect(permissions).toContain('clipboard-write=(self)');
  expect(h['cache-control']).toContain('no-store');
  // Served over plain http and not behind a trusted proxy: no HSTS, whatever a client claims.
  expect(h).not.toHaveProperty('strict-transport-security');
  expect(Object.keys(h).filter((n) => n.startsWith('access-control-'))).toEqual([]);
}

function expectPageHeaders(h: Headers): string {
  expectCommonHeaders(h);
  const csp = directives(h['content-security-policy']);
  const scripts = csp.get('script-src') ?? [];
  const nonce = scripts.find((s) => s.startsWith("'nonce-"));
  expect(nonce, 'a nonce in script-src').toBeTruthy();
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(csp.get('style-src')).not.toContain("'unsafe-inline'");
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'self'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  return nonce!;
}

function expectApiHeaders(h: Headers) {
  expectCommonHeaders(h);
  const csp = directives(h['content-security-policy']);
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
}

const headersOf = (r: Response | APIResponse | null) => {
  expect(r, 'a response').toBeTruthy();
  return r!.headers();
};

test('the sign-in page: a fresh nonce per request, on every script the page has', async ({ page, request }) => {
  const first = await page.goto('/login');
  const nonce = expectPageHeaders(headersOf(first));
  const value = nonce.slice("'nonce-".length, -1);
  // Next.js put this request's nonce on its scripts; none goes without.
  const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(new Set(scripts)).toEqual(new Set([value]));
  const second = expectPageHeaders((await request.get('/login')).headers());
  expect(second).not.toBe(nonce);
});

test('a dashboard page, signed in, and the payloads of client-side navigations', async ({ signedIn: page }) => {
  // Client-side navigations (and link prefetches) fetch a page's RSC payload: same headers.
  const payloads: Response[] = [];
  page.on('response', (r) => {
    if (r.request().headers()['rsc'] === '1') payloads.push(r);
  });
  expectPageHeaders(headersOf(await page.goto('/instances')));
  await expect(page.getByRole('heading', { name: 'Instances', level: 1 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Images' }).click();
  await expect(page.getByRole('heading', { name: 'Images', level: 1 })).toBeVisible();
  expect(payloads.map((r) => new URL(r.url()).pathname)).toContain('/images');
  for (const r of payloads) expectPageHeaders(r.headers());
});

test('API answers: a list, an error, a download, an unknown route, signed in or not', async ({ signedIn: page, request }) => {
  const list = await page.request.get('/api/servers');
  expect(list.status()).toBe(200);
  expectApiHeaders(list.headers());

  const bad = await page.request.get('/api/servers/not-a-uuid');
  expect(bad.status()).toBe(400);
  expectApiHeaders(bad.headers());

  const part = await page.request.get(`/api/images/${SEED.images.debian12}/file`, { headers: { Range: 'bytes=0-1023' } });
  expect(part.status()).toBe(206);
  expect((await part.body()).length).toBe(1024);
  expectApiHeaders(part.headers());

  const unknown = await page.request.get('/api/no-such-route');
  expect(unknown.status()).toBe(404);
  expectApiHeaders(unknown.headers());

  // A method the route lacks: Next.js answers it, not the pipeline; next.config.js's headers still.
  const wrongMethod = await page.request.fetch('/api/servers', { method: 'PUT', headers: { Origin: new URL(page.url()).origin } });
  expect(wrongMethod.status()).toBe(405);
  expectApiHeaders(wrongMethod.headers());

  // `request` has no session cookie.
  const signedOut = await request.get('/api/servers', { headers: { 'X-Forwarded-Proto': 'https' } });
  expect(signedOut.status()).toBe(401);
  expectApiHeaders(signedOut.headers());
});

test('a page that does not exist, a public file and the build’s assets', async ({ page, request }) => {
  const missing = await page.goto('/no-such-page');
  expect(missing?.status()).toBe(404);
  expectPageHeaders(headersOf(missing));
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();

  const script = await request.get('/fsfreeze-hook-example.sh');
  expect(script.status()).toBe(200);
  expectCommonHeaders(script.headers());

  // The stylesheet and the scripts are the build's assets, fingerprinted and cached for good.
  const css = await page.locator('link[rel="stylesheet"]').first().getAttribute('href');
  const js = await page.locator('script[src]').first().getAttribute('src');
  for (const href of [css, js]) {
    expect(href).toMatch(/^\/_next\/static\//);
    const asset = (await request.get(href!)).headers();
    expect(asset['x-content-type-options']).toBe('nosniff');
    expect(asset['x-frame-options']).toBe('DENY');
    expect(asset['cache-control']).toContain('immutable');
  }
});

test('no CORS: another origin gets no allow headers, preflight or not', async ({ signedIn: page }) => {
  const evil = 'https://evil.example';
  const preflight = await page.request.fetch('/api/servers', {
    method: 'OPTIONS',
    headers: { Origin: evil, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
  });
  expect(preflight.status()).toBeLessThan(500);
  expect(Object.keys(preflight.headers()).filter((n) => n.startsWith('access-control-'))).toEqual([]);

  const read = await page.request.get('/api/servers', { headers: { Origin: evil } });
  expect(Object.keys(read.headers()).filter((n) => n.startsWith('access-control-'))).toEqual([]);
});
