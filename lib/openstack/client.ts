// The connection the client works with: a plain serialisable object, so the app can keep
// endpoints + microversion in its encrypted session cookie and rebuild it per request.
// These modules do not `import 'server-only'` themselves (that breaks vitest and tsx
// scripts); every app route handler that uses them imports 'server-only' instead.
import { z } from 'zod';
import { OpenStackError, type OpenStackService } from './errors';

/** Catalog URLs as the catalog gives them, without a trailing slash. */
export interface Endpoints {
  identity: string;
  compute: string;
  image: string;
  /** null when the catalog has no network service (e.g. a Zed cloud without Neutron). */
  network: string | null;
  /** Mistral (`workflowv2`); null or absent when the catalog has none (workflowEndpointFor). */
  workflow?: string | null;
  /** Cinder v3 (`block-storage` / `volumev3`, a URL with the project id); null or absent when
   * the catalog has none (volumeEndpointFor). Optional: sessions sealed before it still parse. */
  volume?: string | null;
}

export interface Connection {
  token: string;
  endpoints: Endpoints;
  /** The negotiated compute microversion ("2.x"), sent with every compute call. */
  computeMicroversion: string;
  /** The negotiated block-storage microversion ("3.x"), sent with every volume call; absent
   * means Cinder's base 3.0. */
  volumeMicroversion?: string;
  /** Per-call timeout in ms (default 15 s). */
  timeoutMs?: number;
  /** Injected fetch (tests); defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** For the app's session: endpoints come back from an encrypted cookie and are re-checked. */
export const endpointsSchema = z.object({
  identity: z.url(),
  compute: z.url(),
  image: z.url(),
  network: z.url().nullable(),
  workflow: z.url().nullable().optional(),
  volume: z.url().nullable().optional(),
});

export const DEFAULT_TIMEOUT_MS = 15_000;

const stripSlash = (url: string) => url.replace(/\/+$/, '');

/** Index just past the first path segment named `segment` ("v2.1"), or -1. */
function segmentEnd(url: URL, segment: string): number {
  const parts = url.pathname.split('/');
  const i = parts.indexOf(segment);
  if (i < 0) return -1;
  return parts.slice(0, i + 1).join('/').length;
}

/** Each service's API version segment: the anchor for building URLs and rebasing links. */
export const VERSION_SEGMENT: Record<OpenStackService, string> = {
  identity: 'v3',
  compute: 'v2.1',
  image: 'v2',
  network: 'v2.0',
  workflow: 'v2',
  volume: 'v3',
};

/**
 * The versioned base URL of a service, from its catalog URL. Catalogs differ: Keystone is
 * listed with or without /v3, Glance and Neutron without their version, Nova with /v2.1
 * and sometimes /v2.1/<project> (kept: Nova accepts both), Mistral with /v2, Cinder with
 * /v3/<project> (kept; Cinder accepts no project in the path only from volume 3.67).
 */
export function serviceBaseUrl(service: OpenStackService, catalogUrl: string): string {
  const url = new URL(stripSlash(catalogUrl));
  const segment = VERSION_SEGMENT[service];
  if (segmentEnd(url, segment) >= 0) return stripSlash(url.toString());
  return `${stripSlash(url.toString())}/${segment}`;
}

/** The base URL up to and including the version segment (drops Nova's /<project>). */
export function versionRootUrl(service: OpenStackService, catalogUrl: string): string {
  const base = new URL(serviceBaseUrl(service, catalogUrl));
  const end = segmentEnd(base, VERSION_SEGMENT[service]);
  return `${base.origin}${base.pathname.slice(0, end)}`;
}

/**
 * The URL to fetch for a next-page link: its path after the service's version segment and
 * its query, appended to the catalog endpoint's version root. The link's scheme and host
 * are dropped: behind a proxy Nova may name an address this server cannot (or must not) use.
 */
export function rebaseNextLink(service: OpenStackService, catalogUrl: string, href: string): string {
  // The base only lets relative links parse; its host is never used.
  const link = new URL(href, 'http://relative.invalid');
  const parts = link.pathname.split('/');
  const at = parts.indexOf(VERSION_SEGMENT[service]);
  if (at < 0) {
    throw new OpenStackError({
      service, method: 'GET', status: 200, kind: 'invalid-response',
      safeMessage: 'The service returned a next-page link this client cannot follow.',
    });
  }
  const rest = parts.slice(at + 1).join('/');
  return `${versionRootUrl(service, catalogUrl)}${rest ? `/${rest}` : ''}${link.search}`;
}
