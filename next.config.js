// Headers that are the same on every answer, static files and redirects included. The ones
// that depend on the request are set by proxy.ts on pages (the CSP and its nonce,
// Cache-Control, HSTS) and by the route handlers' pipeline on API answers (HSTS):
// lib/server/security-headers.ts.
export const staticSecurityHeaders = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  // Everything off but clipboard-write, which the "Copy command" buttons use. Only features
  // Chromium knows: an unknown one is a console error on every page (e2e/csp.spec.ts).
  'Permissions-Policy': [
    'accelerometer=()',
    'autoplay=()',
    'browsing-topics=()',
    'camera=()',
    'clipboard-read=()',
    'clipboard-write=(self)',
    'display-capture=()',
    'encrypted-media=()',
    'fullscreen=()',
    'geolocation=()',
    'gyroscope=()',
    'hid=()',
    'idle-detection=()',
    'magnetometer=()',
    'microphone=()',
    'midi=()',
    'payment=()',
    'picture-in-picture=()',
    'publickey-credentials-get=()',
    'screen-wake-lock=()',
    'serial=()',
    'usb=()',
    'xr-spatial-tracking=()',
  ].join(', '),
  // No window of another origin keeps a handle on ours; nothing of ours loads elsewhere.
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Every /api answer's, the pipeline's (lib/server/api.ts) and Next.js's own alike (a 405 for
 * a method a route lacks): API answers are data, never a document, so nothing may load from
 * or frame them, and no cache keeps them. */
export const apiStaticHeaders = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Cache-Control': 'no-store',
};

const asList = (headers) => Object.entries(headers).map(([key, value]) => ({ key, value }));

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Several builds side by side (parallel development, e2e runs) each take their own folder.
  distDir: process.env.SNAPDECK_DIST_DIR || '.next',
  serverExternalPackages: ['@hono/node-server'],
  experimental: {
    // Start serving without loading every route's code first (about 2 s of a start on 2
    // cores, scripts/bench/start.ts); each route loads its code on its first request.
    preloadEntriesOnStart: false,
  },
  async headers() {
    return [
      { source: '/:path*', headers: asList(staticSecurityHeaders) },
      { source: '/api/:path*', headers: asList(apiStaticHeaders) },
    ];
  },
};

export default nextConfig;
