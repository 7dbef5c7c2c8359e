'use client';
// Without a workflow service: the crontab line that does what a schedule would, for a
// machine with the openstack CLI and a clouds.yaml entry. Nothing is sent anywhere.
import { useId, useState } from 'react';
import { CopyCommand } from '@/components/ui/copy-command';
import { Field, inputClass } from '@/components/ui/field';
import { crontabLine } from '@/lib/schedules/contract';
import { KEEP_MAX, KEEP_MIN } from '@/lib/schedules/retention';
import { DEFAULT_DRAFT, type FrequencyDraft } from './frequency-draft';
import { FrequencyFields, readFrequency } from './frequency-fields';
import { InstanceSelect } from './instance-select';

export function CrontabForm() {
  const uid = useId();
  const [instanceId, setInstanceId] = useState('');
  const [draft, setDraft] = useState<FrequencyDraft>(DEFAULT_DRAFT);
  const [backupType, setBackupType] = useState('daily');
  const [keep, setKeep] = useState('7');
  const [prefix, setPrefix] = useState('');
  const [prefixTouched, setPrefixTouched] = useState(false);
  const takeName = (name: string | null | undefined) => {
    if (!prefixTouched && name) setPrefix(name);
  };
  const read = readFrequency(draft);
  const line = read.ok ? crontabLine({ frequency: read.frequency, backupType, keep, prefix }, { id: instanceId || '<instance-id>' }) : null;
  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate className="space-y-4">
      <InstanceSelect
        id={`${uid}-instance`}
        value={instanceId}
        onChange={(choice, id) => {
          setInstanceId(id);
          takeName(choice?.name);
        }}
        onResolved={(choice) => takeName(choice.name)}
      />
      <FrequencyFields idPrefix={`${uid}-frequency`} draft={draft} onChange={setDraft} errors={read.ok ? {} : read.errors} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id={`${uid}-type`} label="Backup type" hint="Nova rotates per instance and per type.">
          {(a11y) => <input {...a11y} type="text" value={backupType} maxLength={64} onChange={(e) => setBackupType(e.target.value)} className={inputClass} />}
        </Field>
        <Field id={`${uid}-keep`} label="Keep" hint={`${KEEP_MIN}–${KEEP_MAX} backups of this type.`}>
          {(a11y) => <input {...a11y} type="number" min={KEEP_MIN} max={KEEP_MAX} value={keep} onChange={(e) => setKeep(e.target.value)} className={inputClass} />}
        </Field>
        <Field id={`${uid}-prefix`} label="Name prefix">
          {(a11y) => <input {...a11y} type="text" value={prefix} maxLength={200} onChange={(e) => { setPrefix(e.target.value); setPrefixTouched(true); }} className={inputClass} />}
        </Field>
      </div>
      {line && (
        // Two lines: the crontab's CRON_TZ line keeps the times in UTC, as above.
        <div className="[&_code]:whitespace-pre-wrap">
          <CopyCommand label="Crontab lines (crontab -e on a machine with the openstack CLI)" command={`CRON_TZ=UTC\n${line}`} />
        </div>
      )}
      <p className="text-xs text-slate-600 dark:text-slate-400">
        <code className="font-mono">mycloud</code> is the entry of your <code className="font-mono">clouds.yaml</code> for this project. Use an application credential there
        rather than a password: cron runs unattended. The <code className="font-mono">CRON_TZ=UTC</code> line makes cronie (Fedora, RHEL, Arch) read the times in UTC; Debian&apos;s and Ubuntu&apos;s cron ignore it, so there run the machine in UTC or convert the times to its zone.
      </p>
    </form>
  );
}
