import type { Metadata } from 'next';
import { ImagesView } from '@/components/images/images-view';
import { PageData } from '@/components/ui/page-data';
import { queryKeys } from '@/lib/client/query-keys';
import { loadImageList } from '@/lib/images/image-list';
import { parsePageQuery, toSearchParams } from '@/lib/images/list-query';
import { requirePageSession } from '@/lib/server/page-session';
import { prefetchPageQueries } from '@/lib/server/prefetch';

export const metadata: Metadata = { title: 'Images' };

/** The first page of rows is in the HTML (decision 007), under the key the page's client
 * uses (useImageList). */
export default async function ImagesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) for (const one of [v ?? []].flat()) sp.append(k, one);
  const query = parsePageQuery(sp);
  const session = await requirePageSession();
  const state = await prefetchPageQueries([
    { key: queryKeys.images.list(toSearchParams(query).toString()), load: (conn) => loadImageList(conn, query, session.project) },
  ]);
  return (
    <PageData state={state}>
      <ImagesView project={session.project} />
    </PageData>
  );
}
