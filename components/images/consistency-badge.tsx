import type { ImageKind } from '@/lib/images/rules';
import { consistencyOf, type ConsistencyTone } from './format';

const DOT: Record<ConsistencyTone, string> = {
  frozen: 'bg-emerald-500',
  maybe: 'bg-sky-500',
  unfrozen: 'bg-amber-500',
};

/** The Consistency column's words, with a coloured dot (the words carry the meaning). */
export function ConsistencyBadge({ kind, image }: { kind: ImageKind; image: { properties: Record<string, string>; createdAt: string; updatedAt: string } }) {
  const c = consistencyOf(kind, image);
  return (
    <span title={c.explanation} className="inline-flex items-baseline gap-1.5">
      <span aria-hidden className={`inline-block h-2 w-2 shrink-0 rounded-full ${DOT[c.tone]}`} />
      <span>{c.label}</span>
      {c.changed && <span className="text-xs text-amber-700 dark:text-amber-300">(properties changed since)</span>}
    </span>
  );
}
