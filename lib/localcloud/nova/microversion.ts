// Compute API microversions as Zed's nova-api negotiates them (nova/api/openstack/
// api_version_request.py, wsgi.py): the request names a version in
// `OpenStack-API-Version: compute 2.x` (wins) or `X-OpenStack-Nova-API-Version: 2.x`;
// none means 2.1, `latest` the maximum; the chosen version is echoed with `Vary`.
import type { Context } from 'hono';
import { novaFault } from '../errors';

export const MIN_VERSION = '2.1';
/** Zed's maximum (nova 26.x). */
export const MAX_VERSION = '2.93';

export interface ApiVersion {
  major: number;
  minor: number;
}

const VERSION_RE = /^([1-9]\d*)\.([1-9]\d*|0)$/;

export const parseVersion = (s: string): ApiVersion | null => {
  const m = VERSION_RE.exec(s);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : null;
};

const MIN = parseVersion(MIN_VERSION)!;
const MAX = parseVersion(MAX_VERSION)!;

export const versionString = (v: ApiVersion): string => `${v.major}.${v.minor}`;
const compare = (a: ApiVersion, b: ApiVersion) => a.major - b.major || a.minor - b.minor;

/** True when the request's version is at least `min` (e.g. "2.47"). */
export const atLeast = (v: ApiVersion, min: string): boolean => compare(v, parseVersion(min)!) >= 0;

/** microversion_parse: the `compute` entry of OpenStack-API-Version, else the legacy header. */
function requestedVersion(c: Context): string | null {
  const header = c.req.header('OpenStack-API-Version');
  if (header) {
    for (const item of header.split(',')) {
      const [service, version] = item.trim().split(/\s+/, 2);
      if (service?.toLowerCase() === 'compute' && version !== undefined) return version;
    }
  }
  return c.req.header('X-OpenStack-Nova-API-Version')?.trim() ?? null;
}

export type Negotiated = { version: ApiVersion } | { error: Response };

/** Chooses the version for this request, or answers 400/406 like nova-api does. */
export function negotiate(c: Context): Negotiated {
  const requested = requestedVersion(c);
  if (requested === null) return { version: MIN };
  if (requested === 'latest') return { version: MAX };
  const version = parseVersion(requested);
  if (!version) {
    return { error: novaFault(c, 400, `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`) };
  }
  if (compare(version, MIN) < 0 || compare(version, MAX) > 0) {
    // Nova has already stored the requested version when it raises, so the 406 echoes it.
    echoVersion(c, version);
    return { error: novaFault(c, 406, `Version ${versionString(version)} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${MAX_VERSION}.`) };
  }
  return { version };
}

/** Sets the version headers on the response being built (success and faults alike). */
export function echoVersion(c: Context, v: ApiVersion): void {
  c.header('OpenStack-API-Version', `compute ${versionString(v)}`);
  c.header('X-OpenStack-Nova-API-Version', versionString(v));
  c.header('Vary', 'OpenStack-API-Version, X-OpenStack-Nova-API-Version');
}
