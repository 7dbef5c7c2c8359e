import type { Metadata } from 'next';
import { LoginForm } from '@/components/auth/login-form';
import { getConfig } from '@/lib/server/app-config';
import { isLoopbackHost } from '@/lib/server/config';
import { safeNext } from '@/lib/server/page-session';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const config = getConfig();
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  // The demo login is no secret on this machine; beyond it, it tells a stranger what to try.
  const demoHint = config.isLocalCloud && isLoopbackHost(config.host);
  const notice = one(sp.signedOut)
    ? one(sp.revoked) === '0'
      ? 'You have signed out, but Keystone could not revoke your token: it stays valid until it expires.'
      : 'You have signed out.'
    : one(sp.expired) ? 'Your session has ended. Sign in again to continue.' : null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-2xl font-semibold">Snapdeck</h1>
        <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">
          Sign in to <span className="font-medium">{config.cloudName}</span>
          {demoHint && <> — the local cloud: try <code>demo</code> / <code>demo</code></>}
        </p>
        <LoginForm next={safeNext(one(sp.next))} prefill={config.prefill} notice={notice} />
      </div>
    </main>
  );
}
