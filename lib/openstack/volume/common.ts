// What the Cinder modules share: the endpoint check (no request is sent to a cloud without
// block storage), the microversion a call needs, and Cinder's timestamps.
import type { Connection } from '../client';
import { OpenStackCapabilityError } from '../errors';
import { microversionAtLeast } from '../compute/version';

/** Cinder's base microversion: what a request without `OpenStack-API-Version` gets. */
export const VOLUME_BASE_MICROVERSION = '3.0';

export const volumeMicroversionOf = (conn: Connection): string => conn.volumeMicroversion ?? VOLUME_BASE_MICROVERSION;

/** Throws before any request when the connection has no volume endpoint. */
export function requireVolumeService(conn: Connection): void {
  if (!conn.endpoints.volume) {
    throw new OpenStackCapabilityError('no-endpoint', "The cloud's catalog has no block storage service (Cinder) in this region.");
  }
}

/** Throws before any request when the negotiated volume microversion is below `min`. */
export function requireVolumeMicroversion(conn: Connection, min: string, what: string): void {
  requireVolumeService(conn);
  const have = volumeMicroversionOf(conn);
  if (!microversionAtLeast(have, min)) {
    throw new OpenStackCapabilityError('microversion-too-low', `${what} needs block storage microversion ${min}; this cloud speaks ${have}.`);
  }
}

/** Cinder sends database times without a zone ("2026-12-01T21:23:40.000000"): they are UTC.
 * The result is ISO 8601 with Z; null stays null. */
export function cinderTimeToIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
