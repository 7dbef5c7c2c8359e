import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { readSession, type SessionData } from './session';

const HOME = '/instances';
const PROBE = 'http://snapdeck.invalid';

/** Where to go after sign-in: a path of this app's own pages, never another origin. The value
 * is resolved against an origin and the origins compared, as a browser would resolve it;
 * before that, anything a browser would strip or reinterpret (control characters, tab,
 * newline, backslash) and anything that is not a plain absolute path is refused. */
export function safeNext(next: string | null | undefined): string {
  if (!next || next.length > 2048) return HOME;
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(next)) return HOME;
  if (!next.startsWith('/') || next.startsWith('//')) return HOME;
  let url: URL;
  try {
    url = new URL(next, PROBE);
  } catch {
    return HOME;
  }
  if (url.origin !== PROBE) return HOME;
  // Dot segments can normalise into a protocol-relative path: `/.//evil.example` → `//evil.example`.
  if (url.pathname.startsWith('//')) return HOME;
  // Sign-in and the API are no places to land on.
  if (/^\/(login|api)(\/|$)/.test(url.pathname)) return HOME;
  return url.pathname + url.search + url.hash;
}

/** The session for a page; without one, off to sign-in with the way back. Read once per
 * request however many layouts and pages ask (React's cache). */
export const requirePageSession = cache(async (): Promise<SessionData> => {
  const current = await readSession();
  if (current) return current.data;
  const path = (await headers()).get('x-snapdeck-path') ?? '/instances';
  redirect(`/login?next=${encodeURIComponent(safeNext(path))}&expired=1`);
});
