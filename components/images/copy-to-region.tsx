'use client';
// Copy to region (issue 15, docs/decisions/011): the button and its dialog on an image's page,
// and the copies of this image in the other regions, with progress while one moves. The
// server says which regions have an image service (GET …/copies), so the button shows only
// where there is somewhere to copy to; progress comes back after a reload from the same list.
import { useId, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field, inputClass } from '@/components/ui/field';
import { STEP_TONES } from '@/components/instances/snapshot-stepper';
import { formatBytes } from '@/components/ui/format';
import { apiFetch, ApiError } from '@/lib/client/api-fetch';
import type { CopyView } from '@/lib/images/copy';
import { COPY_METHOD_WORDS, COPY_PHASE_WORDS, COPY_STEPS, copyStepIndex, formatEta, isCopyRunning } from '@/lib/images/copy-words';
import type { ImageDto } from '@/lib/images/contract';
import { useCopies, useEndCopy, useStartCopy } from './copy-to-region-queries';

const errorWords = (e: unknown) => (e instanceof ApiError ? e.message : 'Snapdeck could not be reached.');

/** The header button; nothing when the catalog has no other region with an image service. */
export function CopyToRegionButton({ image }: { image: ImageDto }) {
  const copies = useCopies(image.id);
  const [open, setOpen] = useState(false);
  const regions = copies.data?.regions ?? [];
  if (regions.length === 0) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)}>Copy to region</Button>
      {open && <CopyDialog image={image} regions={regions} onClose={() => setOpen(false)} />}
    </>
  );
}

