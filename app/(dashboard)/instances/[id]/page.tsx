import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { InstanceDetail } from '@/components/instances/instance-detail';
import { SnapshotTrackerProvider } from '@/components/instances/snapshot-tracker';
import { isGuid } from '@/lib/openstack/ids';

export const metadata: Metadata = { title: 'Instance' };

export default async function InstanceRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isGuid(id)) notFound();
  return (
    <SnapshotTrackerProvider>
      <InstanceDetail id={id} />
    </SnapshotTrackerProvider>
  );
}
