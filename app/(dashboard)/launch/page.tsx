import type { Metadata } from 'next';
import Link from 'next/link';
import { LaunchForm } from '@/components/launch/launch-form';
import { isGuid } from '@/lib/openstack/ids';

export const metadata: Metadata = { title: 'Launch instance' };

export default async function LaunchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { source } = await searchParams;
  const sourceId = typeof source === 'string' && isGuid(source) ? source.toLowerCase() : null;
  return (
    <div className="space-y-4">
      <div>
        <Link href="/instances" className="text-sm text-sky-800 underline-offset-2 hover:underline dark:text-sky-300">
          ← Instances
        </Link>
        <h1 className="mt-1 text-xl font-semibold">Launch instance</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">Boot new instances from a snapshot (to restore or clone) or from an image (a template).</p>
      </div>
      {typeof source === 'string' && !sourceId && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          The link named a source that is not an image id; choose a source below.
        </p>
      )}
      <LaunchForm initialSourceId={sourceId} />
    </div>
  );
}
