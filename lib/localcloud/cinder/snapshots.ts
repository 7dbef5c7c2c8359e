// /snapshots: list (summary, detail), show, create and delete (cinder/api/v3/snapshots.py,
// v2/snapshots.py, volume/api.py _create_snapshot_in_db / delete_snapshot).
import type { Hono } from 'hono';
import { z } from 'zod';
import type { CloudContext } from '../context';
import { atLeast } from '../nova/microversion';
import { isUuidLike, noSchemaMatches, notFormat, notOfType, readJsonBody, tooLong, validate } from '../nova/validation';
import type { CinderContext, CinderEnv } from './common';
import { ownedBy, projectOf, viewContext } from './common';
import { cinderFault, snapshotNotFound, volumeNotFound } from './errors';
import { page, parseList } from './listing';
import type { CinderSnapshot } from './model';
import { addSnapshot, cinderOf, findSnapshot, findVolume, quotaRefusal, scheduleSnapshotCreation, scheduleSnapshotDeletion } from './store';
import { snapshotView } from './views';

const str = () => z.string(notOfType("'string'"));
const nameish = () => z.union([str().max(255, tooLong), z.null()], notOfType("'string', 'null'"));
const BOOLEANS = [true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f'] as const;

/** schemas/snapshots.py create: volume_id required; force a boolean. */
const createSchema = z.strictObject({
  snapshot: z.strictObject({
    volume_id: str().refine(isUuidLike, notFormat('uuid')),
    name: nameish().optional(),
    description: nameish().optional(),
    display_name: nameish().optional(),
    display_description: nameish().optional(),
    force: z.union([z.boolean(), str()], notOfType("'boolean', 'string'")).refine((v) => (BOOLEANS as readonly unknown[]).includes(v), noSchemaMatches)
      .transform((v) => v === true || ['true', '1', 'on', 'yes', 'y', 't'].includes(String(v).toLowerCase())).optional(),
    metadata: z.union([z.record(z.string().regex(/^[a-zA-Z0-9-_:. /]{1,255}$/), str().max(255, tooLong)), z.null()], notOfType("'object', 'null'")).optional(),
  }, notOfType("'object'")),
}, notOfType("'object'"));

const sortValue = (s: CinderSnapshot, key: string): string | number | null => {
  switch (key) {
    case 'name': return s.name;
    case 'size': return s.size;
    case 'status': return s.status;
    case 'updated_at': return s.updatedAt;
    case 'id': return s.id;
    default: return s.createdAt;
  }
};

const SNAPSHOT_FILTERS = ['name', 'status', 'volume_id', 'metadata', 'availability_zone', 'all_tenants', 'consumes_quota'];
const SNAPSHOT_SORT_KEYS = ['created_at', 'updated_at', 'name', 'size', 'status', 'id', 'volume_id'];

export function snapshotRoutes(cloud: CloudContext, app: Hono<CinderEnv>): void {
  const data = () => cinderOf(cloud.state);

  const list = (c: CinderContext, detail: boolean) => {
    const parsed = parseList(c, c.get('version'), SNAPSHOT_FILTERS, SNAPSHOT_SORT_KEYS);
    if (!parsed.ok) return parsed.response;
    const f = parsed.req.filters;
    const matching = data().snapshots.filter(ownedBy(c)).filter((s) =>
      (f.name === undefined || s.name === f.name)
      && (f.status === undefined || s.status === f.status)
      && (f.volume_id === undefined || s.volumeId === f.volume_id));
    const paged = page(c, cloud.publicUrl, projectOf(c), detail ? 'snapshots/detail' : 'snapshots', matching, parsed.req, sortValue);
    if (!paged.ok) return paged.response;
    const ctx = viewContext(cloud, c);
    const body: Record<string, unknown> = { snapshots: paged.items.map((s) => snapshotView(ctx, s, detail)) };
    if (paged.links.length) body.snapshots_links = paged.links;
    if (parsed.req.withCount) body.count = matching.length;
    return c.json(body);
  };

  app.get('/v3/:project_id/snapshots', (c) => list(c, false));
  app.get('/v3/:project_id/snapshots/detail', (c) => list(c, true));

  app.get('/v3/:project_id/snapshots/:id', (c) => {
    const s = findSnapshot(data(), c.req.param('id'));
    if (!s || !ownedBy(c)(s)) return snapshotNotFound(c, c.req.param('id'));
    return c.json({ snapshot: snapshotView(viewContext(cloud, c), s, true) });
  });

  app.post('/v3/:project_id/snapshots', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const parsed = validate(c, createSchema, body.data, 'body');
    if (!parsed.ok) return parsed.response;
    const req = parsed.data.snapshot;
    const volume = findVolume(data(), req.volume_id);
    if (!volume || !ownedBy(c)(volume)) return volumeNotFound(c, req.volume_id);
    const from366 = atLeast(c.get('version'), '3.66');
    if (from366 && req.force === false) {
      return cinderFault(c, 400, "Since microversion 3.66 the 'force' flag is invalid for this request.  For backward compatability, however, when the 'force' flag is passed with a value evaluating to True, it is silently ignored.");
    }
    // volume/api.py _create_snapshot: in-use is allowed with force, or from 3.66.
    const valid = req.force === true || from366 ? ['available', 'in-use'] : ['available'];
    if (!valid.includes(volume.status)) {
      return cinderFault(c, 400, `Invalid volume: Volume ${volume.id} status must be ${valid.join(', ')}, but current status is: ${volume.status}.`);
    }
    const refusal = quotaRefusal(data(), projectOf(c), 'snapshot', volume.size);
    if (refusal) return cinderFault(c, refusal.status, refusal.message);
    const snapshot = addSnapshot(cloud, volume, {
      projectId: projectOf(c), userId: c.get('auth').user.id, name: req.name ?? req.display_name ?? null,
      description: req.description ?? req.display_description ?? null, metadata: req.metadata ?? {},
    });
    scheduleSnapshotCreation(cloud, snapshot);
    return c.json({ snapshot: snapshotView(viewContext(cloud, c), snapshot, true) }, 202);
  });

  app.delete('/v3/:project_id/snapshots/:id', (c) => {
    const s = findSnapshot(data(), c.req.param('id'));
    if (!s || !ownedBy(c)(s)) return snapshotNotFound(c, c.req.param('id'));
    if (s.status !== 'available' && s.status !== 'error') {
      return cinderFault(c, 400, 'Invalid snapshot: Snapshot status must be available or error and must not be part of a group.');
    }
    scheduleSnapshotDeletion(cloud, s);
    return c.body(null, 202, { 'Content-Type': 'text/html; charset=UTF-8' });
  });
}
