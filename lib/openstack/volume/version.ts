// Block-storage microversion negotiation, as for compute: the highest version both this
// client and the cloud speak, chosen once at sign-in and sent with every volume call.
import { z } from 'zod';
import { versionRootUrl } from '../client';
import { OpenStackCapabilityError, OpenStackError } from '../errors';
import { request, type Transport } from '../http';
import { compareMicroversions } from '../compute/version';

/** The newest volume microversion this client's response shapes were checked against:
 * Zed's maximum (cinder 21.x, `_MAX_API_VERSION`), where the spike's samples come from. */
export const VOLUME_CLIENT_MAX_MICROVERSION = '3.70';
export const VOLUME_MIN_MICROVERSION = '3.0';

const MICROVERSION_RE = /^\d+\.\d+$/;

// GET <root>/v3/ answers {"versions":[{id:"v3.0", version:"3.70", min_version:"3.0", …}]}
// (cinder/api/versions.py; the unversioned root answers the same list with 300).
const versionsSchema = z.looseObject({
  versions: z.array(z.looseObject({
    id: z.string(),
    status: z.string().optional(),
    version: z.string().optional(),
    min_version: z.string().optional(),
  })),
});

/** min(cloud maximum, VOLUME_CLIENT_MAX_MICROVERSION), from the v3 version document. */
export async function negotiateVolumeMicroversion(opts: { token: string; volumeUrl: string } & Transport): Promise<string> {
  // The document lives at the version root, without the /<project> of the catalog URL.
  const root = versionRootUrl('volume', opts.volumeUrl);
  const reply = await request(
    { token: opts.token, endpoints: { volume: root }, timeoutMs: opts.timeoutMs, fetch: opts.fetch },
    { service: 'volume', method: 'GET', path: '/', ok: [200], parse: versionsSchema },
  );
  const entry = reply.data.versions.find((v) => v.id === 'v3.0') ?? reply.data.versions.find((v) => v.status === 'CURRENT');
  const fail = (safeMessage: string) => new OpenStackError({
    service: 'volume', method: 'GET', status: reply.status, kind: 'invalid-response', requestId: reply.requestId, safeMessage,
  });
  if (!entry) throw fail('The block storage service lists no v3 API.');
  const max = entry.version || VOLUME_MIN_MICROVERSION;
  const min = entry.min_version || VOLUME_MIN_MICROVERSION;
  if (!MICROVERSION_RE.test(max) || !MICROVERSION_RE.test(min)) throw fail('The block storage service announced a microversion this client cannot read.');
  const chosen = compareMicroversions(max, VOLUME_CLIENT_MAX_MICROVERSION) < 0 ? max : VOLUME_CLIENT_MAX_MICROVERSION;
  if (compareMicroversions(min, chosen) > 0) {
    throw new OpenStackCapabilityError('microversion-too-low', `The block storage API needs at least microversion ${min}; this client speaks up to ${VOLUME_CLIENT_MAX_MICROVERSION}.`);
  }
  return chosen;
}
