import 'server-only';
import { withSession } from '@/lib/server/api';
import { flavorsOfSession } from '@/lib/instances/lookups';

/** The project's flavors (once per session: they rarely change), smallest first. */
export const GET = withSession({}, async ({ conn }) => {
  const flavors = [...(await flavorsOfSession(conn)).values()];
  flavors.sort((a, b) => a.vcpus - b.vcpus || a.ram - b.ram || a.disk - b.disk || a.name.localeCompare(b.name));
  return { flavors };
});
