'use client';
import { Field, inputClass } from '@/components/ui/field';
import { minVolumeSize } from '@/lib/launch/boot-volume';
import type { LaunchSource } from '@/lib/launch/contract';

export interface BootVolumeValues {
  newVolume: boolean;
  /** As typed; null until the user types, shown as the image's minimum. */
  volumeSize: string | null;
  deleteVolume: boolean;
}

function Checkbox({ id, label, checked, disabled = false, hint, onChange }: { id: string; label: string; checked: boolean; disabled?: boolean; hint: string; onChange: (on: boolean) => void }) {
  return (
    <div className="space-y-1">
      <div className="flex items-start gap-2">
        <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-hint`} className="mt-0.5 h-4 w-4 accent-sky-700" />
        <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">{label}</label>
      </div>
      <p id={`${id}-hint`} className="pl-6 text-xs text-slate-600 dark:text-slate-400">{hint}</p>
    </div>
  );
}

const DELETE_HINT_OFF = 'Off: the volume stays in Cinder when the instance is deleted (and keeps counting against the volume quotas).';
const DELETE_HINT_ON = 'On: Nova deletes the volume with the instance.';

/**
 * Boot volume: for a volume-backed snapshot, the volume(s) Nova makes from its Cinder
 * snapshot(s); for any other image, the choice to boot from a new volume made from it. What
 * the region offers (Cinder or not) comes from the server's answer about the source.
 */
export function BootVolumeField({ source, blockStorage, values, sizeError, formError, onChange }: {
  source: LaunchSource;
  blockStorage: boolean;
  values: BootVolumeValues;
  sizeError?: string;
  formError?: string;
  onChange: (patch: Partial<BootVolumeValues>) => void;
}) {
  const deleteBox = (
    <Checkbox id="launch-delete-volume" label="Delete volume on instance delete" checked={values.deleteVolume} onChange={(on) => onChange({ deleteVolume: on })} hint={values.deleteVolume ? DELETE_HINT_ON : DELETE_HINT_OFF} />
  );
  const snapshots = source.volumeSnapshots;
  if (snapshots) {
    const root = snapshots.find((d) => d.bootIndex === 0);
    const others = snapshots.filter((d) => d !== root);
    return (
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-describedby="launch-boot-volume-about">
        <legend className="px-1 text-sm font-medium text-slate-800 dark:text-slate-200">Boot volume</legend>
        <p id="launch-boot-volume-about" className="text-sm text-slate-700 dark:text-slate-300">
          {blockStorage ? (
            <>
              This snapshot is volume-backed: Nova creates a new {root?.size !== null && root?.size !== undefined ? `${root.size} GiB ` : ''}volume from Cinder snapshot{' '}
              <span className="font-mono text-xs">{root?.snapshotId ?? '—'}</span> and boots the instance from it
              {others.length > 0 ? `, and ${others.length} more volume${others.length > 1 ? 's' : ''} from its other Cinder snapshots (${others.map((d) => (d.size !== null ? `${d.size} GiB` : 'snapshot size')).join(', ')})` : ''}.
              The flavor’s disk is not used for the root disk: only its RAM counts.
            </>
          ) : (
            'This snapshot is volume-backed, and this region has no block storage (Cinder) to make its volume from: it cannot be launched here.'
          )}
        </p>
        {blockStorage && deleteBox}
        {formError && <p className="text-sm text-red-700 dark:text-red-300">{formError}</p>}
      </fieldset>
    );
  }

  const minimum = minVolumeSize(source);
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <legend className="px-1 text-sm font-medium text-slate-800 dark:text-slate-200">Boot volume</legend>
      <Checkbox
        id="launch-new-volume"
        label="Create a new volume"
        checked={values.newVolume && blockStorage}
        disabled={!blockStorage}
        onChange={(on) => onChange({ newVolume: on })}
        hint={
          !blockStorage ? 'Not available: this region has no block storage (Cinder). The instance boots from a local disk of the flavor’s size.'
          : values.newVolume ? 'Nova creates a Cinder volume from the image and boots from it; the flavor’s disk is not used for the root disk, only its RAM counts.'
          : 'Off: the instance boots from a local disk of the flavor’s size. On: from a new Cinder volume made from the image.'
        }
      />
      {values.newVolume && blockStorage && (
        <>
          <Field id="launch-volume-size" label="Volume size (GiB)" error={sizeError} hint={`At least ${minimum} GiB (the image’s minimum disk and size).`}>
            {(a11y) => <input {...a11y} type="number" min={minimum} step={1} value={values.volumeSize ?? String(minimum)} onChange={(e) => onChange({ volumeSize: e.target.value })} className={`${inputClass} max-w-40`} />}
          </Field>
          {deleteBox}
        </>
      )}
      {formError && <p className="text-sm text-red-700 dark:text-red-300">{formError}</p>}
    </fieldset>
  );
}
