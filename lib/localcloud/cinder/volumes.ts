// /volumes: list (summary, detail), show, create, delete and the os-set_bootable action
// (cinder/api/v3/volumes.py, v2/volumes.py, contrib/volume_actions.py, volume/api.py and the
// create_volume flow's checks).
import type { Hono } from 'hono';
import { z } from 'zod';
import type { CloudContext } from '../context';
import { callerOf, canSee } from '../glance/access';
import { atLeast } from '../nova/microversion';
import { isUuidLike, noSchemaMatches, notOfType, readJsonBody, tooLong, validate } from '../nova/validation';
import type { Image } from '../state/state';
import type { CinderEnv, CinderContext } from './common';
import { ownedBy, projectOf, viewContext } from './common';
import { cinderFault, volumeNotFound } from './errors';
import { page, parseList } from './listing';
import type { CinderVolume } from './model';
import {
  addVolume, cinderOf, findSnapshot, findType, findVolume, quotaRefusal, scheduleVolumeCreation, scheduleVolumeDeletion,
  setVolumeStatus, volumeDeleteRefusal,
} from './store';
import { volumeSummaryView, volumeView } from './views';

// ---------------------------------------------------------------- request schemas

const str = () => z.string(notOfType("'string'"));
const nullable = <T extends z.ZodType>(t: T, types: string) => z.union([t, z.null()], notOfType(types));
const nameish = () => nullable(str().max(255, tooLong), "'string', 'null'");
const optionalUuid = () => z.union([z.null(), str().refine(isUuidLike)], noSchemaMatches);
// parameter_types.volume_size_allows_null: an integer or a string of digits, at least 1.
const size = () => z.union([z.number().int(), str().regex(/^[0-9]+$/), z.null()], notOfType("'integer', 'string', 'null'"))
  .refine((v) => v === null || Number(v) >= 1, { error: (i) => `${String(i.input)} is less than the minimum of 1` })
  .transform((v) => (v === null ? null : Number(v)));
const metadata = () => nullable(z.record(z.string().regex(/^[a-zA-Z0-9-_:. /]{1,255}$/), str().max(255, tooLong)), "'object', 'null'");
const BOOLEANS = [true, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't', false, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f'] as const;
const boolean = () => z.union([z.boolean(), str()], notOfType("'boolean', 'string'"))
  .refine((v) => (BOOLEANS as readonly unknown[]).includes(v), noSchemaMatches)
  .transform((v) => v === true || ['true', '1', 'on', 'yes', 'y', 't'].includes(String(v).toLowerCase()));

const volumeFields = () => ({
  name: nameish(), description: nameish(), display_name: nameish(), display_description: nameish(),
  volume_type: nameish(), metadata: metadata(), snapshot_id: optionalUuid(), source_volid: optionalUuid(),
  consistencygroup_id: optionalUuid(), size: size(),
  availability_zone: nullable(str().min(1).max(255, tooLong), "'string', 'null'"),
  multiattach: z.union([z.null(), boolean()], noSchemaMatches), image_id: nameish(), imageRef: nameish(),
  group_id: nameish(), backup_id: optionalUuid(),
});

/** schemas/volumes.py create (3.53+: no unknown keys inside `volume`). */
function createSchema(strict: boolean) {
  const fields = volumeFields();
  const partial = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]> };
  const volume = strict ? z.strictObject(partial, notOfType("'object'")) : z.looseObject(partial, notOfType("'object'"));
  return z.strictObject({ volume, 'OS-SCH-HNT:scheduler_hints': z.union([z.looseObject({}), z.null()]).optional() }, notOfType("'object'"));
}
const createStrict = createSchema(true);
const createLoose = createSchema(false);

const bootableSchema = z.strictObject({ 'os-set_bootable': z.strictObject({ bootable: boolean() }, notOfType("'object'")) }, notOfType("'object'"));

// ---------------------------------------------------------------- checks

const GiB = 1024 ** 3;

/** v2/volumes.py _image_uuid_from_ref: an id (or an href ending in one), else a name. */
function findImage(cloud: CloudContext, c: CinderContext, ref: string): Image | 'conflict' | null {
  const caller = callerOf(c.get('auth'));
  const id = ref.split('/').pop() ?? '';
  const byId = cloud.state.image(id);
  if (byId && canSee(caller, byId)) return byId;
  const named = cloud.state.data.images.filter((i) => i.name === ref && canSee(caller, i));
  if (named.length > 1) return 'conflict';
  return named[0] ?? null;
}

