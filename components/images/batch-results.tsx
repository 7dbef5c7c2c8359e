import type { BatchItemResult } from '@/lib/images/contract';

/** What a bulk action did to each image: a summary line, then failures first. */
export function BatchResults({ results, okWord, skipped = 0, skippedWord }: { results: BatchItemResult[]; okWord: string; skipped?: number; skippedWord?: string }) {
  const failed = results.filter((r) => !r.ok);
  const done = results.filter((r) => r.ok);
  const parts = [`${done.length} ${okWord.toLowerCase()}`, `${failed.length} failed`];
  if (skippedWord) parts.push(`${skipped} ${skippedWord}`);
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
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
