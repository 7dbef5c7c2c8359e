import 'server-only';
import type { AvailabilityZonesAnswer } from '@/lib/launch/contract';
import { listAvailabilityZones } from '@/lib/openstack/compute/availability-zones';
import { withSession } from '@/lib/server/api';

/** GET /api/availability-zones: the zones Nova lists as available, by name (Horizon sorts
 * them too). The launch form offers them beside "Any", which it keeps if this fails. */
export const GET = withSession({}, async ({ conn }) => {
  const zones = await listAvailabilityZones(conn);
  return { zones: zones.sort((a, b) => a.localeCompare(b)) } satisfies AvailabilityZonesAnswer;
});
