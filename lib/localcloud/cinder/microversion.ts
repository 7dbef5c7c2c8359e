// Volume API microversions as Zed's cinder-api reads them (cinder/api/openstack/wsgi.py
// set_api_version_request): only `OpenStack-API-Version` counts, its entry naming `volume`;
// none means 3.0, `latest` 3.70; the chosen version is echoed with `Vary`.
import type { Context } from 'hono';
import type { ApiVersion } from '../nova/microversion';
import { parseVersion, versionString } from '../nova/microversion';
import { cinderFault, GENERIC_400 } from './errors';

export const MIN_VERSION = '3.0';
/** cinder 21.x (Zed) _MAX_API_VERSION. */
export const MAX_VERSION = '3.70';
/** api_version_request.UPDATED of cinder 21.x. */
export const VERSION_UPDATED = '2022-08-31T00:00:00Z';

const MIN = parseVersion(MIN_VERSION)!;
const MAX = parseVersion(MAX_VERSION)!;
const compare = (a: ApiVersion, b: ApiVersion) => a.major - b.major || a.minor - b.minor;

export type Negotiated = { version: ApiVersion } | { error: Response };

export function negotiate(c: Context): Negotiated {
  const header = c.req.header('OpenStack-API-Version');
  if (header === undefined) return { version: MIN };
  // `if VOLUME_SERVICE in hdr`: a substring test, then the entry's second word.
  const entry = header.split(',').find((h) => h.includes('volume'));
  const requested = entry?.trim().split(/\s+/)[1];
  // VersionNotFoundForAPIMethod escapes the resource and reaches the fault wrapper, which
  // does not show unsafe messages: webob's default 400 text.
  if (!requested) return { error: cinderFault(c, 400, GENERIC_400) };
  if (requested === 'latest') return { version: MAX };
  const version = parseVersion(requested);
  if (!version) {
    return { error: cinderFault(c, 400, `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`) };
  }
  if (compare(version, MIN) < 0 || compare(version, MAX) > 0) {
    // The request's version is already set when the check fails: the 406 echoes it.
    echoVersion(c, version);
    return { error: cinderFault(c, 406, `Version ${versionString(version)} is not supported by the API. Minimum is ${MIN_VERSION} and maximum is ${MAX_VERSION}.`) };
  }
  return { version };
}

export function echoVersion(c: Context, v: ApiVersion): void {
  c.header('OpenStack-API-Version', `volume ${versionString(v)}`);
  c.header('Vary', 'OpenStack-API-Version');
}
