'use client';
import { Button } from '@/components/ui/button';
import type { MetadataRow } from '@/lib/snapshots/snapshot-form';

const input = 'block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950';

/** Optional key/value pairs Nova adds to the snapshot image (each ≤ 255 bytes). */
export function MetadataRows({ rows, onChange, errors }: { rows: MetadataRow[]; onChange: (rows: MetadataRow[]) => void; errors: Record<number, string> }) {
  const set = (i: number, change: Partial<MetadataRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Metadata <span className="font-normal text-slate-500 dark:text-slate-400">(optional: added to the image as properties)</span></legend>
      {rows.map((r, i) => (
        <div key={i}>
          <div className="flex items-center gap-2">
            <input aria-label={`Metadata key ${i + 1}`} placeholder="key" value={r.key} onChange={(e) => set(i, { key: e.target.value })} aria-invalid={Boolean(errors[i])} className={input} />
            <span aria-hidden>=</span>
            <input aria-label={`Metadata value ${i + 1}`} placeholder="value" value={r.value} onChange={(e) => set(i, { value: e.target.value })} aria-invalid={Boolean(errors[i])} className={input} />
            <Button size="sm" variant="ghost" aria-label={`Remove metadata ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>✕</Button>
          </div>
          {errors[i] && <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-300">Metadata {i + 1}: {errors[i]}</p>}
        </div>
      ))}
      <Button size="sm" onClick={() => onChange([...rows, { key: '', value: '' }])}>Add metadata</Button>
    </fieldset>
  );
}
