// Cinder's error bodies: cinder/api/openstack/wsgi.py Fault has Nova's shape and fault names
// ({"itemNotFound": {"code": 404, "message": …}}, 406 → "computeFault", 413 overLimit with
// retryAfter), so novaFault writes them.
import type { Context } from 'hono';
import { novaFault } from '../errors';

export const cinderFault = (c: Context, status: number, message: string): Response => novaFault(c, status, message);

/** webob's explanation of a bare HTTPBadRequest: what an unsafe exception becomes. */
export const GENERIC_400 = 'The server could not comply with the request since it is either malformed or otherwise incorrect.';

export const volumeNotFound = (c: Context, id: string) => cinderFault(c, 404, `Volume ${id} could not be found.`);
export const snapshotNotFound = (c: Context, id: string) => cinderFault(c, 404, `Snapshot ${id} could not be found.`);
