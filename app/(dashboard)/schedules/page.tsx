import type { Metadata } from 'next';
import { SchedulesPage } from '@/components/schedules/schedules-page';
import { PageData } from '@/components/ui/page-data';
import { queryKeys } from '@/lib/client/query-keys';
import { loadSchedulesPage } from '@/lib/schedules/schedules';
import { prefetchPageQueries } from '@/lib/server/prefetch';

export const metadata: Metadata = { title: 'Schedules' };

/** The schedules are in the HTML (decision 007), under the key the page's client asks
 * GET /api/schedules with, and with the same answer: `absent` without a workflow service. */
export default async function SchedulesRoute() {
  const state = await prefetchPageQueries([{
    key: queryKeys.schedules.list(''),
    load: (conn) => loadSchedulesPage(conn),
  }]);
  return (
    <PageData state={state}>
      <SchedulesPage />
    </PageData>
  );
}
