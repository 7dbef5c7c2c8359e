'use client';
import './globals.css';

/**
 * What the browser shows when the root layout itself fails to render (every other failure is
 * shown by the page that met it). Next's built-in one styles itself with inline style
 * attributes, which the CSP blocks, and says only "Application error": this one uses the
 * app's stylesheet, says what happened and offers a way back.
 */
export default function GlobalError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <title>Error · Snapdeck</title>
        <main className="flex min-h-screen items-center justify-center px-4">
          <div className="max-w-md text-center" role="alert">
            <h1 className="mb-2 text-2xl font-semibold">Snapdeck could not show this page</h1>
            <p className="mb-6 text-sm text-slate-600 dark:text-slate-400">
              An unexpected error stopped it; showing a page changes nothing in your cloud.
              {error.digest && <> The server logged it as <span className="font-mono">{error.digest}</span>.</>}
            </p>
            <div className="flex justify-center gap-3">
              <button type="button" onClick={retry} className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800">Try again</button>
              {/* A plain link: a full load starts the app afresh, whatever state broke it. */}
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
              <a href="/instances" className="rounded-md px-3 py-1.5 text-sm font-medium text-sky-800 hover:bg-slate-100 dark:text-sky-300 dark:hover:bg-slate-800">Back to the app</a>
            </div>
          </div>
        </main>
      </body>
    </html>
  );
}
