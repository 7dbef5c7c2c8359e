import type { ReactNode } from 'react';

/** One term of a detail page's description list (`<dl>`): `property` for a raw OpenStack
 * field (its name in monospace, in a two-column grid), `label` for a field named in words. */
export function DetailField({ term, variant = 'label', children }: { term: string; variant?: 'label' | 'property'; children: ReactNode }) {
  if (variant === 'property') {
    return (
      <div className="contents">
        <dt className="font-mono text-xs text-slate-600 dark:text-slate-400">{term}</dt>
        <dd className="break-all">{children}</dd>
      </div>
    );
  }
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{term}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}
