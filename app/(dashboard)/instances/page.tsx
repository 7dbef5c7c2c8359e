import type { Metadata } from 'next';
import { InstancesPage } from '@/components/instances/instances-page';
import { SnapshotTrackerProvider } from '@/components/instances/snapshot-tracker';
import { PageData } from '@/components/ui/page-data';
import { queryKeys } from '@/lib/client/query-keys';
import { listInstancesQuery } from '@/lib/instances/contract';
import { apiQueryOfView } from '@/lib/instances/list-query';
import { viewFromSearch } from '@/lib/instances/view';
import { loadServersPage } from '@/lib/instances/servers-page';
import { requirePageSession } from '@/lib/server/page-session';
import { prefetchPageQueries } from '@/lib/server/prefetch';

export const metadata: Metadata = { title: 'Instances' };

/** The first page of rows is in the HTML (decision 007): the same query the page's client
 * sends to /api/servers, under the same key, so the client starts from it instead of asking
 * again, and the rows are there before, or without, any JavaScript. */
export default async function InstancesRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const view = viewFromSearch(await searchParams);
  const params = apiQueryOfView(view, undefined);
  const query = listInstancesQuery.parse(Object.fromEntries(params));
  const state = await prefetchPageQueries([{ key: queryKeys.servers.list(params.toString()), load: (conn) => loadServersPage(conn, query) }]);
  // Schedule badges only where the cloud has a workflow service: no call at all elsewhere.
  const schedules = Boolean((await requirePageSession()).endpoints.workflow);
  return (
    <SnapshotTrackerProvider>
      <PageData state={state}>
        <InstancesPage initial={view} schedules={schedules} />
      </PageData>
    </SnapshotTrackerProvider>
  );
}
