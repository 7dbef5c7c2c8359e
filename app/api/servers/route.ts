import 'server-only';
import { withSession } from '@/lib/server/api';
import { listInstancesQuery } from '@/lib/instances/contract';
import { loadServersPage } from '@/lib/instances/servers-page';

/** One page of the project's instances (the Instances page renders the first one itself). */
export const GET = withSession({ query: listInstancesQuery }, ({ query, conn }) => loadServersPage(conn, query));
