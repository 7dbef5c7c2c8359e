// Browser timings for the benchmarks: navigation start → the moment a condition on the DOM
// first holds in a rendered frame, read from the page's own clock (performance.now() is
// measured from the navigation's timeOrigin). The same probe times Snapdeck, Horizon and the
// minimal static page that stands for the browser's floor, so the ratios compare like with like.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { staticSecurityHeaders } from '../../next.config.js';

/** What "drawn" means for one page: at least `count` elements match `selector`. */
export interface DrawnWhen {
  selector: string;
  count: number;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/** Runs in the page before any of its own scripts, from the first byte of the document: on
 * every animation frame it checks the condition, and records the frame's time once it holds.
 * A frame's callbacks run just before that frame is painted, and the browser runs none while
 * rendering is blocked (a stylesheet still loading), so this is the first paint that shows it.
 * Plain source, not a function: tsx's compiled functions call helpers the page lacks. */
function probe({ selector, count }: DrawnWhen): string {
  return `(() => {
    const selector = ${JSON.stringify(selector)};
    const count = ${JSON.stringify(count)};
    const tick = () => {
      if (document.querySelectorAll(selector).length >= count) {
        window.__drawnAt = performance.now();
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })();`;
}

export interface Timing {
  /** Navigation start → the condition held in a painted frame, ms. */
  drawnMs: number;
  /** Navigation start → the last byte of the document, ms (PerformanceNavigationTiming). */
  documentMs: number;
}

export interface NavigationOptions {
  /** A page the tab shows first: of another site, as when a user follows a link or types the
   * address while on some other site (site isolation then starts a renderer for the page), or
   * of the page's own origin, as when a user already in the app reloads or types an address
   * (the renderer is reused). Without it the tab starts blank: see startMinimalPageServer. */
  from?: string;
}

/** One navigation in a fresh tab of `context` (cookies and the HTTP cache are the context's). */
export async function timeNavigation(context: BrowserContext, url: string, drawn: DrawnWhen, { from }: NavigationOptions = {}, timeoutMs = 30_000): Promise<Timing> {
  const page = await context.newPage();
  try {
    if (from) await page.goto(from);
    await page.addInitScript({ content: probe(drawn) });
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    await page.waitForFunction(() => (window as unknown as { __drawnAt?: number }).__drawnAt !== undefined, undefined, { timeout: timeoutMs, polling: 50 });
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return { drawnMs: (window as unknown as { __drawnAt: number }).__drawnAt, documentMs: nav?.responseEnd ?? NaN };
    });
  } finally {
    await page.close();
  }
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** `runs` timed navigations after `warmup` untimed ones; the median and every run. */
export async function medianNavigation(context: BrowserContext, url: string, drawn: DrawnWhen, opts: { runs?: number; warmup?: number } & NavigationOptions = {}): Promise<{ median: number; runs: number[] }> {
  const runs: number[] = [];
  for (let i = 0; i < (opts.warmup ?? 1); i++) await timeNavigation(context, url, drawn, opts);
  for (let i = 0; i < (opts.runs ?? 7); i++) runs.push((await timeNavigation(context, url, drawn, opts)).drawnMs);
  return { median: median(runs), runs };
}

/** Times `fn` `runs` times after one untimed call; the median in ms. */
export async function medianCall(fn: () => Promise<unknown>, runs = 7): Promise<number> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

export const MINIMAL_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head><body><h1>The browser\'s floor</h1></body></html>';

/** The browser's floor: a minimal static HTML page from a plain Node server on loopback.
 * `?coop` adds Snapdeck's Cross-Origin-Opener-Policy to the answer, nothing else. `url` is on
 * 127.0.0.1; `otherSiteUrl` is the same server as `localhost`, which is another site to the
 * browser (site isolation gives it its own renderer); `sameSiteUrl` is another page of `url`'s
 * origin.
 *
 * Why arrivals are timed from a page and not from a blank tab: a blank tab's renderer can take
 * a page without Cross-Origin-Opener-Policy, but a page with one (Snapdeck's) needs a browsing
 * context group of its own, so Chromium starts a renderer for it (about 250 ms on 2 cores)
 * and the minimal page gets none. No user arrives from a blank tab (the new-tab page is
 * Chromium's own, and any other site is another renderer): from another site both pages get a
 * new renderer, from their own origin neither does. */
export async function startMinimalPageServer(): Promise<{ url: string; otherSiteUrl: string; sameSiteUrl: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const coop = new URL(req.url ?? '/', 'http://x').searchParams.has('coop') ? { 'cross-origin-opener-policy': staticSecurityHeaders['Cross-Origin-Opener-Policy'] } : {};
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(MINIMAL_PAGE), ...coop });
    res.end(MINIMAL_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, otherSiteUrl: `http://localhost:${port}/`, sameSiteUrl: `http://127.0.0.1:${port}/another-page`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Signs in to Snapdeck through its login form, as a user would; the context keeps the cookie. */
export async function signInToSnapdeck(context: BrowserContext, appUrl: string, creds: { username: string; password: string; project?: string }): Promise<void> {
  const page: Page = await context.newPage();
  try {
    await page.goto(`${appUrl}/login`);
    await page.getByLabel('User name').fill(creds.username);
    await page.getByLabel('Password').fill(creds.password);
    await page.getByLabel('Domain').fill('Default');
    if (creds.project) await page.getByLabel('Project').fill(creds.project);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  } finally {
    await page.close();
  }
}
