import type { BatchItemResult, VolumeSnapshotOutcome } from '@/lib/images/contract';
import { formatGiB } from '@/components/ui/format';

const OUTCOME_MARK: Record<VolumeSnapshotOutcome['outcome'], { mark: string; tone: string }> = {
  deleted: { mark: '✓', tone: 'text-emerald-600 dark:text-emerald-400' },
  gone: { mark: '–', tone: 'text-slate-500 dark:text-slate-400' },
  kept: { mark: '!', tone: 'text-amber-600 dark:text-amber-400' },
};

/** The Cinder snapshots a deleted volume-backed snapshot stood for, each with its outcome. */
function VolumeSnapshotOutcomes({ outcomes }: { outcomes: VolumeSnapshotOutcome[] }) {
  return (
    <ul aria-label="Cinder snapshots" className="mt-1 space-y-0.5 pl-2 text-xs">
      {outcomes.map((o) => (
        <li key={o.id} className="flex gap-1.5">
          <span aria-hidden className={OUTCOME_MARK[o.outcome].tone}>{OUTCOME_MARK[o.outcome].mark}</span>
          <span>
            Cinder snapshot <span className="font-mono">{o.name || o.id}</span>
            {o.size !== null && <> ({formatGiB(o.size)})</>}: {o.message}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** What a bulk action did to each image: a summary line, then failures first. */
export function BatchResults({ results, okWord, skipped = 0, skippedWord }: { results: BatchItemResult[]; okWord: string; skipped?: number; skippedWord?: string }) {
  const failed = results.filter((r) => !r.ok);
  const done = results.filter((r) => r.ok);
  const parts = [`${done.length} ${okWord.toLowerCase()}`, `${failed.length} failed`];
  if (skippedWord) parts.push(`${skipped} ${skippedWord}`);
  const cinder = results.flatMap((r) => r.volumeSnapshots ?? []);
  if (cinder.length > 0) {
    const kept = cinder.filter((o) => o.outcome === 'kept').length;
    parts.push(`Cinder snapshots: ${cinder.length - kept} deleted or already gone, ${kept} kept`);
  }
  return (
    <div className="space-y-2 text-sm">
      <p role="status" className="font-medium">{parts.join(', ')}.</p>
      {results.length > 0 && (
        <ul aria-label="Results" className="max-h-72 divide-y divide-slate-200 overflow-y-auto rounded-md border border-slate-200 dark:divide-slate-700 dark:border-slate-700">
          {[...failed, ...done].map((r) => (
            <li key={r.id} className="flex items-start gap-2 px-3 py-1.5">
              <span aria-hidden className={r.ok ? 'text-emerald-600 dark:text-emerald-400' : 'text-red-600 dark:text-red-400'}>{r.ok ? '✓' : '✕'}</span>
              <span className="flex-1 break-all">
                <strong>{r.name || r.id}</strong>{' '}
                <span className={r.ok ? 'text-slate-600 dark:text-slate-300' : 'text-red-700 dark:text-red-300'}>{r.ok ? r.message : `Failed: ${r.message}`}</span>
                {r.volumeSnapshots && r.volumeSnapshots.length > 0 && <VolumeSnapshotOutcomes outcomes={r.volumeSnapshots} />}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
