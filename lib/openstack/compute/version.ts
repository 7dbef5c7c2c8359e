// Compute microversion negotiation: the highest version both this client and the cloud
// speak, chosen once at sign-in and then sent with every compute call.
import { z } from 'zod';
import { versionRootUrl } from '../client';
import { OpenStackCapabilityError, OpenStackError } from '../errors';
import { request, type Transport } from '../http';

/** The newest microversion whose response shapes this client has been checked against
 * (the Zed release's maximum). */
export const CLIENT_MAX_MICROVERSION = '2.93';
export const MIN_MICROVERSION = '2.1';

const MICROVERSION_RE = /^(\d+)\.(\d+)$/;

export const microversionSchema = z.string().regex(MICROVERSION_RE, 'not a microversion like 2.93');

/** Numeric comparison: 2.100 > 2.93 (a string comparison gets this wrong). */
export function compareMicroversions(a: string, b: string): number {
  const pa = MICROVERSION_RE.exec(a);
  const pb = MICROVERSION_RE.exec(b);
  if (!pa || !pb) throw new Error(`Not a microversion: ${pa ? b : a}`);
  return Number(pa[1]) - Number(pb[1]) || Number(pa[2]) - Number(pb[2]);
}

export const microversionAtLeast = (version: string, min: string) => compareMicroversions(version, min) >= 0;

const versionEntrySchema = z.looseObject({
  id: z.string(),
  status: z.string().optional(),
  // Empty strings when the API has no microversions (v2.0).
  version: z.string().optional(),
  min_version: z.string().optional(),
});

const versionDocSchema = z
  .looseObject({ version: versionEntrySchema.optional(), versions: z.array(versionEntrySchema).optional() })
  .refine((d) => d.version !== undefined || d.versions !== undefined, { message: 'neither version nor versions' });

/**
 * Asks the compute endpoint's version document (`GET <…>/v2.1/` → `{"version":{…}}`; a
 * versions list `{"versions":[…]}` at an unversioned root is accepted too) and returns
 * min(cloud maximum, CLIENT_MAX_MICROVERSION). An empty `version` means "no microversions":
 * 2.1.
 */
export async function negotiateComputeMicroversion(opts: { token: string; computeUrl: string } & Transport): Promise<string> {
  // The version document lives at the version root, without Nova's optional /<project>.
  const root = versionRootUrl('compute', opts.computeUrl);
  const reply = await request(
    { token: opts.token, endpoints: { compute: root }, timeoutMs: opts.timeoutMs, fetch: opts.fetch },
    { service: 'compute', method: 'GET', path: '/', ok: [200], parse: versionDocSchema },
  );
  const doc = reply.data;
  const entry = doc.version ?? doc.versions?.find((v) => v.id === 'v2.1') ?? doc.versions?.find((v) => v.status === 'CURRENT');
  if (!entry) {
    throw new OpenStackError({
      service: 'compute', method: 'GET', status: reply.status, kind: 'invalid-response', requestId: reply.requestId,
      safeMessage: 'The compute service lists no v2.1 API.',
    });
  }
  const max = entry.version ? entry.version : MIN_MICROVERSION;
  const min = entry.min_version ? entry.min_version : MIN_MICROVERSION;
  if (!MICROVERSION_RE.test(max) || !MICROVERSION_RE.test(min)) {
    throw new OpenStackError({
      service: 'compute', method: 'GET', status: reply.status, kind: 'invalid-response', requestId: reply.requestId,
      safeMessage: 'The compute service announced a microversion this client cannot read.',
    });
  }
  if (compareMicroversions(max, MIN_MICROVERSION) < 0) {
    throw new OpenStackCapabilityError('microversion-too-low', `The compute API (maximum ${max}) is older than 2.1.`);
  }
  const chosen = compareMicroversions(max, CLIENT_MAX_MICROVERSION) < 0 ? max : CLIENT_MAX_MICROVERSION;
  if (compareMicroversions(min, chosen) > 0) {
    throw new OpenStackCapabilityError('microversion-too-low', `The compute API needs at least microversion ${min}; this client speaks up to ${CLIENT_MAX_MICROVERSION}.`);
  }
  return chosen;
}
