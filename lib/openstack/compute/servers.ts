// Nova servers: list/show/create/delete, the snapshot actions (createImage, createBackup),
// power actions, console output and instance actions. Wire shapes stay in this file; the
// app gets `Server`, `InstanceAction`, … with plain names.
import { z } from 'zod';
import type { Connection } from '../client';
import { OpenStackCapabilityError, OpenStackError } from '../errors';
import { request } from '../http';
import { linkSchema, listAllPages, markerOf, nextHrefOf } from '../pagination';
import { isWellFormedText, NOT_WELL_FORMED_TEXT } from '../text';
import { microversionAtLeast } from './version';
import { SERVER_STATUSES, powerStateName, type PowerStateName } from './server-states';

// ---------------------------------------------------------------- URL builders

const enc = encodeURIComponent;
export const serverUrls = {
  list: () => '/servers/detail',
  create: () => '/servers',
  one: (id: string) => `/servers/${enc(id)}`,
  action: (id: string) => `/servers/${enc(id)}/action`,
  instanceActions: (id: string) => `/servers/${enc(id)}/os-instance-actions`,
  instanceAction: (id: string, requestId: string) => `/servers/${enc(id)}/os-instance-actions/${enc(requestId)}`,
};

// ---------------------------------------------------------------- wire schemas

const wireAddressSchema = z.looseObject({
  addr: z.string(),
  version: z.number().int(),
  'OS-EXT-IPS:type': z.string().optional(),
});

// Before 2.47: {id, links}. From 2.47: embedded {vcpus, ram, disk, ephemeral, swap,
// original_name, extra_specs?} and no id.
const wireServerFlavorSchema = z.looseObject({
  id: z.string().optional(),
  original_name: z.string().optional(),
  vcpus: z.number().int().optional(),
  ram: z.number().int().optional(),
  disk: z.number().int().optional(),
});

// "" for a server booted from volume; from 2.98 the object also carries `properties`.
const wireServerImageSchema = z.union([z.literal(''), z.looseObject({ id: z.string() })]);

const wireFaultSchema = z.looseObject({
  code: z.number().int(),
  message: z.string(),
  details: z.string().optional(), // only for admins or non-500 faults
  created: z.string(),
});

/**
 * A server as Nova sends it, tolerant: unknown keys pass through, and most keys are
 * optional because a server in a down cell (2.69+) comes back with only id, status,
 * tenant_id, created and links.
 */
export const wireServerSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  status: z.string(),
  tenant_id: z.string(),
  user_id: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  image: wireServerImageSchema.optional(),
  flavor: wireServerFlavorSchema.optional(),
  created: z.string(),
  updated: z.string().optional(),
  addresses: z.record(z.string(), z.array(wireAddressSchema)).optional(),
  key_name: z.string().nullable().optional(),
  'OS-EXT-STS:task_state': z.string().nullable().optional(),
  'OS-EXT-STS:vm_state': z.string().nullable().optional(),
  'OS-EXT-STS:power_state': z.number().int().optional(),
  // No zone on the wire ("2013-09-23T13:37:00.880302"): it is UTC.
  'OS-SRV-USG:launched_at': z.string().nullable().optional(),
  'OS-EXT-AZ:availability_zone': z.string().nullable().optional(),
  fault: wireFaultSchema.optional(), // only in ERROR (or DELETED) state
  locked: z.boolean().optional(), // from 2.9
  description: z.string().nullable().optional(), // from 2.19
  // Cinder volumes attached through a block device mapping, the boot volume of a
  // volume-backed server first in boot order; delete_on_termination from 2.3.
  'os-extended-volumes:volumes_attached': z.array(z.looseObject({
    id: z.string(),
    delete_on_termination: z.boolean().optional(),
  })).optional(),
});
export type WireServer = z.infer<typeof wireServerSchema>;

// ---------------------------------------------------------------- app types


export interface ServerAddress {
  network: string;
  addr: string;
  version: number;
  type: 'fixed' | 'floating' | null;
}

/** A volume attached to a server (os-extended-volumes:volumes_attached). */
export interface AttachedVolume {
  id: string;
  /** null before compute 2.3. */
  deleteOnTermination: boolean | null;
}

