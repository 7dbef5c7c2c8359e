import { NextResponse, type NextRequest } from 'next/server';
import { parseConfig, type AppConfig } from '@/lib/server/config';
import { browserUsesHttps, newNonce, securityHeaders } from '@/lib/server/security-headers';

// Parsed here once: the proxy is bundled apart from the pages and shares no module state
// with them. Only the public URL and trust-proxy settings are read; scripts/serve.ts has
// already refused a bad configuration at start.
let appConfig: Pick<AppConfig, 'publicOrigin' | 'trustProxy'> | undefined;

export function proxy(request: NextRequest) {
  appConfig ??= parseConfig(process.env, () => '');
  const dev = process.env.NODE_ENV === 'development';
  const { pathname, search } = request.nextUrl;
  const headers = securityHeaders({
    kind: 'page',
    nonce: newNonce(),
    https: browserUsesHttps(appConfig, request.headers.get('x-forwarded-proto')),
    dev,
  });

  const requestHeaders = new Headers(request.headers);
  // Server layouts send a signed-out visitor to /login?next=<where they were>.
  requestHeaders.set('x-snapdeck-path', pathname + search);
  // Next.js takes the nonce from the request's CSP header and puts it on its scripts.
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Every page, errors and public files included. Not the build's fingerprinted JS and CSS,
  // which get next.config.js's static headers, and not /api/…, whose answers get theirs from
  // the route pipeline (lib/server/api.ts) and next.config.js.
  matcher: ['/((?!_next/static|_next/image|api/).*)'],
};
