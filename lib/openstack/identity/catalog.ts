// The Keystone service catalog: its wire schema, the app's shape of it, and the choice of
// the endpoints the client talks to (one region, one interface).
import { z } from 'zod';
import type { Endpoints } from '../client';
import { OpenStackCapabilityError } from '../errors';

const wireEndpointSchema = z.looseObject({
  interface: z.string(),
  // `region` is deprecated since v3.2 in favour of `region_id`; clouds send both or either.
  region_id: z.string().nullable().optional(),
  region: z.string().nullable().optional(),
  url: z.string(),
});

export const wireCatalogSchema = z.array(
  z.looseObject({
    type: z.string(),
    name: z.string().optional(),
    endpoints: z.array(wireEndpointSchema),
  }),
);

export type EndpointInterface = 'public' | 'internal' | 'admin';
export const endpointInterfaceSchema = z.enum(['public', 'internal', 'admin']);

export interface CatalogEndpoint {
  interface: string;
  region: string | null;
  url: string;
}

export interface CatalogService {
  type: string;
  name: string | null;
  endpoints: CatalogEndpoint[];
}

export function reshapeCatalog(wire: z.infer<typeof wireCatalogSchema>): CatalogService[] {
  return wire.map((s) => ({
    type: s.type,
    name: s.name ?? null,
    endpoints: s.endpoints.map((e) => ({ interface: e.interface, region: e.region_id ?? e.region ?? null, url: e.url })),
  }));
}

/** Regions in which the dashboard can work: those with both a compute and an image endpoint. */
export function regionsOf(catalog: readonly CatalogService[]): string[] {
  const regionsWith = (type: string) =>
    new Set(catalog.filter((s) => s.type === type).flatMap((s) => s.endpoints.map((e) => e.region)));
  const image = regionsWith('image');
  const usable = [...regionsWith('compute')].filter((r): r is string => r !== null && image.has(r));
  return usable.sort((a, b) => a.localeCompare(b));
}

function urlOf(catalog: readonly CatalogService[], type: string, region: string, iface: EndpointInterface): string | null {
  for (const service of catalog) {
    if (service.type !== type) continue;
    const found = service.endpoints.find((e) => e.region === region && e.interface === iface);
    if (found) return found.url.replace(/\/+$/, '');
  }
  return null;
}

function required(catalog: readonly CatalogService[], type: 'compute' | 'image', region: string, iface: EndpointInterface): string {
  const url = urlOf(catalog, type, region, iface);
  if (url === null) {
    throw new OpenStackCapabilityError('no-endpoint', `The cloud's catalog has no ${type} endpoint in region ${region} (${iface} interface).`);
  }
  return url;
}

/**
 * The endpoints of one region and interface. Compute and image are required; network is
 * null when absent (a Zed cloud without Neutron). A compute URL carrying the project
 * (`/v2.1/<project>`) is kept as is: Nova accepts both. For identity the configured auth
 * URL wins when given, since it is the one known to be reachable from here; catalog
 * identity URLs are often internal addresses.
 */
export function endpointsFor(
  catalog: readonly CatalogService[],
  opts: { region: string; interface: EndpointInterface; authUrl?: string },
): Endpoints {
  const compute = required(catalog, 'compute', opts.region, opts.interface);
  const image = required(catalog, 'image', opts.region, opts.interface);
  const identity = opts.authUrl?.replace(/\/+$/, '') ?? urlOf(catalog, 'identity', opts.region, opts.interface);
  if (!identity) {
    throw new OpenStackCapabilityError('no-endpoint', `The cloud's catalog has no identity endpoint in region ${opts.region} (${opts.interface} interface).`);
  }
  return { identity, compute, image, network: urlOf(catalog, 'network', opts.region, opts.interface) };
}

/**
 * The workflow service (Mistral, catalog type `workflowv2`) of one region and interface, or
 * null when the cloud has none: schedules then say so and offer a crontab line instead.
 * Kept out of `endpointsFor` so that a cloud without Mistral changes nothing else.
 */
export function workflowEndpointFor(
  catalog: readonly CatalogService[],
  opts: { region: string; interface: EndpointInterface },
): string | null {
  return urlOf(catalog, 'workflowv2', opts.region, opts.interface);
}

/** Regions with an image service (Glance) in the catalog: where a snapshot can be copied. */
export function imageRegionsOf(catalog: readonly CatalogService[]): string[] {
  const regions = catalog.filter((s) => s.type === 'image').flatMap((s) => s.endpoints.map((e) => e.region));
  return [...new Set(regions.filter((r): r is string => r !== null))].sort((a, b) => a.localeCompare(b));
}

/** The image service of one region and interface, or null when that region has none. */
export function imageEndpointFor(
  catalog: readonly CatalogService[],
  opts: { region: string; interface: EndpointInterface },
): string | null {
  return urlOf(catalog, 'image', opts.region, opts.interface);
}
