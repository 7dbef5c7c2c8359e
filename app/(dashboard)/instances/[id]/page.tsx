import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { InstanceDetail } from '@/components/instances/instance-detail';
import { SnapshotTrackerProvider } from '@/components/instances/snapshot-tracker';
import { PageData } from '@/components/ui/page-data';
import { queryKeys } from '@/lib/client/query-keys';
import { loadInstanceDetail } from '@/lib/instances/servers-page';
import { isGuid } from '@/lib/openstack/ids';
import { prefetchPageQueries } from '@/lib/server/prefetch';
import { listInstanceSnapshots } from '@/lib/snapshots/summary';

export const metadata: Metadata = { title: 'Instance' };

/** The instance and its snapshots are in the HTML (decision 007); the console output, which
 * a real cloud can be slow to give, is asked for by the browser. */
export default async function InstanceRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isGuid(id)) notFound();
  const state = await prefetchPageQueries([
    { key: queryKeys.servers.detail(id), load: (conn) => loadInstanceDetail(conn, id) },
    { key: queryKeys.servers.snapshots(id), load: (conn) => listInstanceSnapshots(conn, id) },
  ]);
  return (
    <SnapshotTrackerProvider>
      <PageData state={state}>
        <InstanceDetail id={id} />
      </PageData>
    </SnapshotTrackerProvider>
  );
}
