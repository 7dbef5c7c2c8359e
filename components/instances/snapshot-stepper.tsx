import { stepsFor, type ProgressState, type TrackKind } from '@/lib/domain/snapshot-progress';

/** Nova's task states then Glance's statuses, as a row of steps: passed, current, to come. */
export function SnapshotStepper({ kind, progress, label }: { kind: TrackKind; progress: ProgressState; label: string }) {
  const steps = stepsFor(kind);
  const failed = progress.outcome === 'failed';
  return (
    <ol aria-label={label} className="flex flex-wrap items-center gap-x-1 gap-y-1 text-xs">
      {steps.map((step, i) => {
        const done = i < progress.stepIndex || (i === progress.stepIndex && progress.outcome === 'done');
        const current = i === progress.stepIndex && !done;
        const state = done ? 'done' : current ? (failed ? 'failed' : 'current') : 'pending';
        const tone = {
          done: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
          current: 'border-sky-400 bg-sky-50 font-semibold text-sky-900 dark:border-sky-600 dark:bg-sky-950 dark:text-sky-100',
          failed: 'border-red-400 bg-red-50 font-semibold text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100',
          pending: 'border-slate-200 text-slate-500 dark:border-slate-700 dark:text-slate-400',
        }[state];
        return (
          <li key={step.key} aria-current={current ? 'step' : undefined} data-state={state} className="flex items-center gap-1">
            {i > 0 && <span aria-hidden className="text-slate-400">›</span>}
            <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 ${tone}`}>
              <span aria-hidden>{done ? '✓' : current ? (failed ? '✕' : '●') : '○'}</span>
              {step.label}
              <span className="sr-only">{done ? ' (done)' : current ? (failed ? ' (failed)' : ' (in progress)') : ''}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
