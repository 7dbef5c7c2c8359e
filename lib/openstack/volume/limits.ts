// Cinder absolute limits of the project (GET /limits): what a volume snapshot costs against.
// Nova checks totalSnapshotsUsed + 1 <= maxTotalSnapshots before a volume-backed snapshot
// (compute/api.py snapshot_volume_backed); Cinder then counts the snapshot's size against
// the gigabytes quota, shared with volumes (unless no_snapshot_gb_quota).
import { z } from 'zod';
import type { Connection } from '../client';
import type { Quota } from '../compute/limits';
import { request } from '../http';
import { requireVolumeService } from './common';

const wireLimitsSchema = z.looseObject({
  limits: z.looseObject({
    absolute: z.looseObject({
      maxTotalVolumes: z.number().int(),
      totalVolumesUsed: z.number().int(),
      maxTotalSnapshots: z.number().int(),
      totalSnapshotsUsed: z.number().int(),
      maxTotalVolumeGigabytes: z.number().int(),
      totalGigabytesUsed: z.number().int(),
    }),
  }),
});

export interface VolumeLimits {
  volumes: Quota;
  snapshots: Quota;
  /** GiB of volumes and snapshots together. */
  gigabytes: Quota;
}

const quota = (max: number, used: number): Quota => ({ max: max < 0 ? null : max, used });

export async function getVolumeLimits(conn: Connection): Promise<VolumeLimits> {
  requireVolumeService(conn);
  const reply = await request(conn, { service: 'volume', method: 'GET', path: '/limits', ok: [200], parse: wireLimitsSchema });
  const a = reply.data.limits.absolute;
  return {
    volumes: quota(a.maxTotalVolumes, a.totalVolumesUsed),
    snapshots: quota(a.maxTotalSnapshots, a.totalSnapshotsUsed),
    gigabytes: quota(a.maxTotalVolumeGigabytes, a.totalGigabytesUsed),
  };
}

/** Whether `count` more snapshots of `gigabytes` GiB in all fit, and if not, which quota
 * refuses them with its numbers: what Nova and Cinder would answer, said before asking. */
export function snapshotQuotaShortfall(limits: VolumeLimits, need: { count: number; gigabytes: number }):
  { quota: 'snapshots' | 'gigabytes'; requested: number; used: number; max: number } | null {
  const s = limits.snapshots;
  if (s.max !== null && s.used + need.count > s.max) return { quota: 'snapshots', requested: need.count, used: s.used, max: s.max };
  const g = limits.gigabytes;
  if (g.max !== null && g.used + need.gigabytes > g.max) return { quota: 'gigabytes', requested: need.gigabytes, used: g.used, max: g.max };
  return null;
}
