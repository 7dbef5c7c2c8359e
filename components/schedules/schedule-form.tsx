'use client';
// The New schedule and Edit dialogs' form, loaded when a dialog first opens (React.lazy in
// ./schedule-dialog.tsx): zod, cron-parser and the form stay out of the pages' first load.
// Checked with the route's own schema before sending; a refusal lands on its field, and
// nothing typed is lost.
import Link from 'next/link';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CopyCommand } from '@/components/ui/copy-command';
import { Field, inputClass } from '@/components/ui/field';
import { Spinner } from '@/components/ui/spinner';
import { Switch } from '@/components/ui/switch';
import { useToast } from '@/components/ui/toast';
import { ApiError, outcomeUnknown } from '@/lib/client/api-fetch';
import { backupNameOf, createSchedulesBodySchema, scheduleInputSchema, type ScheduleDto, type ScheduleInput } from '@/lib/schedules/contract';
import { describeFrequency, type Frequency } from '@/lib/schedules/frequency';
import { GFS_STAGGER_HOURS, gfsPreset, KEEP_MAX, KEEP_MIN, steadyStateBackups } from '@/lib/schedules/retention';
import { backupCommand } from '@/lib/snapshots/contract';
import { snapshotNotice } from '@/lib/snapshots/notice';
import { DEFAULT_DRAFT, draftOf, frequencyInput, type FrequencyDraft } from './frequency-draft';
import { FrequencyFields } from './frequency-fields';
import { InstanceSelect, type InstanceChoice } from './instance-select';
import { useCreateSchedules, useUpdateSchedule } from './changes';

export type ScheduleFormProps =
  | { mode: 'create'; instance?: { id: string; name: string | null } | null; onDone: () => void; onCancel: () => void }
  | { mode: 'edit'; schedule: ScheduleDto; onDone: () => void; onCancel: () => void };

type Errors = Record<string, string | undefined>;

/** The type a preset suggests, until the user types one. */
const TYPE_OF_KIND: Partial<Record<Frequency['kind'], string>> = { hourly: 'hourly', daily: 'daily', weekly: 'weekly', monthly: 'monthly' };

/** A field's key from an issue's or a refusal's path: `schedules.0.keep` → `keep`,
 * `frequency.expression` → `frequency`, `frequency.hour` stays. */
export function fieldKey(path: string): string {
  const parts = path.split('.');
  const rest = parts[0] === 'schedules' && /^\d+$/.test(parts[1] ?? '') ? parts.slice(2) : parts;
  if (rest[0] === 'frequency' && rest[1] && rest[1] !== 'expression' && rest[1] !== 'kind') return `frequency.${rest[1]}`;
  return rest[0] || 'form';
}

function errorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Errors {
  const out: Errors = {};
  for (const issue of issues) out[fieldKey(issue.path.map(String).join('.'))] ??= issue.message;
  return out;
}

/** The preset at the daily run's HH:MM, or null while the time is not one. */
function gfsAt(time: string) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return gfsPreset({ hour: Number(m[1]), minute: Number(m[2]) });
}

/** The consistency notice's title for every run: a backup is a snapshot that Nova rotates. */
const eachBackup = (title: string) => (title.startsWith('This snapshot') ? title.replace('This snapshot', 'Each backup') : `Each backup: ${title.toLowerCase()}`);

const FORM_FIELDS = /^(instanceId|frequency|backupType|keep|prefix|enabled)(\.|$)/;

