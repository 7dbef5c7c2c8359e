// A page's first data, fetched on the server and handed to the browser's React Query cache
// (decision 007). The page's rows are in the first HTML; the client starts from them and
// asks again only when they go stale, through route handlers built on the same loaders.
import 'server-only';
import { QueryClient, dehydrate, type DehydratedState, type QueryKey } from '@tanstack/react-query';
import type { Connection } from '@/lib/openstack/client';
import { OpenStackError } from '@/lib/openstack/errors';
import { connectionOf, errorBody } from './api';
import { requirePageSession } from './page-session';
import type { SessionData } from './session';

export interface PageQuery {
  key: QueryKey;
  load: (conn: Connection, session: SessionData) => Promise<unknown>;
}

/** Runs the page's loaders in parallel. What failed goes to the browser as the error its
 * route handler would have answered (the same words, through api.ts's errorBody), so
 * the page shows it at once instead of asking the failing cloud again. A Keystone 401 is
 * left out: the browser's own request then meets it in the pipeline, which ends the session
 * (a page cannot clear a cookie) and goes to sign-in. */
export async function prefetchPageQueries(queries: readonly PageQuery[]): Promise<DehydratedState> {
  const session = await requirePageSession();
  const conn = connectionOf(session);
  const client = new QueryClient();
  await Promise.all(
    queries.map(async (q) => {
      await client.prefetchQuery({ queryKey: q.key, queryFn: () => q.load(conn, session), retry: false });
      const query = client.getQueryCache().find({ queryKey: q.key, exact: true });
      const err = query?.state.error;
      if (!query || err == null) return;
      if (err instanceof OpenStackError && err.is(401)) {
        client.getQueryCache().remove(query);
        return;
      }
      query.setState({ error: errorBody(err) as unknown as Error });
    }),
  );
  return dehydrate(client, { shouldDehydrateQuery: () => true, shouldRedactErrors: () => false });
}
