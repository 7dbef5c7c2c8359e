import Link from 'next/link';
import { CONSISTENCY_LABELS } from '@/lib/images/rules';

/** What the Consistency column's words mean. */
export function ConsistencyLegend() {
  return (
    <section aria-labelledby="consistency-legend" className="rounded-md border border-slate-200 bg-white p-3 text-sm dark:border-slate-700 dark:bg-slate-900">
      <h2 id="consistency-legend" className="mb-2 font-semibold">Consistency</h2>
      <dl className="grid gap-x-4 gap-y-1.5 sm:grid-cols-[max-content_1fr]">
        {Object.values(CONSISTENCY_LABELS).map((c) => (
          <div key={c.label} className="contents">
            <dt className="font-medium">{c.label}</dt>
            <dd className="text-slate-600 dark:text-slate-300">{c.explanation}</dd>
          </div>
        ))}
        <div className="contents">
          <dt className="font-medium">Agent channel / No agent channel</dt>
          <dd className="text-slate-600 dark:text-slate-300">
            For base images: whether instances launched from the image get the QEMU guest agent channel (<code>hw_qemu_guest_agent</code>), which their future snapshots need to be frozen.
          </dd>
        </div>
      </dl>
      <p className="mt-2 text-slate-600 dark:text-slate-300">
        Read from the properties a snapshot inherited from its instance&apos;s boot-time image. A snapshot of a shut-off instance is consistent whatever it says: its disk was not changing.{' '}
        <Link href="/guide/consistency" className="text-sky-700 underline dark:text-sky-400">Consistency guide</Link>
      </p>
    </section>
  );
}
