// Cinder volume types (GET /types): what a member may choose when making a volume.
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { requireVolumeService } from './common';

/** A member sees id, name, description, is_public, the user-visible extra specs and
 * os-volume-type-access:is_public; qos_specs_id only as admin (views/types.py). */
const wireVolumeTypeSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable().optional(),
  is_public: z.boolean().optional(),
  extra_specs: z.record(z.string(), z.string()).optional(),
});

export interface VolumeType {
  id: string;
  name: string;
  description: string | null;
  isPublic: boolean;
}

export async function listVolumeTypes(conn: Connection): Promise<VolumeType[]> {
  requireVolumeService(conn);
  const reply = await request(conn, {
    service: 'volume', method: 'GET', path: '/types', ok: [200],
    parse: z.looseObject({ volume_types: z.array(wireVolumeTypeSchema) }),
  });
  return reply.data.volume_types.map((t) => ({ id: t.id, name: t.name, description: t.description ?? null, isPublic: t.is_public ?? true }));
}
