import type { ReactNode } from 'react';

export const inputClass =
  'w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm disabled:opacity-60 aria-[invalid=true]:border-red-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:aria-[invalid=true]:border-red-400';

/** A labelled form control with its hint and its error below it. The control itself is
 * given by `children(ids)` so that it can point at them (aria-describedby). */
export function Field({ id, label, hint, error, optional = false, children }: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
  optional?: boolean;
  children: (a11y: { id: string; 'aria-describedby': string | undefined; 'aria-invalid': boolean }) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1">
      <div className="flex items-baseline gap-1.5">
        <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
          {label}
        </label>
        {/* Outside the label: the control's accessible name stays exactly `label`. */}
        {optional && <span className="text-xs text-slate-500 dark:text-slate-400">optional</span>}
      </div>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': Boolean(error) })}
      {error && (
        <p id={errorId!} className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      {hint && (
        <div id={hintId!} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </div>
      )}
    </div>
  );
}