export interface Server {
  id: string;
  name: string;
  status: string;
  taskState: string | null;
  vmState: string | null;
  powerState: number;
  powerStateName: PowerStateName;
  /** null when booted from volume (Nova's `image: ""`); a server booted from a volume-backed
   * snapshot image keeps that image's id and is volume-backed all the same. */
  imageId: string | null;
  /** Empty for a server without volumes (and for a down-cell record). */
  volumesAttached: AttachedVolume[];
  /** Before 2.47 only `id`; from 2.47 the embedded details and no id. */
  flavor: { id: string | null; name: string | null; vcpus: number | null; ram: number | null; disk: number | null };
  addresses: ServerAddress[];
  created: string;
  updated: string;
  launchedAt: string | null;
  keyName: string | null;
  metadata: Record<string, string>;
  fault: { code: number; message: string; details?: string; created: string } | null;
  projectId: string;
  userId: string | null;
  availabilityZone: string | null;
  /** null before 2.9. */
  locked: boolean | null;
  /** null before 2.19 or when unset. */
  description: string | null;
}

/** Nova timestamps without a zone are UTC; the result is always ISO 8601 with Z. */
export function novaTimeToIso(value: string): string;
export function novaTimeToIso(value: string | null | undefined): string | null;
export function novaTimeToIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

const addressType = (t: string | undefined): ServerAddress['type'] => (t === 'fixed' || t === 'floating' ? t : null);

export function reshapeServer(w: WireServer): Server {
  const power = w['OS-EXT-STS:power_state'] ?? 0;
  const flavor = w.flavor ?? {};
  return {
    id: w.id,
    name: w.name ?? '',
    status: w.status,
    taskState: w['OS-EXT-STS:task_state'] ?? null,
    vmState: w['OS-EXT-STS:vm_state'] ?? null,
    powerState: power,
    powerStateName: powerStateName(power),
    imageId: w.image ? w.image.id : null,
    volumesAttached: (w['os-extended-volumes:volumes_attached'] ?? []).map((v) => ({ id: v.id, deleteOnTermination: v.delete_on_termination ?? null })),
    flavor: {
      id: flavor.id ?? null,
      name: flavor.original_name ?? null,
      vcpus: flavor.vcpus ?? null,
      ram: flavor.ram ?? null,
      disk: flavor.disk ?? null,
    },
    addresses: Object.entries(w.addresses ?? {}).flatMap(([network, list]) =>
      list.map((a) => ({ network, addr: a.addr, version: a.version, type: addressType(a['OS-EXT-IPS:type']) })),
    ),
    created: novaTimeToIso(w.created),
    updated: novaTimeToIso(w.updated ?? w.created),
    launchedAt: novaTimeToIso(w['OS-SRV-USG:launched_at']),
    keyName: w.key_name ?? null,
    metadata: w.metadata ?? {},
    fault: w.fault
      ? { code: w.fault.code, message: w.fault.message, ...(w.fault.details !== undefined ? { details: w.fault.details } : {}), created: novaTimeToIso(w.fault.created) }
      : null,
    projectId: w.tenant_id,
    userId: w.user_id ?? null,
    availabilityZone: w['OS-EXT-AZ:availability_zone'] || null,
    locked: w.locked ?? null,
    description: w.description ?? null,
  };
}

// ---------------------------------------------------------------- option schemas

/** Query strings arrive as text: limits are coerced. */
export const listServersOptsSchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  marker: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(255).optional(),
  status: z.enum(SERVER_STATUSES).optional(),
  sortKey: z.enum(['display_name', 'created_at']).optional(),
  sortDir: z.enum(['asc', 'desc']).optional(),
});
export type ListServersOpts = z.input<typeof listServersOptsSchema>;

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const max255Bytes = z.string().refine((s) => utf8Bytes(s) <= 255, { message: 'at most 255 bytes' }).refine(isWellFormedText, NOT_WELL_FORMED_TEXT);

/** Nova's metadata rules: keys 1–255 bytes, values up to 255 bytes. */
export const metadataSchema = z
  .record(max255Bytes.refine((s) => s.length > 0, { message: 'empty key' }), max255Bytes)
  .refine((m) => Object.keys(m).length <= 128, { message: 'at most 128 items' });

// Nova caps user_data at 65535 bytes of base64, i.e. 49149 bytes of text.
const USER_DATA_MAX_BYTES = 49_149;

/**
 * One block_device_mapping_v2 entry (nova/api/openstack/compute/schemas/servers.py,
 * block_device.py from_api). Boot from volume is `{sourceType: 'image' | 'snapshot' |
 * 'volume', uuid, destinationType: 'volume', bootIndex: 0, volumeSize, deleteOnTermination}`.
 */
