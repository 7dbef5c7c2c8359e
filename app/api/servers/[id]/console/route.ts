import 'server-only';
import { getConsoleOutput } from '@/lib/openstack/compute/servers';
import { withSession } from '@/lib/server/api';
import { consoleQuery, serverParams } from '@/lib/instances/contract';
import { readableConsole } from '@/lib/instances/console-text';

/** The last lines of the console log (a guest's fsfreeze hook can print its freeze and thaw
 * there), without the terminal's colour codes. */
export const GET = withSession({ params: serverParams, query: consoleQuery }, async ({ params, query, conn }) => {
  const output = readableConsole(await getConsoleOutput(conn, params.id, query.length));
  return { output, length: query.length };
});
