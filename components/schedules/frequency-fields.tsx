'use client';
// The Frequency part of the schedule form and of the crontab form: a preset (every N hours,
// daily, weekly, monthly) with its time in UTC, or a cron expression; then the frequency in
// words and its next 5 runs, in UTC and in the browser's zone.
import { useState } from 'react';
import { Field, inputClass } from '@/components/ui/field';
import { useHydrated } from '@/components/ui/use-hydrated';
import { cronOf, describeFrequency, formatRunTime, frequencySchema, HOURLY_STEPS, nextRuns, WEEKDAY_NAMES, type Frequency } from '@/lib/schedules/frequency';
import { FREQUENCY_KINDS, frequencyInput, type FrequencyDraft } from './frequency-draft';
import { browserTimeZone } from './run-time';

/** The draft as a Frequency, or the first problem per sub-field (`frequency`, `frequency.hour`…). */
export function readFrequency(draft: FrequencyDraft): { ok: true; frequency: Frequency } | { ok: false; errors: Record<string, string> } {
  const r = frequencySchema.safeParse(frequencyInput(draft));
  if (r.success) return { ok: true, frequency: r.data };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const sub = issue.path.length && issue.path[0] !== 'expression' ? `frequency.${String(issue.path[0])}` : 'frequency';
    errors[sub] ??= issue.message;
  }
  return { ok: false, errors };
}

export function FrequencyFields({ idPrefix, draft, onChange, errors }: {
  idPrefix: string;
  draft: FrequencyDraft;
  onChange: (next: FrequencyDraft) => void;
  /** Keyed `frequency` (the whole) or `frequency.<part>`. */
  errors: Record<string, string | undefined>;
}) {
  const set = (patch: Partial<FrequencyDraft>) => onChange({ ...draft, ...patch });
  const id = (part: string) => `${idPrefix}-${part}`;
  const whole = errors.frequency;
  const read = readFrequency(draft);
  const time = (
    <Field id={id('time')} label="Time (UTC)" error={errors['frequency.hour'] ?? errors['frequency.minute']}>
      {(a11y) => <input {...a11y} type="time" required value={draft.time} onChange={(e) => set({ time: e.target.value })} className={`${inputClass} w-32`} />}
    </Field>
  );
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <legend className="px-1 text-sm font-medium text-slate-800 dark:text-slate-200">When it runs</legend>
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-56">
          <Field id={id('kind')} label="Frequency" error={draft.kind === 'cron' ? null : whole}>
            {(a11y) => (
              <select {...a11y} value={draft.kind} onChange={(e) => set({ kind: e.target.value as FrequencyDraft['kind'], ...(e.target.value === 'cron' && read.ok ? { expression: cronOf(read.frequency) } : {}) })} className={inputClass}>
                {FREQUENCY_KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
              </select>
            )}
          </Field>
        </div>
        {draft.kind === 'hourly' && (
          <>
            <Field id={id('every')} label="Every" error={errors['frequency.everyHours']}>
              {(a11y) => (
                <select {...a11y} value={draft.everyHours} onChange={(e) => set({ everyHours: e.target.value })} className={`${inputClass} w-32`}>
                  {HOURLY_STEPS.map((n) => <option key={n} value={n}>{n === 1 ? '1 hour' : `${n} hours`}</option>)}
                </select>
              )}
            </Field>
            <Field id={id('minute')} label="Minute past the hour" error={errors['frequency.minute']}>
              {(a11y) => <input {...a11y} type="number" min={0} max={59} step={1} value={draft.minute} onChange={(e) => set({ minute: e.target.value })} className={`${inputClass} w-28`} />}
            </Field>
          </>
        )}
        {draft.kind === 'daily' && time}
        {draft.kind === 'weekly' && (
          <>
            <Field id={id('weekday')} label="Day of the week" error={errors['frequency.weekday']}>
              {(a11y) => (
                <select {...a11y} value={draft.weekday} onChange={(e) => set({ weekday: e.target.value })} className={`${inputClass} w-40`}>
                  {WEEKDAY_NAMES.map((name, i) => <option key={name} value={i}>{name}</option>)}
                </select>
              )}
            </Field>
            {time}
          </>
        )}
        {draft.kind === 'monthly' && (
          <>
            <Field id={id('day')} label="Day of the month" error={errors['frequency.day']}>
              {(a11y) => <input {...a11y} type="number" min={1} max={28} step={1} value={draft.day} onChange={(e) => set({ day: e.target.value })} className={`${inputClass} w-28`} />}
            </Field>
            {time}
          </>
        )}
        {draft.kind === 'cron' && (
          <div className="min-w-64 flex-1">
            <Field id={id('cron')} label="Cron expression" error={whole} hint="5 fields, in UTC: minute hour day month weekday, as Mistral reads them (for example 30 2 * * 1-5).">
              {(a11y) => <input {...a11y} type="text" spellCheck={false} autoComplete="off" value={draft.expression} onChange={(e) => set({ expression: e.target.value })} className={`${inputClass} font-mono`} />}
            </Field>
          </div>
        )}
      </div>
      {read.ok && <NextRuns frequency={read.frequency} />}
    </fieldset>
  );
}

/** The frequency in words and its next 5 runs, as Mistral will start them. */
function NextRuns({ frequency }: { frequency: Frequency }) {
  const hydrated = useHydrated();
  // Fixed when the form opens: the list does not jump while the user types.
  const [from] = useState(() => new Date());
  const runs = nextRuns(cronOf(frequency), from, 5);
  const zone = hydrated ? browserTimeZone() : 'UTC';
  const local = zone !== 'UTC' && zone !== 'Etc/UTC';
  return (
    <div className="space-y-2 text-sm">
      <p>
        <span className="font-medium">{describeFrequency(frequency)}</span>
        <span className="ml-2 font-mono text-xs text-slate-500 dark:text-slate-400">{cronOf(frequency)}</span>
      </p>
      <table className="text-left text-xs">
        <caption className="pb-1 text-left text-xs font-medium text-slate-600 dark:text-slate-400">Next 5 runs</caption>
        <thead className="text-slate-500 dark:text-slate-400">
          <tr>
            <th scope="col" className="pr-6 font-medium">UTC</th>
            {local && <th scope="col" className="font-medium">Your time zone ({zone})</th>}
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.getTime()}>
              <td className="pr-6 tabular-nums">{formatRunTime(r, 'UTC')}</td>
              {local && <td className="tabular-nums">{formatRunTime(r, zone)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {!local && hydrated && <p className="text-xs text-slate-500 dark:text-slate-400">Your browser&apos;s time zone is UTC too.</p>}
    </div>
  );
}
