// Nova availability zones (GET /os-availability-zone: the summary list, which Zed's default
// policy allows to anyone with a token; /detail, with hosts, is admin-only).
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';

export const availabilityZoneUrls = {
  list: () => '/os-availability-zone',
};

// nova/api/openstack/compute/availability_zone.py: hosts is always null in the summary list,
// and the internal zone (nova-conductor, nova-scheduler) is left out of it.
const zoneListSchema = z.looseObject({
  availabilityZoneInfo: z.array(z.looseObject({
    zoneName: z.string(),
    zoneState: z.looseObject({ available: z.boolean() }),
  })),
});

/** The zones Nova would accept as a server's `availability_zone`: those with an enabled
 * compute service (a zone whose hosts are all disabled is listed as not available). */
export async function listAvailabilityZones(conn: Connection): Promise<string[]> {
  const reply = await request(conn, { service: 'compute', method: 'GET', path: availabilityZoneUrls.list(), ok: [200], parse: zoneListSchema });
  return reply.data.availabilityZoneInfo.filter((z) => z.zoneState.available).map((z) => z.zoneName);
}