/** The root snapshot named by a volume-backed snapshot image (v3/volumes.py _get_image_snapshot). */
function imageSnapshotId(image: Image): string | null {
  try {
    const list = JSON.parse(image.properties.block_device_mapping ?? '') as { boot_index?: unknown; snapshot_id?: unknown }[];
    const root = Array.isArray(list) ? list.find((m) => m && String(m.boot_index) === '0' && typeof m.snapshot_id === 'string') : undefined;
    return (root?.snapshot_id as string | undefined) ?? null;
  } catch {
    return null;
  }
}

const sortValue = (v: CinderVolume, key: string): string | number | null => {
  switch (key) {
    case 'name': return v.name;
    case 'size': return v.size;
    case 'status': return v.status;
    case 'updated_at': return v.updatedAt;
    case 'id': return v.id;
    default: return v.createdAt;
  }
};

const VOLUME_FILTERS = ['name', 'status', 'metadata', 'bootable', 'migration_status', 'availability_zone', 'group_id', 'size', 'created_at', 'updated_at', 'all_tenants', 'consumes_quota'];
const VOLUME_SORT_KEYS = ['created_at', 'updated_at', 'name', 'size', 'status', 'id', 'availability_zone', 'bootable'];

// ---------------------------------------------------------------- routes

export function volumeRoutes(cloud: CloudContext, app: Hono<CinderEnv>): void {
  const { state } = cloud;
  const data = () => cinderOf(state);

  const list = (c: CinderContext, detail: boolean) => {
    const parsed = parseList(c, c.get('version'), VOLUME_FILTERS, VOLUME_SORT_KEYS);
    if (!parsed.ok) return parsed.response;
    const f = parsed.req.filters;
    const bool = (s: string) => ['true', '1', 'yes', 't', 'on', 'y'].includes(s.toLowerCase());
    const matching = data().volumes.filter(ownedBy(c)).filter((v) =>
      (f.name === undefined || v.name === f.name)
      && (f.status === undefined || v.status === f.status)
      && (f.bootable === undefined || v.bootable === bool(f.bootable))
      && (f.availability_zone === undefined || v.availabilityZone === f.availability_zone)
      && (f.size === undefined || String(v.size) === f.size));
    const paged = page(c, cloud.publicUrl, projectOf(c), detail ? 'volumes/detail' : 'volumes', matching, parsed.req, sortValue);
    if (!paged.ok) return paged.response;
    const ctx = viewContext(cloud, c);
    const body: Record<string, unknown> = { volumes: paged.items.map((v) => (detail ? volumeView(ctx, v) : volumeSummaryView(cloud.publicUrl, v))) };
    if (paged.links.length) body.volumes_links = paged.links;
    if (parsed.req.withCount) body.count = matching.length;
    return c.json(body);
  };

  app.get('/v3/:project_id/volumes', (c) => list(c, false));
  app.get('/v3/:project_id/volumes/detail', (c) => list(c, true));

  app.get('/v3/:project_id/volumes/:id', (c) => {
    const v = findVolume(data(), c.req.param('id'));
    if (!v || !ownedBy(c)(v)) return volumeNotFound(c, c.req.param('id'));
    return c.json({ volume: volumeView(viewContext(cloud, c), v) });
  });

  app.post('/v3/:project_id/volumes', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const parsed = validate(c, atLeast(c.get('version'), '3.53') ? createStrict : createLoose, body.data, 'body');
    if (!parsed.ok) return parsed.response;
    const req = parsed.data.volume;
    const auth = c.get('auth');
    const projectId = projectOf(c);
    const bad = (m: string) => cinderFault(c, 400, m);

    let typeId = data().defaultTypeId;
    if (req.volume_type) {
      const type = findType(data(), req.volume_type);
      if (!type) {
        return cinderFault(c, 404, isUuidLike(req.volume_type) ? `Volume type ${req.volume_type} could not be found.` : `Volume type with name ${req.volume_type} could not be found.`);
      }
      typeId = type.id;
    }
    let snapshot = req.snapshot_id ? findSnapshot(data(), req.snapshot_id) : undefined;
    if (req.snapshot_id && (!snapshot || !ownedBy(c)(snapshot))) return cinderFault(c, 404, `Snapshot ${req.snapshot_id} could not be found.`);
    const source = req.source_volid ? findVolume(data(), req.source_volid) : undefined;
    if (req.source_volid && (!source || !ownedBy(c)(source))) return volumeNotFound(c, req.source_volid);
    const imageRef = req.image_id ?? req.imageRef;
    let image: Image | undefined;
    if (imageRef !== undefined && imageRef !== null) {
      const found = findImage(cloud, c, imageRef);
      if (found === 'conflict') return cinderFault(c, 409, `Multiple matches found for '${imageRef}', use an ID to be more specific.`);
      if (!found) return bad('Invalid image identifier or unable to access requested image.');
      // From 3.46 a volume-backed snapshot image stands for its Cinder snapshot.
      const snapId = atLeast(c.get('version'), '3.46') ? imageSnapshotId(found) : null;
      const imageSnap = snapId ? findSnapshot(data(), snapId) : undefined;
      if (snapId && !imageSnap) return cinderFault(c, 404, `Snapshot ${snapId} could not be found.`);
      if (imageSnap) snapshot = imageSnap;
      else image = found;
    }
    const volumeSize = req.size ?? snapshot?.size ?? source?.size ?? null;
    if (volumeSize === null) return bad("Invalid input received: Volume size 'None' must be an integer and greater than 0");
    if (snapshot && snapshot.status !== 'available') return bad("Invalid snapshot: Originating snapshot status must be one of 'available' values");
    if (source && !['available', 'in-use'].includes(source.status)) return bad("Invalid volume: Originating volume status must be one of 'available, in-use' values");
    if (snapshot && volumeSize < snapshot.size) {
      return bad(`Invalid input received: Volume size '${volumeSize}'GB cannot be smaller than the snapshot size ${snapshot.size}GB. They must be >= original snapshot size.`);
    }
    if (source && volumeSize < source.size) {
      return bad(`Invalid input received: Volume size '${volumeSize}'GB cannot be smaller than original volume size  ${source.size}GB. They must be >= original volume size.`);
    }
    if (image) {
      if (image.status !== 'active') return bad(`Invalid input received: Image ${image.id} is not active.`);
      const imageGb = Math.ceil((image.size ?? 0) / GiB);
      if (imageGb > volumeSize) return bad(`Invalid input received: Size of specified image ${imageGb}GB is larger than volume size ${volumeSize}GB.`);
      if (volumeSize < image.minDisk) return bad(`Invalid input received: Volume size ${volumeSize}GB cannot be smaller than the image minDisk size ${image.minDisk}GB.`);
    }
    if (req.availability_zone && req.availability_zone !== 'nova') return bad(`Invalid input received: Availability zone '${req.availability_zone}' is invalid.`);
    const refusal = quotaRefusal(data(), projectId, 'volume', volumeSize);
    if (refusal) return cinderFault(c, refusal.status, refusal.message);

    const volume = addVolume(cloud, {
      projectId, userId: auth.user.id, size: volumeSize, name: req.name ?? req.display_name ?? null,
      description: req.description ?? req.display_description ?? null, volumeTypeId: typeId, metadata: req.metadata ?? {},
      image, snapshot, sourceVolume: source,
    });
    scheduleVolumeCreation(cloud, volume, image !== undefined);
    return c.json({ volume: volumeView(viewContext(cloud, c), volume) }, 202);
  });

  app.delete('/v3/:project_id/volumes/:id', (c) => {
    const v = findVolume(data(), c.req.param('id'));
    if (!v || !ownedBy(c)(v)) return volumeNotFound(c, c.req.param('id'));
    const cascade = ['true', '1', 'yes', 'y', 't', 'on'].includes((c.req.query('cascade') ?? '').toLowerCase());
    const refusal = volumeDeleteRefusal(data(), v, cascade);
    if (refusal) return cinderFault(c, 400, refusal);
    // Cascade: the snapshots are deleted with the volume.
    if (cascade) for (const s of data().snapshots.filter((x) => x.volumeId === v.id)) s.status = 'deleting';
    scheduleVolumeDeletion(cloud, v);
    return c.body(null, 202, { 'Content-Type': 'text/html; charset=UTF-8' });
  });

  app.post('/v3/:project_id/volumes/:id/action', async (c) => {
    const body = await readJsonBody(c);
    if (!body.ok) return body.response;
    const action = body.data && typeof body.data === 'object' && !Array.isArray(body.data) ? Object.keys(body.data)[0] : undefined;
    if (action !== 'os-set_bootable') {
      return cinderFault(c, 400, `There is no such action: ${action ?? 'None'}. Verify the request body and Content-Type header and try again.`);
    }
    const v = findVolume(data(), c.req.param('id'));
    if (!v || !ownedBy(c)(v)) return volumeNotFound(c, c.req.param('id'));
    const parsed = validate(c, bootableSchema, body.data, 'body');
    if (!parsed.ok) return parsed.response;
    v.bootable = parsed.data['os-set_bootable'].bootable;
    setVolumeStatus(cloud, v, v.status);
    return c.body(null, 200, { 'Content-Type': 'text/html; charset=UTF-8' });
  });
}
