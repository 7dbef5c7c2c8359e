'use client';
// The Create snapshot dialog's form, loaded when the dialog first opens (React.lazy in
// ./create-snapshot-action.tsx), so that it stays out of the Instances page's first load.
import { requiresQuiesce } from '@/lib/snapshots/rules';
import Link from 'next/link';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CopyCommand } from '@/components/ui/copy-command';
import { Spinner } from '@/components/ui/spinner';
import { apiFetch, ApiError, outcomeUnknown } from '@/lib/client/api-fetch';
import { snapshotNotice, VOLUME_BACKED_NOTICE } from '@/lib/snapshots/notice';
import { MetadataRows } from './metadata-rows';
import { defaultSnapshotName, hasErrors, snapshotBody, snapshotCli, validateSnapshotForm, type FormErrors, type MetadataRow } from '@/lib/snapshots/snapshot-form';
import { useSnapshotTracker } from './snapshot-tracker';
import { Field, inputClass } from '@/components/ui/field';
import type { SnapshotTarget } from './create-snapshot-action';

export function CreateSnapshotForm({ server, onDone, onCancel }: { server: SnapshotTarget; onDone: () => void; onCancel: () => void }) {
  const [name, setName] = useState(() => defaultSnapshotName(server.name));
  const [rows, setRows] = useState<MetadataRow[]>([]);
  const [errors, setErrors] = useState<FormErrors>({ rows: {} });
  const inFlight = useRef(false);
  const tracker = useSnapshotTracker();
  const nameId = useId();
  const notice = snapshotNotice(server, server.channel);
  // Nova shows `image: ""` for an instance booted from a volume; the route checks further.
  const volumeBacked = server.imageId === null;

  const create = useMutation({
    mutationFn: (body: ReturnType<typeof snapshotBody>) =>
      apiFetch<{ imageId: string }>(`/api/servers/${server.id}/snapshots`, { method: 'POST', json: body }),
    onSuccess: ({ imageId }) => {
      tracker.track({ serverId: server.id, serverName: server.name, imageId, kind: 'snapshot', requireQuiesce: requiresQuiesce(server.channel), channel: server.channel.kind, powerState: server.powerState, volumeBacked });
      onDone();
    },
    onSettled: () => {
      inFlight.current = false;
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    // One POST per snapshot: a second click while the first is in flight does nothing.
    if (inFlight.current) return;
    const found = validateSnapshotForm(name, rows);
    setErrors(found);
    if (hasErrors(found)) return;
    inFlight.current = true;
    create.mutate(snapshotBody(name, rows));
  }

  const failure = create.error instanceof ApiError ? create.error : create.error ? new ApiError(0, 'The snapshot could not be requested.') : null;
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {volumeBacked
          ? <>Nova asks Cinder to snapshot the volumes of <strong>{server.name}</strong> and registers a 0-byte private image in Glance that points to them.</>
          : <>Nova copies the disk of <strong>{server.name}</strong> into a new private image in Glance.</>}
      </p>
      {volumeBacked && <Alert tone={VOLUME_BACKED_NOTICE.tone} title={VOLUME_BACKED_NOTICE.title}><p>{VOLUME_BACKED_NOTICE.text}</p></Alert>}
      <Alert tone={notice.tone} title={notice.title}>
        <p>{notice.text}</p>
        <p className="mt-1">
          <Link href="/guide/consistency" className="font-medium underline">How to make snapshots consistent</Link>
        </p>
      </Alert>
      <Field id={nameId} label="Snapshot name" error={errors.name ?? failure?.fields.name ?? null}>
        {(a11y) => <input {...a11y} value={name} onChange={(e) => setName(e.target.value)} className={inputClass} />}
      </Field>
      <MetadataRows
        rows={rows}
        onChange={(next) => {
          setRows(next);
          // Row errors are by position: stale once rows move.
          setErrors((e) => ({ ...e, rows: {} }));
        }}
        errors={errors.rows}
      />
      {errors.form && <p className="text-sm text-red-700 dark:text-red-300">{errors.form}</p>}
      <CopyCommand command={snapshotCli(server.id, name, rows, volumeBacked)} />
      {failure && (
        <Alert tone="error" title={outcomeUnknown(failure) ? 'The snapshot was not confirmed' : 'Nova did not take the snapshot'}>
          <p>{failure.message}</p>
          {failure instanceof ApiError && failure.detail && <p className="mt-1">Nova said: “{failure.detail}”</p>}
          {outcomeUnknown(failure) && (
            <p className="mt-1">Nova may have started it anyway: look for a new snapshot of {server.name} on the Images page before trying again.</p>
          )}
          {failure.requestId && <p className="mt-1 text-xs opacity-80">Request id {failure.requestId}</p>}
        </Alert>
      )}
      <div className="flex items-center justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        {create.isPending && <Spinner label="Asking Nova" />}
        <Button type="submit" variant="primary" disabled={create.isPending} aria-busy={create.isPending}>Create</Button>
      </div>
    </form>
  );
}
