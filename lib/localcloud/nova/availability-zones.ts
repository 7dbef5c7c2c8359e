// Availability zones (nova/api/openstack/compute/availability_zone.py, nova/availability_zones.py):
// the summary list, and the zone a boot asks for, checked as servers.py and compute/api.py
// check it. The zones are the cloud's option (--availability-zones, default just "nova"); the
// one simulated compute host serves them all, so each is available.
import type { Hono } from 'hono';
import type { CloudContext } from '../context';
import { serviceOptions } from '../config';
import { novaFault } from '../errors';
import type { NovaContext, NovaEnv } from './common';
import type { Parsed } from './validation';

export const availabilityZonesOf = (cloud: CloudContext): string[] => serviceOptions(cloud).availabilityZones ?? ['nova'];

/** Nova's legacy "zone:host", "zone:host:node" and "zone::node" (compute/api.py
 * parse_availability_zone): the zone, and whether a host or node was forced. */
function parseZone(requested: string): { zone: string; forced: boolean } | null {
  const parts = requested.split(':');
  if (parts.length > 3) return null;
  return { zone: parts[0]!, forced: parts.slice(1).some((p) => p !== '') };
}

/** servers.py create: the zone parsed, and the forced-host policy, before the flavor is
 * read. null: no zone asked for ("" before a colon is Nova's unset default_schedule_zone). */
export function parseRequestedZone(c: NovaContext, requested: string | undefined): Parsed<string | null> {
  if (requested === undefined) return { ok: true, data: null };
  const parsed = parseZone(requested);
  const fail = (status: number, m: string) => ({ ok: false as const, response: novaFault(c, status, m) });
  if (!parsed) return fail(400, 'Invalid input received: Unable to parse availability_zone');
  if (parsed.forced) {
    // os_compute_api:servers:create:forced_host is admin-only by default.
    if (!c.get('auth').isAdmin) return fail(403, "Policy doesn't allow os_compute_api:servers:create:forced_host to be performed.");
    return fail(400, 'The local cloud has one compute host and places no server by host or node: name the zone alone.');
  }
  return { ok: true, data: parsed.zone || null };
}

/** compute_api.create: a zone asked for must be available; none asked for lands in the first
 * zone (as Nova's default zone takes the hosts that are in no zone's aggregate). */
export function zoneToBoot(cloud: CloudContext, c: NovaContext, zone: string | null): Parsed<string> {
  const zones = availabilityZonesOf(cloud);
  if (zone === null) return { ok: true, data: zones[0]! };
  if (!zones.includes(zone)) return { ok: false, response: novaFault(c, 400, 'The requested availability zone is not available') };
  return { ok: true, data: zone };
}

export function availabilityZoneRoutes(cloud: CloudContext, app: Hono<NovaEnv>): void {
  // os_compute_api:os-availability-zone:list is allowed to any token; no query is read.
  app.get('/v2.1/os-availability-zone', (c) =>
    c.json({ availabilityZoneInfo: availabilityZonesOf(cloud).map((zoneName) => ({ zoneName, zoneState: { available: true }, hosts: null })) }));
  // The detailed list (hosts and their services) is admin-only; the local cloud does not serve it.
  app.get('/v2.1/os-availability-zone/detail', (c) =>
    c.get('auth').isAdmin
      ? novaFault(c, 404, 'The local cloud does not serve the detailed availability zone list.')
      : novaFault(c, 403, "Policy doesn't allow os_compute_api:os-availability-zone:detail to be performed."));
}
