// The app's own origin, and whether a request comes from it. Browsers send `Origin` with
// every non-GET fetch and form post; `Sec-Fetch-Site` stands in where they leave it out.
import type { AppConfig } from './config';

type HeaderSource = Pick<Headers, 'get'>;

const first = (v: string | null) => v?.split(',')[0]?.trim() || null;

/** The origin browsers use to reach the app: SNAPDECK_PUBLIC_URL when set; otherwise the
 * request's Host (and, behind a proxy that is trusted to set them, X-Forwarded-Host and
 * X-Forwarded-Proto). Next's own server fills X-Forwarded-* from the socket only when the
 * client sent none, so they are read only with SNAPDECK_TRUST_PROXY=true. */
export function requestOrigin(headers: HeaderSource, config: Pick<AppConfig, 'publicOrigin' | 'trustProxy'>): string | null {
  if (config.publicOrigin) return config.publicOrigin;
  const host = (config.trustProxy && first(headers.get('x-forwarded-host'))) || headers.get('host');
  if (!host) return null;
  const proto = config.trustProxy && first(headers.get('x-forwarded-proto')) === 'https' ? 'https' : 'http';
  try {
    const url = new URL(`${proto}://${host}`);
    // A Host with a path, credentials or anything else than host[:port] is not an origin.
    return url.host === host.toLowerCase() ? url.origin : null;
  } catch {
    return null;
  }
}

export function isHttpsOrigin(origin: string | null): boolean {
  return !!origin && origin.startsWith('https://');
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/** A request that may change something must come from the app itself: `Origin` equal to the
 * app's origin, or, without `Origin`, `Sec-Fetch-Site: same-origin`. Anything else (another
 * site, a same-site sibling, `null`, neither header) is refused. */
export function checkOrigin(headers: HeaderSource, config: Pick<AppConfig, 'publicOrigin' | 'trustProxy'>): OriginVerdict {
  const origin = headers.get('origin');
  if (origin !== null) {
    const own = requestOrigin(headers, config);
    return own && origin === own ? { ok: true } : { ok: false, reason: 'This request came from another site, so Snapdeck refused it.' };
  }
  if (headers.get('sec-fetch-site') === 'same-origin') return { ok: true };
  return { ok: false, reason: 'This request did not say where it came from, so Snapdeck refused it.' };
}
