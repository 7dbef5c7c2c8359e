import type { Metadata } from 'next';
import { InstancesPage, type InstancesView } from '@/components/instances/instances-page';
import { SnapshotTrackerProvider } from '@/components/instances/snapshot-tracker';
import { isGuid } from '@/lib/openstack/ids';

export const metadata: Metadata = { title: 'Instances' };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** The view comes from the URL (links and reloads keep it); anything unexpected falls back
 * to the default rather than failing the page. */
function viewOf(sp: Record<string, string | string[] | undefined>): InstancesView {
  const limit = Number(one(sp.limit));
  return {
    name: one(sp.name).slice(0, 255),
    status: /^[A-Z_]{1,32}$/.test(one(sp.status)) ? one(sp.status) : '',
    sort: one(sp.sort) === 'name' ? 'name' : 'created',
    dir: one(sp.dir) === 'asc' ? 'asc' : 'desc',
    limit: limit === 50 || limit === 100 ? limit : 20,
    highlight: one(sp.highlight).split(',').filter((id) => isGuid(id)).slice(0, 10),
  };
}

export default async function InstancesRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const view = viewOf(await searchParams);
  return (
    <SnapshotTrackerProvider>
      <InstancesPage initial={view} />
    </SnapshotTrackerProvider>
  );
}
