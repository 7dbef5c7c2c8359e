import { NextResponse, type NextRequest } from 'next/server';

// Passes the page's path to server layouts, so that a signed-out visitor is sent to
// /login?next=<where they were> and comes back there after signing in.
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set('x-snapdeck-path', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!api|_next/static|_next/image|favicon.ico|.*\\.png$).*)'],
};