function CopyDialog({ image, regions, onClose }: { image: ImageDto; regions: string[]; onClose: () => void }) {
  const [targetRegion, setTargetRegion] = useState(regions[0] ?? '');
  const [name, setName] = useState(image.name || image.id);
  const start = useStartCopy(image.id);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate({ targetRegion, name: name.trim() }, { onSuccess: onClose });
  };
  const nameError = start.error instanceof ApiError ? start.error.fields.name ?? null : null;
  return (
    <Dialog open title={`Copy ${image.name || image.id} to another region`} onClose={onClose}>
      <form onSubmit={submit} noValidate className="space-y-3 text-sm">
        <Field id={`${id}-region`} label="Target region">
          {(a11y) => (
            <select {...a11y} className={inputClass} value={targetRegion} onChange={(e) => setTargetRegion(e.target.value)}>
              {regions.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          )}
        </Field>
        <Field id={`${id}-name`} label="Name" error={nameError} hint="The copy's name in the target region.">
          {(a11y) => <input {...a11y} className={inputClass} value={name} maxLength={255} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <p className="text-slate-600 dark:text-slate-300">
          The copy keeps the formats, minimum disk and RAM and the properties of this {image.size ? formatBytes(image.size) : ''} image
          (lineage and consistency included), and records where it came from in <code>snapdeck_copied_from</code>.
          Its checksum is compared with this one&apos;s at the end; a cancelled or failed copy is deleted.
        </p>
        {start.error && <Alert tone="error" title="Not copied">{errorWords(start.error)}</Alert>}
        <div className="flex justify-end gap-2">
          <Button type="submit" variant="primary" disabled={start.isPending || !targetRegion}>{start.isPending ? 'Starting…' : 'Copy'}</Button>
        </div>
      </form>
    </Dialog>
  );
}

/** This image's copies in the other regions: running here, finished, or Interrupted. */
export function RegionCopies({ image }: { image: ImageDto }) {
  const copies = useCopies(image.id);
  const list = copies.data?.copies ?? [];
  if (list.length === 0 && !copies.error) return null;
  return (
    <section aria-labelledby="region-copies" className="space-y-3 rounded-md border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900">
      <h2 id="region-copies" className="text-base font-semibold">Copies in other regions</h2>
      {copies.error && <Alert tone="error">The copies could not be read: {errorWords(copies.error)}</Alert>}
      <ul className="space-y-4">
        {list.map((c) => <li key={c.targetId}><CopyItem image={image} copy={c} /></li>)}
      </ul>
    </section>
  );
}

function CopyItem({ image, copy: c }: { image: ImageDto; copy: CopyView }) {
  const end = useEndCopy(image.id);
  const retry = useStartCopy(image.id);
  const [opening, setOpening] = useState<string | null>(null);
  const running = isCopyRunning(c.phase);
  const bad = c.phase === 'failed' || c.phase === 'cancelled' || c.phase === 'interrupted';
  const open = async () => {
    // The copy lives in the other region: switch the session there (as the region switcher
    // does), then open it.
    try {
      await apiFetch('/api/auth/region', { method: 'POST', json: { region: c.targetRegion } });
      // A full load, as the switcher's reload: the header and every server part change region.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/images/${c.targetId}`);
    } catch (err) {
      setOpening(errorWords(err));
    }
  };
  return (
    <div role="group" aria-label={`Copy to ${c.targetRegion}`} className="space-y-1.5 text-sm">
      <p className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-medium">{c.name}</span>
        <span className="text-slate-600 dark:text-slate-300">→ {c.targetRegion}</span>
        <span className={`font-medium ${bad ? (c.phase === 'interrupted' ? 'text-amber-800 dark:text-amber-300' : 'text-red-800 dark:text-red-300') : c.phase === 'done' ? 'text-emerald-800 dark:text-emerald-300' : 'text-sky-800 dark:text-sky-300'}`}>
          {COPY_PHASE_WORDS[c.phase]}
        </span>
        <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{c.targetId}</span>
      </p>
      {c.phase !== 'interrupted' && <CopyStepper copy={c} />}
      {running && <CopyProgress copy={c} />}
      {c.message && <p className={bad ? 'text-slate-800 dark:text-slate-200' : 'text-slate-700 dark:text-slate-300'}>{c.message}</p>}
      {c.phase === 'done' && <p className="text-slate-600 dark:text-slate-300">It is in region {c.targetRegion}: open it there, or switch region at the top of the page.</p>}
      <div className="flex flex-wrap items-center gap-2">
        {running && <Button size="sm" disabled={end.isPending} onClick={() => end.mutate(c)}>{end.isPending ? 'Cancelling…' : 'Cancel'}</Button>}
        {c.phase === 'done' && <Button size="sm" variant="ghost" className="text-sky-700 underline dark:text-sky-300" onClick={() => void open()}>Open in {c.targetRegion}</Button>}
        {c.phase === 'interrupted' && (
          <>
            <Button size="sm" disabled={retry.isPending || end.isPending} onClick={() => retry.mutate({ targetRegion: c.targetRegion, name: c.name, replace: c.targetId })}>Retry</Button>
            <Button size="sm" variant="danger" disabled={retry.isPending || end.isPending} onClick={() => end.mutate(c)}>Delete</Button>
          </>
        )}
      </div>
      {end.error && <Alert tone="error" title={running ? 'Not cancelled' : 'Not deleted'}>{errorWords(end.error)}</Alert>}
      {retry.error && <Alert tone="error" title="Not retried">{errorWords(retry.error)}</Alert>}
      {opening && <Alert tone="error" title={`Could not switch to ${c.targetRegion}`}>{opening}</Alert>}
    </div>
  );
}

/** Created › data › checksum, drawn as the snapshot stepper draws Nova's steps. */
function CopyStepper({ copy: c }: { copy: CopyView }) {
  const at = copyStepIndex(c.phase);
  const failed = c.phase === 'failed' || c.phase === 'cancelled';
  return (
    <ol aria-label={`Steps of the copy to ${c.targetRegion}`} className="flex flex-wrap items-center gap-x-1 gap-y-1 text-xs">
      {COPY_STEPS.map((step, i) => {
        const state = i < at ? 'done' : i === at ? (failed ? 'failed' : 'current') : 'pending';
        const tone = STEP_TONES[state];
        return (
          <li key={step.key} aria-current={state === 'current' ? 'step' : undefined} data-state={state} className="flex items-center gap-1">
            {i > 0 && <span aria-hidden className="text-slate-400">›</span>}
            <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 ${tone}`}>
              <span aria-hidden>{state === 'done' ? '✓' : state === 'current' ? '●' : state === 'failed' ? '✕' : '○'}</span>
              {step.label}
              <span className="sr-only">{state === 'done' ? ' (done)' : state === 'current' ? ' (in progress)' : state === 'failed' ? ' (stopped)' : ''}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** Bytes, percent, rate and ETA; glance-download reports none of these until it is done. */
function CopyProgress({ copy: c }: { copy: CopyView }) {
  const pulled = c.method === 'glance-download';
  const facts = pulled
    ? []
    : [
      `${formatBytes(c.bytes)} of ${formatBytes(c.total)}`,
      c.percent === null ? null : `${c.percent}%`,
      c.rate ? `${formatBytes(c.rate)}/s` : null,
      formatEta(c.etaSeconds),
    ].filter((f): f is string => f !== null);
  const text = pulled ? 'Glance in the target region is pulling the data; it reports no progress until it is done.' : facts.join(' · ');
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label={`Copy to ${c.targetRegion}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={c.percent ?? undefined}
        aria-valuetext={text}
        className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
      >
        <div className={`h-full rounded-full bg-sky-500 ${c.percent === null ? 'w-1/3 animate-pulse' : 'transition-[width]'}`} style={c.percent === null ? undefined : { width: `${c.percent}%` }} />
      </div>
      <p className="text-xs text-slate-700 tabular-nums dark:text-slate-300">{text}</p>
      {c.method && <p className="text-xs text-slate-500 dark:text-slate-400">{COPY_METHOD_WORDS[c.method]}</p>}
    </div>
  );
}