export const blockDeviceMappingSchema = z.object({
  sourceType: z.enum(['image', 'snapshot', 'volume', 'blank']),
  /** The image, Cinder snapshot or volume; none for blank. */
  uuid: z.guid().optional(),
  destinationType: z.enum(['volume', 'local']).default('volume'),
  /** 0 = the root disk; absent or -1 = not bootable. */
  bootIndex: z.number().int().min(-1).max(64).optional(),
  /** GiB of the volume Nova creates; required from an image (Nova: "need to have a
   * non-zero size"), defaults to the snapshot's or volume's size otherwise. */
  volumeSize: z.number().int().min(1).max(16_384).optional(),
  deleteOnTermination: z.boolean().default(false),
  deviceName: z.string().min(1).max(255).regex(/^[a-zA-Z0-9._/-]*$/).optional(),
  /** From compute 2.67. */
  volumeType: z.string().min(1).max(255).refine(isWellFormedText, NOT_WELL_FORMED_TEXT).optional(),
}).superRefine((b, ctx) => {
  if (b.sourceType === 'blank' ? b.uuid !== undefined : b.uuid === undefined) {
    ctx.addIssue({ code: 'custom', path: ['uuid'], message: b.sourceType === 'blank' ? 'a blank device has no uuid' : 'the source needs its uuid' });
  }
  if (b.sourceType === 'image' && b.destinationType === 'volume' && b.volumeSize === undefined) {
    ctx.addIssue({ code: 'custom', path: ['volumeSize'], message: 'a volume made from an image needs a size' });
  }
  if (b.destinationType === 'local' && b.sourceType !== 'blank' && !(b.sourceType === 'image' && b.bootIndex === 0)) {
    ctx.addIssue({ code: 'custom', path: ['destinationType'], message: 'only the boot image or a blank disk can be local' });
  }
});
export type BlockDeviceMapping = z.input<typeof blockDeviceMappingSchema>;

const isRootVolume = (b: z.output<typeof blockDeviceMappingSchema>) => b.bootIndex === 0 && b.destinationType === 'volume';

export const createServerOptsSchema = z.object({
  name: z.string().trim().min(1).max(255).refine(isWellFormedText, NOT_WELL_FORMED_TEXT),
  /** The image to boot; may be left out when a block device with bootIndex 0 is the root. */
  imageRef: z.guid().optional(),
  flavorRef: z.string().min(1).max(255).refine(isWellFormedText, NOT_WELL_FORMED_TEXT),
  networks: z.union([z.literal('auto'), z.literal('none'), z.array(z.object({ uuid: z.guid() })).min(1).max(16)]),
  keyName: z.string().min(1).max(255).refine(isWellFormedText, NOT_WELL_FORMED_TEXT).optional(),
  /** Plain text; the client base64-encodes it. */
  userData: z.string().refine((s) => utf8Bytes(s) <= USER_DATA_MAX_BYTES, { message: `at most ${USER_DATA_MAX_BYTES} bytes` }).optional(),
  metadata: metadataSchema.optional(),
  count: z.coerce.number().int().min(1).max(10).default(1),
  availabilityZone: z.string().min(1).max(255).refine(isWellFormedText, NOT_WELL_FORMED_TEXT).optional(),
  /** Sent as block_device_mapping_v2; a volume root (bootIndex 0) makes a volume-backed server. */
  blockDeviceMapping: z.array(blockDeviceMappingSchema).min(1).max(32).optional(),
}).superRefine((o, ctx) => {
  const roots = (o.blockDeviceMapping ?? []).filter((b) => b.bootIndex === 0);
  if (roots.length > 1) ctx.addIssue({ code: 'custom', path: ['blockDeviceMapping'], message: 'one device only can have bootIndex 0' });
  if (o.imageRef === undefined && !roots.some(isRootVolume)) {
    ctx.addIssue({ code: 'custom', path: ['imageRef'], message: 'an image, or a volume root (bootIndex 0), is needed' });
  }
  // Nova refuses to attach one volume to several servers ("Cannot attach one or more volumes to multiple instances").
  if (o.count > 1 && (o.blockDeviceMapping ?? []).some((b) => b.sourceType === 'volume')) {
    ctx.addIssue({ code: 'custom', path: ['count'], message: 'an existing volume can boot one server only' });
  }
});
export type CreateServerOpts = z.input<typeof createServerOptsSchema>;

