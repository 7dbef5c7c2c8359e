// Nova absolute limits of the project (GET /limits).
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';

const wireLimitsSchema = z.looseObject({
  limits: z.looseObject({
    absolute: z.looseObject({
      maxTotalInstances: z.number().int(),
      totalInstancesUsed: z.number().int(),
      maxTotalCores: z.number().int(),
      totalCoresUsed: z.number().int(),
      maxTotalRAMSize: z.number().int(),
      totalRAMUsed: z.number().int(),
    }),
  }),
});

/** A quota: `max` is null when unlimited (Nova's -1). */
export interface Quota {
  max: number | null;
  used: number;
}

export interface ComputeLimits {
  instances: Quota;
  cores: Quota;
  /** MiB */
  ram: Quota;
}

const quota = (max: number, used: number): Quota => ({ max: max < 0 ? null : max, used });

export async function getLimits(conn: Connection): Promise<ComputeLimits> {
  const reply = await request(conn, { service: 'compute', method: 'GET', path: '/limits', ok: [200], parse: wireLimitsSchema });
  const a = reply.data.limits.absolute;
  return {
    instances: quota(a.maxTotalInstances, a.totalInstancesUsed),
    cores: quota(a.maxTotalCores, a.totalCoresUsed),
    ram: quota(a.maxTotalRAMSize, a.totalRAMUsed),
  };
}
