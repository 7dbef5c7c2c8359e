import 'server-only';
import type { NetworksAnswer } from '@/lib/launch/contract';
import { microversionAtLeast } from '@/lib/openstack/compute/version';
import { listNetworks } from '@/lib/openstack/network/networks';
import { withSession } from '@/lib/server/api';

/** GET /api/networks: the project's and shared networks from Neutron. A cloud without
 * Neutron in its catalog (like our Zed tier) has none to list: the form then offers Nova's
 * "auto" and "none" (microversion 2.37+). */
export const GET = withSession({}, async ({ conn }) => {
  const autoAndNone = microversionAtLeast(conn.computeMicroversion, '2.37');
  const found = await listNetworks(conn);
  const networks = (found ?? [])
    .map((n) => ({ id: n.id, name: n.name, shared: n.shared, external: n.external, status: n.status }))
    .sort((a, b) => Number(a.shared) - Number(b.shared) || a.name.localeCompare(b.name));
  return { service: found !== null, networks, autoAndNone } satisfies NetworksAnswer;
});