export const createImageOptsSchema = z.object({
  name: z.string().trim().min(1).max(255).refine(isWellFormedText, NOT_WELL_FORMED_TEXT),
  metadata: metadataSchema.optional(),
});
export type CreateImageOpts = z.input<typeof createImageOptsSchema>;

export const createBackupOptsSchema = z.object({
  name: z.string().trim().min(1).max(255).refine(isWellFormedText, NOT_WELL_FORMED_TEXT),
  backupType: z.string().min(1).max(255).refine(isWellFormedText, NOT_WELL_FORMED_TEXT),
  rotation: z.coerce.number().int().min(0).max(1000),
  metadata: metadataSchema.optional(),
});
export type CreateBackupOpts = z.input<typeof createBackupOptsSchema>;

export const rebootTypeSchema = z.enum(['SOFT', 'HARD']);
export const consoleLengthSchema = z.coerce.number().int().min(1).max(100_000);

// ---------------------------------------------------------------- calls

const serversPageSchema = z.looseObject({
  servers: z.array(wireServerSchema),
  servers_links: z.array(linkSchema).optional(),
});

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function serversQuery(o: z.output<typeof listServersOptsSchema>) {
  return {
    limit: o.limit, marker: o.marker, name: o.name === undefined ? undefined : escapeRegex(o.name), status: o.status,
    sort_key: o.sortKey, sort_dir: o.sortDir,
  };
}

/**
 * One page of /servers/detail. Nova's `name` filter is a regular expression; the name is
 * escaped so the search box means "contains this text".
 */
export async function listServers(conn: Connection, opts: ListServersOpts = {}): Promise<{ servers: Server[]; nextMarker: string | null }> {
  const reply = await request(conn, {
    service: 'compute', method: 'GET', path: serverUrls.list(), query: serversQuery(listServersOptsSchema.parse(opts)),
    ok: [200], parse: serversPageSchema,
  });
  const servers = reply.data.servers.map(reshapeServer);
  const next = nextHrefOf(reply.data.servers_links);
  return { servers, nextMarker: next === null ? null : (markerOf(next) ?? servers.at(-1)?.id ?? null) };
}

/** Every page of /servers/detail, following Nova's next links (rebased, capped). */
export async function listAllServers(conn: Connection, opts: Omit<ListServersOpts, 'marker'> = {}, maxPages?: number): Promise<Server[]> {
  return listAllPages(conn, {
    service: 'compute', path: serverUrls.list(), query: serversQuery(listServersOptsSchema.parse({ limit: 1000, ...opts })),
    parse: serversPageSchema, items: (d) => d.servers.map(reshapeServer), next: (d) => nextHrefOf(d.servers_links), maxPages,
  });
}

export async function getServer(conn: Connection, id: string): Promise<Server> {
  const reply = await request(conn, {
    service: 'compute', method: 'GET', path: serverUrls.one(id), ok: [200], parse: z.object({ server: wireServerSchema }),
  });
  return reshapeServer(reply.data.server);
}

// `{"server":{…}}`, or only `{"reservation_id"}` when a client asks return_reservation_id.
const createServerReplySchema = z.looseObject({
  server: z.looseObject({ id: z.string() }).optional(),
  reservation_id: z.string().optional(),
});

