// The block-storage endpoint of one region and interface, from the token's catalog. Kept
// apart from identity/catalog.ts's endpointsFor: a cloud without Cinder changes nothing else,
// and the session adds `volume` to its endpoints where it calls endpointsFor.
import type { CatalogService, EndpointInterface } from '../identity/catalog';

/** Catalog types of Cinder v3, preferred first: `block-storage` is the service-types
 * authority's name, `volumev3` the older one (a Zed cloud registers both, same URL).
 * `volume` and `volumev2` are v1/v2 APIs, removed from Cinder, and are never used. */
export const VOLUME_SERVICE_TYPES = ['block-storage', 'volumev3'] as const;

/** The URL (without a trailing slash, with the project id as the catalog gives it), or
 * null when the catalog has no block storage in that region and interface. */
export function volumeEndpointFor(
  catalog: readonly CatalogService[],
  opts: { region: string; interface: EndpointInterface },
): string | null {
  for (const type of VOLUME_SERVICE_TYPES) {
    for (const service of catalog) {
      if (service.type !== type) continue;
      const found = service.endpoints.find((e) => e.region === opts.region && e.interface === opts.interface);
      if (found) return found.url.replace(/\/+$/, '');
    }
  }
  return null;
}
