'use client';
import type { ReactNode } from 'react';
import { useHydrated } from './use-hydrated';

/** A server-rendered region whose controls need JavaScript: disabled (a disabled fieldset)
 * until React has hydrated them, so that nothing is clicked or typed into a control that
 * cannot act on it yet and then lost. Links inside still work. Until then the controls keep
 * their normal look (globals.css), to avoid a flash of faded buttons on every load. */
export function Interactive({ children, className = '' }: { children: ReactNode; className?: string }) {
  const hydrated = useHydrated();
  return (
    <fieldset disabled={!hydrated} data-hydrating={hydrated ? undefined : ''} className={`m-0 min-w-0 border-0 p-0 ${className}`}>
      {children}
    </fieldset>
  );
}