/** Boots `count` servers; returns the first one's id. `networks: 'auto' | 'none'` needs 2.37. */
export async function createServer(conn: Connection, opts: CreateServerOpts): Promise<{ id: string; reservationId?: string }> {
  const o = createServerOptsSchema.parse(opts);
  if (typeof o.networks === 'string' && !microversionAtLeast(conn.computeMicroversion, '2.37')) {
    throw new OpenStackCapabilityError(
      'microversion-too-low',
      `Network "${o.networks}" needs compute microversion 2.37; this cloud speaks ${conn.computeMicroversion}. Choose a network.`,
    );
  }
  if (o.blockDeviceMapping?.some((b) => b.volumeType !== undefined) && !microversionAtLeast(conn.computeMicroversion, '2.67')) {
    throw new OpenStackCapabilityError(
      'microversion-too-low',
      `A volume type in a block device mapping needs compute microversion 2.67; this cloud speaks ${conn.computeMicroversion}.`,
    );
  }
  // Without imageRef Nova takes the root from the mapping (servers.py _image_from_req_data).
  const server: Record<string, unknown> = { name: o.name, flavorRef: o.flavorRef, networks: o.networks };
  if (o.imageRef !== undefined) server.imageRef = o.imageRef;
  if (o.blockDeviceMapping !== undefined) server.block_device_mapping_v2 = o.blockDeviceMapping.map(wireBlockDevice);
  if (o.keyName !== undefined) server.key_name = o.keyName;
  if (o.userData !== undefined) server.user_data = Buffer.from(o.userData, 'utf8').toString('base64');
  if (o.metadata !== undefined) server.metadata = o.metadata;
  if (o.availabilityZone !== undefined) server.availability_zone = o.availabilityZone;
  if (o.count > 1) {
    server.min_count = o.count;
    server.max_count = o.count;
  }
  const reply = await request(conn, {
    service: 'compute', method: 'POST', path: serverUrls.create(), json: { server }, ok: [202], parse: createServerReplySchema,
  });
  const data = reply.data;
  if (!data.server) {
    throw new OpenStackError({
      service: 'compute', method: 'POST', status: reply.status, kind: 'invalid-response', requestId: reply.requestId,
      safeMessage: 'The compute service answered with a reservation but no server.',
    });
  }
  return { id: data.server.id, ...(data.reservation_id ? { reservationId: data.reservation_id } : {}) };
}

/** The wire form of one mapping (source/destination types, uuid, boot_index…). */
function wireBlockDevice(b: z.output<typeof blockDeviceMappingSchema>): Record<string, unknown> {
  const w: Record<string, unknown> = {
    source_type: b.sourceType,
    destination_type: b.destinationType,
    delete_on_termination: b.deleteOnTermination,
  };
  if (b.uuid !== undefined) w.uuid = b.uuid;
  w.boot_index = b.bootIndex ?? -1;
  if (b.volumeSize !== undefined) w.volume_size = b.volumeSize;
  if (b.deviceName !== undefined) w.device_name = b.deviceName;
  if (b.volumeType !== undefined) w.volume_type = b.volumeType;
  return w;
}

export async function deleteServer(conn: Connection, id: string): Promise<void> {
  await request(conn, { service: 'compute', method: 'DELETE', path: serverUrls.one(id), ok: [204], parse: 'none' });
}

const IMAGE_ID_IN_LOCATION = /\/images\/([0-9a-fA-F-]{36})\/?$/;

/** The image id of a `Location: <glance>/images/<uuid>` header (createImage/createBackup before 2.45). */
export function imageIdFromLocation(location: string | null): string | null {
  if (!location) return null;
  const path = new URL(location, 'http://relative.invalid').pathname;
  return IMAGE_ID_IN_LOCATION.exec(path)?.[1] ?? null;
}

const imageIdReplySchema = z.looseObject({ image_id: z.string().nullable().optional() });

/** POSTs a snapshot action and reads the new image id where this microversion puts it. */
async function snapshotAction(conn: Connection, serverId: string, body: unknown): Promise<string | null> {
  const spec = { service: 'compute', method: 'POST', path: serverUrls.action(serverId), json: body, ok: [202] } as const;
  // From 2.45 the id is in the body ({"image_id"}) and there is no Location header.
  if (microversionAtLeast(conn.computeMicroversion, '2.45')) {
    const reply = await request(conn, { ...spec, parse: imageIdReplySchema });
    return reply.data.image_id ?? null;
  }
  // Before 2.45: empty body and `Location: <glance endpoint>/images/<uuid>` (an address
  // that may not be reachable: only the id is used).
  const reply = await request(conn, { ...spec, parse: 'none' });
  return imageIdFromLocation(reply.headers.get('location'));
}

/** Snapshot of a server (202). The image is created in Glance at once, status queued. */
export async function createImage(conn: Connection, serverId: string, opts: CreateImageOpts): Promise<{ imageId: string }> {
  const o = createImageOptsSchema.parse(opts);
  const imageId = await snapshotAction(conn, serverId, {
    createImage: { name: o.name, ...(o.metadata !== undefined ? { metadata: o.metadata } : {}) },
  });
  if (imageId === null) {
    throw new OpenStackError({
      service: 'compute', method: 'POST', status: 202, kind: 'invalid-response',
      safeMessage: 'The compute service accepted the snapshot but did not say which image it created.',
    });
  }
  return { imageId };
}

