import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { InstanceDetail } from '@/components/instances/instance-detail';
import { SnapshotTrackerProvider } from '@/components/instances/snapshot-tracker';

export const metadata: Metadata = { title: 'Instance' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function InstanceRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  return (
    <SnapshotTrackerProvider>
      <InstanceDetail id={id} />
    </SnapshotTrackerProvider>
  );
}
