import type { ReactNode } from 'react';

/** The frame of every page: a skip link to the content, the header, the main area. */
export function PageShell({ header, children, mainClassName = 'py-6' }: { header: ReactNode; children: ReactNode; mainClassName?: string }) {
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900">
        Skip to content
      </a>
      {header}
      <main id="main" className={`mx-auto max-w-screen-2xl px-4 ${mainClassName}`}>{children}</main>
    </div>
  );
}
