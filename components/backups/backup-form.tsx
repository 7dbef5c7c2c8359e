'use client';
// The Create backup dialog's form, loaded when the dialog first opens (React.lazy in
// ./create-backup-action.tsx): zod and the form stay out of the Instances page's first load.
import { requiresQuiesce } from '@/lib/snapshots/rules';
import Link from 'next/link';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useSnapshotTracker } from '@/components/instances/snapshot-tracker';
import { Field, inputClass } from '@/components/ui/field';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CopyCommand } from '@/components/ui/copy-command';
import { ApiError, apiFetch } from '@/lib/client/api-fetch';
import { backupCommand, backupInputSchema, ROTATION_MAX, ROTATION_MIN } from '@/lib/snapshots/contract';
import type { BackupServer } from './create-backup-action';

type FieldName = 'name' | 'backupType' | 'rotation';
const FIELDS: FieldName[] = ['name', 'backupType', 'rotation'];

const today = () => new Date().toISOString().slice(0, 10);

export function BackupForm({ server, onDone }: { server: BackupServer; onDone: () => void }) {
  const tracker = useSnapshotTracker();
  const [name, setName] = useState(`${server.name}-backup-${today()}`);
  const [backupType, setBackupType] = useState('daily');
  const [rotation, setRotation] = useState('7');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const listId = useId();

  const create = useMutation({
    mutationFn: (input: { name: string; backupType: string; rotation: number }) =>
      apiFetch<{ imageId: string | null }>(`/api/servers/${encodeURIComponent(server.id)}/backup`, { method: 'POST', json: input }),
    onSuccess: (result) => {
      tracker.track({ serverId: server.id, serverName: server.name, imageId: result.imageId, kind: 'backup', requireQuiesce: requiresQuiesce(server.channel), channel: server.channel.kind, powerState: server.powerState, volumeBacked: server.imageId === null });
      onDone();
    },
    onError: (err) => {
      inFlight.current = false;
      if (err instanceof ApiError && Object.keys(err.fields).some((k) => (FIELDS as string[]).includes(k))) {
        setErrors(err.fields);
        setFormError(null);
      } else {
        setFormError(err instanceof ApiError ? [err.message, err.detail && `Nova said: “${err.detail}”`].filter(Boolean).join(' ') : String(err));
      }
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (inFlight.current) return;
    const parsed = backupInputSchema.safeParse({ name, backupType, rotation });
    if (!parsed.success) {
      const found: Partial<Record<FieldName, string>> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0]) as FieldName;
        found[key] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    setFormError(null);
    inFlight.current = true;
    create.mutate({ name: parsed.data.name, backupType: parsed.data.backupType, rotation: parsed.data.rotation });
  };

  const keep = Number(rotation);
  const type = backupType.trim() || '<type>';
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Nova copies the disk of <strong>{server.name}</strong> into a new image marked as a backup of this instance, with the type you give.
      </p>
      <Field id="backup-name" label="Backup name" error={errors.name}>
        {(a11y) => <input {...a11y} type="text" value={name} maxLength={255} onChange={(e) => setName(e.target.value)} className={inputClass} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="backup-type" label="Backup type" error={errors.backupType} hint="daily, weekly, or a word of your own.">
          {(a11y) => (
            <>
              <input {...a11y} type="text" list={listId} value={backupType} maxLength={255} onChange={(e) => setBackupType(e.target.value)} className={inputClass} />
              <datalist id={listId}>
                <option value="daily" />
                <option value="weekly" />
              </datalist>
            </>
          )}
        </Field>
        <Field id="backup-rotation" label="Rotation" error={errors.rotation} hint={`How many backups of this type to keep for this instance (${ROTATION_MIN}–${ROTATION_MAX}).`}>
          {(a11y) => <input {...a11y} type="number" min={ROTATION_MIN} max={ROTATION_MAX} step={1} value={rotation} onChange={(e) => setRotation(e.target.value)} className={inputClass} />}
        </Field>
      </div>
      <Alert tone="warning" title="Nova deletes older backups">
        When this backup is finished, Nova keeps the newest {Number.isInteger(keep) && keep >= 1 ? keep : 'N'} backup{keep === 1 ? '' : 's'} of type “{type}” of {server.name} and deletes the older ones, including
        backups of that type made outside Snapdeck. Backups of other types and snapshots are left alone.
      </Alert>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        A backup of a running instance is a live snapshot: whether it is consistent depends on the guest agent (<Link className="underline" href="/guide/consistency">consistency guide</Link>).
      </p>
      <CopyCommand command={backupCommand({ name, backupType, rotation }, server.id)} />
      {formError && (
        <Alert tone="error" title="The backup was not started">
          {formError}
        </Alert>
      )}
      <div className="flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create'}
        </Button>
      </div>
    </form>
  );
}
