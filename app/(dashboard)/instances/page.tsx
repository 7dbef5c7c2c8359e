import type { Metadata } from 'next';
import { InstancesPage } from '@/components/instances/instances-page';
import { SnapshotTrackerProvider } from '@/components/instances/snapshot-tracker';
import { viewFromSearch } from '@/lib/instances/list-query';

export const metadata: Metadata = { title: 'Instances' };

export default async function InstancesRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const view = viewFromSearch(await searchParams);
  return (
    <SnapshotTrackerProvider>
      <InstancesPage initial={view} />
    </SnapshotTrackerProvider>
  );
}
