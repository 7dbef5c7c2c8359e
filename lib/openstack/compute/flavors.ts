// Nova flavors (GET /flavors/detail, every page; GET /flavors/{id}).
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { linkSchema, listAllPages, nextHrefOf } from '../pagination';

export const flavorUrls = {
  list: () => '/flavors/detail',
  one: (id: string) => `/flavors/${encodeURIComponent(id)}`,
};

const wireFlavorSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  vcpus: z.number().int(),
  ram: z.number().int(),
  disk: z.number().int(),
  'OS-FLV-EXT-DATA:ephemeral': z.number().int().optional(),
  // "" instead of 0 before 2.75.
  swap: z.union([z.number().int(), z.literal('')]).optional(),
  'os-flavor-access:is_public': z.boolean().optional(),
  description: z.string().nullable().optional(), // from 2.55
});

export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  /** MiB */
  ram: number;
  /** GiB */
  disk: number;
  ephemeral: number;
  /** MiB */
  swap: number;
  isPublic: boolean;
  description: string | null;
}

const reshapeFlavor = (f: z.infer<typeof wireFlavorSchema>): Flavor => ({
  id: f.id,
  name: f.name,
  vcpus: f.vcpus,
  ram: f.ram,
  disk: f.disk,
  ephemeral: f['OS-FLV-EXT-DATA:ephemeral'] ?? 0,
  swap: f.swap === '' || f.swap === undefined ? 0 : f.swap,
  isPublic: f['os-flavor-access:is_public'] ?? true,
  description: f.description ?? null,
});

const flavorsPageSchema = z.looseObject({ flavors: z.array(wireFlavorSchema), flavors_links: z.array(linkSchema).optional() });

export async function listFlavors(conn: Connection): Promise<Flavor[]> {
  return listAllPages(conn, {
    service: 'compute', path: flavorUrls.list(), parse: flavorsPageSchema,
    items: (d) => d.flavors.map(reshapeFlavor), next: (d) => nextHrefOf(d.flavors_links),
  });
}

export async function getFlavor(conn: Connection, id: string): Promise<Flavor> {
  const reply = await request(conn, {
    service: 'compute', method: 'GET', path: flavorUrls.one(id), ok: [200], parse: z.object({ flavor: wireFlavorSchema }),
  });
  return reshapeFlavor(reply.data.flavor);
}