/** Backup with rotation (202). Before 2.45 Nova names the image only when rotation > 0. */
export async function createBackup(conn: Connection, serverId: string, opts: CreateBackupOpts): Promise<{ imageId: string | null }> {
  const o = createBackupOptsSchema.parse(opts);
  const imageId = await snapshotAction(conn, serverId, {
    createBackup: {
      name: o.name, backup_type: o.backupType, rotation: o.rotation,
      ...(o.metadata !== undefined ? { metadata: o.metadata } : {}),
    },
  });
  return { imageId };
}

async function serverAction(conn: Connection, id: string, body: unknown): Promise<void> {
  await request(conn, { service: 'compute', method: 'POST', path: serverUrls.action(id), json: body, ok: [202], parse: 'none' });
}

export const startServer = (conn: Connection, id: string) => serverAction(conn, id, { 'os-start': null });
export const stopServer = (conn: Connection, id: string) => serverAction(conn, id, { 'os-stop': null });
export const rebootServer = (conn: Connection, id: string, type: z.input<typeof rebootTypeSchema> = 'SOFT') =>
  serverAction(conn, id, { reboot: { type: rebootTypeSchema.parse(type) } });

/** The last `length` lines of the console log (all of it when omitted). */
export async function getConsoleOutput(conn: Connection, id: string, length?: number): Promise<string> {
  const args = length === undefined ? {} : { length: consoleLengthSchema.parse(length) };
  const reply = await request(conn, {
    service: 'compute', method: 'POST', path: serverUrls.action(id), json: { 'os-getConsoleOutput': args },
    ok: [200], parse: z.looseObject({ output: z.string() }),
  });
  return reply.data.output;
}

// ---------------------------------------------------------------- instance actions

const wireActionSchema = z.looseObject({
  action: z.string(),
  request_id: z.string(),
  user_id: z.string().nullable().optional(),
  project_id: z.string().nullable().optional(),
  start_time: z.string(),
  updated_at: z.string().nullable().optional(), // from 2.58
  message: z.string().nullable().optional(),
});

const wireActionEventSchema = z.looseObject({
  event: z.string(),
  start_time: z.string().nullable().optional(),
  finish_time: z.string().nullable().optional(),
  result: z.string().nullable().optional(),
  details: z.string().nullable().optional(), // from 2.84
});

export interface InstanceAction {
  action: string;
  requestId: string;
  userId: string | null;
  projectId: string | null;
  startTime: string;
  updatedAt: string | null;
  message: string | null;
}

export interface InstanceActionEvent {
  event: string;
  startTime: string | null;
  finishTime: string | null;
  /** "Success", "Error", or null while running. */
  result: string | null;
  /** From 2.84; null before or when there is nothing to say. */
  details: string | null;
}

const reshapeAction = (a: z.infer<typeof wireActionSchema>): InstanceAction => ({
  action: a.action,
  requestId: a.request_id,
  userId: a.user_id ?? null,
  projectId: a.project_id ?? null,
  startTime: novaTimeToIso(a.start_time),
  updatedAt: novaTimeToIso(a.updated_at),
  message: a.message ?? null,
});

/** The server's recorded actions, newest first (first page: up to Nova's max_limit). */
export async function listInstanceActions(conn: Connection, id: string): Promise<InstanceAction[]> {
  const reply = await request(conn, {
    service: 'compute', method: 'GET', path: serverUrls.instanceActions(id), ok: [200],
    parse: z.looseObject({ instanceActions: z.array(wireActionSchema) }),
  });
  return reply.data.instanceActions.map(reshapeAction);
}

export async function getInstanceAction(
  conn: Connection,
  id: string,
  requestId: string,
): Promise<InstanceAction & { events: InstanceActionEvent[] }> {
  const reply = await request(conn, {
    service: 'compute', method: 'GET', path: serverUrls.instanceAction(id, requestId), ok: [200],
    parse: z.looseObject({ instanceAction: wireActionSchema.extend({ events: z.array(wireActionEventSchema).optional() }) }),
  });
  const a = reply.data.instanceAction;
  return {
    ...reshapeAction(a),
    events: (a.events ?? []).map((e) => ({
      event: e.event,
      startTime: novaTimeToIso(e.start_time),
      finishTime: novaTimeToIso(e.finish_time),
      result: e.result ?? null,
      details: e.details ?? null,
    })),
  };
}