export function ScheduleForm(props: ScheduleFormProps) {
  const editing = props.mode === 'edit' ? props.schedule : null;
  const preset = props.mode === 'create' ? props.instance ?? null : editing?.instance ?? null;
  const toast = useToast();
  const uid = useId();
  const [instanceId, setInstanceId] = useState(preset?.id ?? '');
  const [instance, setInstance] = useState<InstanceChoice | null>(null);
  const [draft, setDraft] = useState<FrequencyDraft>(editing ? draftOf(editing.frequency) : DEFAULT_DRAFT);
  const [backupType, setBackupType] = useState(editing?.backupType ?? 'daily');
  const [typeTouched, setTypeTouched] = useState(Boolean(editing));
  const [keep, setKeep] = useState(String(editing?.keep ?? 7));
  const [prefix, setPrefix] = useState(editing?.prefix ?? preset?.name ?? '');
  const [prefixTouched, setPrefixTouched] = useState(Boolean(editing));
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [gfs, setGfs] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const inFlight = useRef(false);

  const create = useCreateSchedules();
  const update = useUpdateSchedule(editing?.id ?? '');
  const mutation = editing ? update : create;

  const instanceName = instance?.name || preset?.name || null;
  const takeInstance = (choice: InstanceChoice | null) => {
    setInstance(choice);
    if (choice && !prefixTouched) setPrefix(choice.name || choice.id.slice(0, 8));
  };

  const inputOf = (frequency: unknown, type: string, keepValue: string | number) =>
    ({ instanceId, frequency, backupType: type, keep: keepValue, prefix, enabled }) as ScheduleInput;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (inFlight.current) return;
    let body: ScheduleInput[];
    if (gfs) {
      if (!gfsSet) return setErrors({ 'frequency.hour': 'Enter a time such as 02:00 (UTC).' });
      const parsed = createSchedulesBodySchema.safeParse({ schedules: gfsSet.map((p) => inputOf(p.frequency, p.backupType, p.keep)) });
      if (!parsed.success) return setErrors(errorsOf(parsed.error.issues));
      body = parsed.data.schedules;
    } else {
      const parsed = scheduleInputSchema.safeParse(inputOf(frequencyInput(draft), backupType, keep));
      if (!parsed.success) return setErrors(errorsOf(parsed.error.issues));
      body = [parsed.data];
    }
    setErrors({});
    inFlight.current = true;
    const onError = (err: Error) => {
      const fields = err instanceof ApiError ? Object.entries(err.fields).filter(([k]) => FORM_FIELDS.test(fieldKey(k))) : [];
      if (fields.length) setErrors(Object.fromEntries(fields.map(([k, v]) => [fieldKey(k), v])));
    };
    const onSettled = () => {
      inFlight.current = false;
    };
    if (editing) {
      update.mutate(body[0]!, {
        onSuccess: () => {
          toast.show(`Schedule saved: ${describeFrequency(body[0]!.frequency as Frequency)}, keep ${body[0]!.keep}.`, 'success');
          props.onDone();
        },
        onError,
        onSettled,
      });
    } else {
      create.mutate(body, {
        onSuccess: ({ ids }) => {
          toast.show(ids.length === 1 ? 'Schedule created.' : `${ids.length} schedules created.`, 'success');
          props.onDone();
        },
        onError,
        onSettled,
      });
    }
  }

  const failure = mutation.error instanceof ApiError ? mutation.error : mutation.error ? new ApiError(0, String(mutation.error)) : null;
  const fieldsShown = failure && Object.keys(failure.fields).some((k) => FORM_FIELDS.test(fieldKey(k)));
  const keepNumber = Number(keep);
  const typeWords = backupType.trim() || '<type>';
  const notice = instance ? snapshotNotice({ status: 'ACTIVE' }, instance.channel) : null;
  const gfsSet = gfsAt(draft.time);
  const gfsTotal = steadyStateBackups(gfsSet ?? gfsPreset()).count;

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {editing && (
        <Alert tone="info" title="Saving re-creates the trigger">
          <p>
            Mistral cannot update a cron trigger: Snapdeck makes a new one with these settings, then deletes the old one. The new
            trigger&apos;s trust is yours, so from then on the runs act as you
            {editing.savedBy ? <> (it was {editing.savedBy.name}&apos;s)</> : null}. Its backups so far stay.
          </p>
        </Alert>
      )}

      <InstanceSelect
        id={`${uid}-instance`}
        value={instanceId}
        known={preset}
        onChange={(choice, id) => {
          setInstanceId(id);
          takeInstance(choice);
        }}
        onResolved={takeInstance}
        error={errors.instanceId}
      />

      {notice && (
        <Alert tone={notice.tone} title={eachBackup(notice.title)}>
          <p>{notice.text}</p>
          <p className="mt-1"><Link href="/guide/consistency" className="font-medium underline">How to make backups consistent</Link></p>
        </Alert>
      )}

      {!editing && (
        <div className="flex flex-wrap items-center gap-3 rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-900">
          <Button aria-pressed={gfs} variant={gfs ? 'primary' : 'secondary'} onClick={() => setGfs((g) => !g)}>Grandfather-father-son</Button>
          <span className="flex-1 text-slate-700 dark:text-slate-300">
            {gfs ? 'Three schedules, made together: click again for one schedule.' : `Daily keep 7, weekly keep 4, monthly keep 12: ${gfsTotal} backups in steady state.`}
          </span>
        </div>
      )}

      {gfs ? (
        <section aria-label="Grandfather-father-son schedules" className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
          <div className="max-w-xl">
            <Field id={`${uid}-gfs-time`} label="Time (UTC)" error={errors['frequency.hour'] ?? errors['frequency.minute']} hint={`Of the daily run; the weekly one (Sundays) ${GFS_STAGGER_HOURS} hour later and the monthly one (day 1) ${2 * GFS_STAGGER_HOURS} hours later, so that Nova is never asked for two backups of the instance at once.`}>
              {(a11y) => <input {...a11y} type="time" required value={draft.time} onChange={(e) => setDraft({ ...draft, time: e.target.value })} className={`${inputClass} max-w-32`} />}
            </Field>
          </div>
          <ul className="space-y-1">
            {(gfsSet ?? []).map((p) => (
              <li key={p.backupType}>
                <span className="font-medium">{p.backupType}</span>: {describeFrequency(p.frequency)}, keep {p.keep}
                <span className="ml-2 text-xs text-slate-500 dark:text-slate-400">backups named {backupNameOf({ prefix: prefix || '<prefix>', backupType: p.backupType })}</span>
              </li>
            ))}
          </ul>
          <p>
            In steady state {instanceName ?? 'the instance'} has <strong>{gfsTotal} backups</strong>: the last {gfsPreset().map((p) => `${p.keep} ${p.backupType}`).join(', ')}.
            Nova rotates each type on its own.
          </p>
          {(errors.backupType || errors.frequency || errors.keep) && (
            <p className="text-sm text-red-700 dark:text-red-300">{errors.backupType ?? errors.frequency ?? errors.keep}</p>
          )}
        </section>
      ) : (
        <>
          <FrequencyFields
            idPrefix={`${uid}-frequency`}
            draft={draft}
            onChange={(next) => {
              setDraft(next);
              const suggested = TYPE_OF_KIND[next.kind];
              if (!typeTouched && suggested) setBackupType(suggested);
            }}
            errors={errors}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id={`${uid}-type`} label="Backup type" error={errors.backupType} hint="daily, weekly, or a word of your own. Nova rotates backups per instance and per type.">
              {(a11y) => (
                <>
                  <input {...a11y} type="text" list={`${uid}-types`} value={backupType} maxLength={64} onChange={(e) => { setBackupType(e.target.value); setTypeTouched(true); }} className={inputClass} />
                  <datalist id={`${uid}-types`}>
                    {['hourly', 'daily', 'weekly', 'monthly'].map((t) => <option key={t} value={t} />)}
                  </datalist>
                </>
              )}
            </Field>
            <Field id={`${uid}-keep`} label="Keep" error={errors.keep} hint={`How many backups of this type to keep (${KEEP_MIN}–${KEEP_MAX}).`}>
              {(a11y) => <input {...a11y} type="number" min={KEEP_MIN} max={KEEP_MAX} step={1} value={keep} onChange={(e) => setKeep(e.target.value)} className={inputClass} />}
            </Field>
          </div>
        </>
      )}

      <div className="grid items-start gap-4 sm:grid-cols-2">
        <Field id={`${uid}-prefix`} label="Name prefix" error={errors.prefix} hint={<>Backups are named <span className="font-mono">{backupNameOf({ prefix: prefix || '<prefix>', backupType: gfs ? '<type>' : typeWords })}</span>.</>}>
          {(a11y) => <input {...a11y} type="text" value={prefix} maxLength={200} onChange={(e) => { setPrefix(e.target.value); setPrefixTouched(true); }} className={inputClass} />}
        </Field>
        <div className="space-y-1">
          <span className="text-sm font-medium text-slate-800 dark:text-slate-200" aria-hidden>Enabled</span>
          <div className="flex items-center gap-2">
            <Switch label="Enabled" checked={enabled} onChange={setEnabled} describedBy={`${uid}-enabled-hint`} />
            <span id={`${uid}-enabled-hint`} className="text-xs text-slate-600 dark:text-slate-400">{enabled ? 'Runs on its schedule.' : 'Saved paused: no runs until you resume it.'}</span>
          </div>
          {errors.enabled && <p className="text-sm text-red-700 dark:text-red-300">{errors.enabled}</p>}
        </div>
      </div>

      {!gfs && (
        <Alert tone="warning" title="Nova deletes older backups">
          After each run, Nova keeps the newest {Number.isInteger(keepNumber) && keepNumber >= 1 ? keepNumber : 'N'} backup{keepNumber === 1 ? '' : 's'} of type “{typeWords}” of {instanceName ?? 'the instance'} and deletes the older ones, including backups of that type made outside Snapdeck.
        </Alert>
      )}

      <Alert tone="info" title="The runs act as you">
        <p>
          Mistral, the cloud&apos;s workflow service, starts each run with a Keystone trust it holds in your name: the backups are made with your roles in this project,
          whether or not Snapdeck is running. The list shows who saved each schedule. If you leave the project, the runs fail until someone saves the schedule again.
        </p>
      </Alert>

      <CopyCommand
        label="Equivalent CLI command (what each run does)"
        command={backupCommand({ name: backupNameOf({ prefix: prefix || '<prefix>', backupType: gfs ? '<type>' : backupType || '<type>' }), backupType: gfs ? '<type>' : backupType, rotation: gfs ? '<keep>' : keep }, instanceId || '<instance>')}
      />

      {failure && !fieldsShown && (
        <Alert tone="error" title={outcomeUnknown(failure) ? 'The schedule was not confirmed' : editing ? 'The schedule was not saved' : 'The schedule was not created'}>
          <p>{failure.message}</p>
          {failure.detail && <p className="mt-1">Mistral said: “{failure.detail}”</p>}
          {outcomeUnknown(failure) && <p className="mt-1">It may have been saved anyway: look at the Schedules page before trying again.</p>}
          {failure.requestId && <p className="mt-1 text-xs opacity-80">Request id {failure.requestId}</p>}
        </Alert>
      )}

      <div className="flex items-center justify-end gap-2">
        <Button onClick={props.onCancel}>Cancel</Button>
        {mutation.isPending && <Spinner label="Asking Mistral" />}
        <Button type="submit" variant="primary" disabled={mutation.isPending} aria-busy={mutation.isPending}>{editing ? 'Save schedule' : 'Create schedule'}</Button>
      </div>
    </form>
  );
}
