// The per-request security headers: proxy.ts sets them on every page, the route handlers'
// pipeline (lib/server/api.ts) on every API answer; the proxy does not run for /api, which
// spares every API call its cost (about 1 ms of CPU here). The headers that never change
// (X-Frame-Options, nosniff, Referrer-Policy, Permissions-Policy, COOP, CORP) are in
// next.config.js headers(), which reaches every answer Next.js sends, static files and
// redirects included. No header here or there allows another origin
// (no Access-Control-Allow-*): the browser's only way to the app's API is its own pages.
import { apiStaticHeaders } from '../../next.config.js';
import type { AppConfig } from './config';

/** What the answer is: a page (HTML or its RSC payload) or an /api answer (JSON, a download). */
export type AnswerKind = 'page' | 'api';

export interface PageHeaderOptions {
  kind: 'page';
  /** This request's nonce; Next.js reads it from the CSP request header and puts it on its
   * own inline and bundle scripts. */
  nonce: string;
  /** The browser reached the app over https: HSTS, and upgrade-insecure-requests. */
  https: boolean;
  /** `next dev`: React's dev tooling needs eval and Next's dev overlay injects styles. */
  dev: boolean;
}

export interface ApiHeaderOptions {
  kind: 'api';
  /** The browser reached the app over https: HSTS. */
  https: boolean;
}

export type SecurityHeaderOptions = PageHeaderOptions | ApiHeaderOptions;

/** 128 random bits, base64: a fresh one per request, so an injected script cannot guess it. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The pages' policy. Scripts run only with this request's nonce ('strict-dynamic' lets the
 * bundles they load run too); no 'unsafe-eval' and no 'unsafe-inline' in production. Styles
 * are the build's own stylesheets, linked from 'self', or carry the nonce (Next's inline
 * styles); no component sets a `style` attribute, so 'unsafe-inline'
 * is not needed. */
export function contentSecurityPolicy({ nonce, https, dev }: Pick<PageHeaderOptions, 'nonce' | 'https' | 'dev'>): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(nonce)) throw new Error('A CSP nonce must be base64');
  const directives = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' ${dev ? `'unsafe-inline'` : `'nonce-${nonce}'`}`,
    `img-src 'self'`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    // Over plain http this would send every subresource to https and break the page.
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** API answers are data, never a document: nothing may load from or frame them. Also
 * next.config.js's for every /api answer, Next.js's own included. */
export const API_CONTENT_SECURITY_POLICY = apiStaticHeaders['Content-Security-Policy'];

/** Two years, subdomains included, as hstspreload.org asks; sent only over https. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/** The headers proxy.ts sets on a page, and the pipeline on an API answer. */
export function securityHeaders(o: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': o.kind === 'page' ? contentSecurityPolicy(o) : API_CONTENT_SECURITY_POLICY,
    // Pages show a signed-in user's instances and images; API answers are theirs too. The
    // sign-in page is dynamic as well: nothing here is for a shared cache or the back button.
    'Cache-Control': 'no-store',
    ...(o.https ? { 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY } : {}),
  };
}

/** Did the browser reach the app over https? An https SNAPDECK_PUBLIC_URL says so for every
 * request; otherwise X-Forwarded-Proto, only when SNAPDECK_TRUST_PROXY=true (anyone can send
 * that header to an app that is not behind a proxy). The first value is the client's hop. */
export function browserUsesHttps(config: Pick<AppConfig, 'publicOrigin' | 'trustProxy'>, forwardedProto: string | null): boolean {
  if (config.publicOrigin) return config.publicOrigin.startsWith('https:');
  if (!config.trustProxy || !forwardedProto) return false;
  return forwardedProto.split(',')[0]!.trim().toLowerCase() === 'https';
}
