import 'server-only';
import { getConsoleOutput } from '@/lib/openstack/compute/servers';
import { withSession } from '@/lib/server/api';
import { consoleQuery, serverParams } from '@/lib/instances/contract';

/** The last lines of the console log (the local cloud prints the fsfreeze hook lines there). */
export const GET = withSession({ params: serverParams, query: consoleQuery }, async ({ params, query, conn }) => {
  const output = await getConsoleOutput(conn, params.id, query.length);
  return { output, length: query.length };
});
