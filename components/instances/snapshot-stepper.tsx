import { isVolumeBackedProgress, stepsFor, type Step } from '@/lib/snapshots/progress';
import type { ProgressState, TrackKind } from '@/lib/snapshots/progress-state';

/** A step's pill: passed, current, failed, to come (also the copy-to-region stepper's). */
export const STEP_TONES = {
  done: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
  current: 'border-sky-400 bg-sky-50 font-semibold text-sky-900 dark:border-sky-600 dark:bg-sky-950 dark:text-sky-100',
  failed: 'border-red-400 bg-red-50 font-semibold text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100',
  pending: 'border-slate-200 text-slate-500 dark:border-slate-700 dark:text-slate-400',
} as const;

/** Nova's task states then Glance's statuses (and for a volume-backed snapshot Cinder's), as
 * a row of steps: passed, current, to come. */
export function SnapshotStepper({ kind, progress, label, compact = false }: { kind: TrackKind; progress: ProgressState; label: string; compact?: boolean }) {
  const steps = stepsFor(kind, isVolumeBackedProgress(progress));
  const failed = progress.outcome === 'failed';
  if (compact) return <CompactStepper steps={steps} progress={progress} label={label} />;
  return (
    <ol aria-label={label} className="flex flex-wrap items-center gap-x-1 gap-y-1 text-xs">
      {steps.map((step, i) => {
        const done = i < progress.stepIndex || (i === progress.stepIndex && progress.outcome === 'done');
        const current = i === progress.stepIndex && !done;
        const state = done ? 'done' : current ? (failed ? 'failed' : 'current') : 'pending';
        const tone = STEP_TONES[state];
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

/** For the toast: one segment per step and the current step in words. */
function CompactStepper({ steps, progress, label }: { steps: Step[]; progress: ProgressState; label: string }) {
  const at = Math.max(progress.stepIndex, 0);
  const done = progress.outcome === 'done';
  const failed = progress.outcome === 'failed';
  return (
    <div>
      <ol aria-label={label} className="flex gap-0.5">
        {steps.map((step, i) => {
          const passed = i < at || (i === at && done);
          const current = i === at && !done;
          const color = passed ? 'bg-emerald-500' : current ? (failed ? 'bg-red-500' : 'bg-sky-500 animate-pulse') : 'bg-slate-200 dark:bg-slate-700';
          return (
            <li key={step.key} aria-current={current ? 'step' : undefined} data-state={passed ? 'done' : current ? (failed ? 'failed' : 'current') : 'pending'} title={step.label} className={`h-1.5 flex-1 rounded-full ${color}`}>
              <span className="sr-only">{step.label}{passed ? ' (done)' : current ? (failed ? ' (failed)' : ' (in progress)') : ''}</span>
            </li>
          );
        })}
      </ol>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Step {at + 1} of {steps.length}: {steps[at]?.label}</p>
    </div>
  );
}
