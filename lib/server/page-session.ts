import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { readSession, type SessionData } from './session';

/** Safe `next` targets: local paths only, never another origin. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/instances';
  return next;
}

/** The session for a page; without one, off to sign-in with the way back. */
export async function requirePageSession(): Promise<SessionData> {
  const current = await readSession();
  if (current) return current.data;
  const path = (await headers()).get('x-snapdeck-path') ?? '/instances';
  redirect(`/login?next=${encodeURIComponent(safeNext(path))}&expired=1`);
}
