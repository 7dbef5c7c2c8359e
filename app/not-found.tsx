import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Not found' };

/** Next's built-in 404 page styles itself with inline style attributes and a <style> element
 * without a nonce, which the CSP blocks: this one uses the app's stylesheet. */
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-sm text-center">
        <h1 className="mb-2 text-2xl font-semibold">Page not found</h1>
        <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">There is nothing at this address.</p>
        {/* A plain link, not next/link: Turbopack puts this page's modules in a chunk that every
            page loads, and a Link here was a second copy of next/link's code (3.2 kB gzip) in it. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/instances" className="rounded-md px-3 py-1.5 text-sm font-medium text-sky-800 hover:bg-slate-100 dark:text-sky-300 dark:hover:bg-slate-800">
          Back to the app
        </a>
      </div>
    </main>
  );
}
