'use client';
import { useSyncExternalStore } from 'react';

const never = () => () => {};

/** False in the server's HTML and while hydrating, true after: for what only the browser
 * can say (its time zone, its locale), so that hydration sees the server's markup. */
export function useHydrated(): boolean {
  return useSyncExternalStore(never, () => true, () => false);
}
