// Glance's interoperable import, the part the local cloud has: GET /v2/info/import and
// POST /v2/images/{id}/import with glance-download between its regions (glance/api/v2/
// images.py import_image and _validate_import_body; async_/flows/_internal_plugins/
// glance_download.py and api_image_import._ImportMetadata, Zed). The task runs on the
// cloud's timers: queued → importing at once, active (or back to queued) one phase later.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { serviceOptions } from '../config';
import type { CloudContext } from '../context';
import { type Caller, canSee, findImage, requireOwner } from './access';
import { fail } from './errors';
import { findRegion, mainCloud, regionCloud } from '../regions';
import { dataSize } from '../state/image-data';
import { glanceTime, type Image } from '../state/state';

/** enabled_import_methods: Zed's default, plus glance-download when the cloud enables it. */
export function importMethods(cloud: CloudContext): string[] {
  const methods = ['glance-direct', 'web-download', 'copy-image'];
  if (serviceOptions(cloud).glanceDownload) methods.push('glance-download');
  return methods;
}

export const importInfoView = (cloud: CloudContext) => ({
  'import-methods': { description: 'Import methods available.', type: 'array', value: importMethods(cloud) },
});

/** [glance_download_properties] extra_properties, Zed's default. */
const DOWNLOAD_PROPERTY_PREFIXES = ['hw_', 'trait:', 'os_distro', 'os_secure_boot', 'os_type'];

const importBodySchema = z.looseObject({
  method: z.looseObject({
    name: z.string(),
    glance_image_id: z.unknown().optional(),
    glance_region: z.unknown().optional(),
    glance_service_interface: z.unknown().optional(),
  }).optional(),
  all_stores_must_succeed: z.unknown().optional(),
  all_stores: z.unknown().optional(),
});

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function parseBody(text: string): z.infer<typeof importBodySchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail(400, 'Malformed JSON in request body.');
  }
  const r = importBodySchema.safeParse(raw);
  if (!r.success) return fail(400, "Import request requires a 'method' field.");
  return r.data;
}

/** POST /v2/images/{id}/import: 202 with no body, the work after. */
export function startImport(cloud: CloudContext, caller: Caller, id: string, text: string): void {
  const body = parseBody(text);
  const method = body.method ?? fail(400, "Import request requires a 'method' field.");
  if (typeof method.name !== 'string') fail(400, "Import request requires a 'name' field.");
  if (!importMethods(cloud).includes(method.name)) fail(400, `Unknown import method name '${method.name}'.`);
  if (body.all_stores_must_succeed !== undefined && typeof body.all_stores_must_succeed !== 'boolean') {
    fail(400, "'all_stores_must_succeed' must be boolean value only");
  }
  const image = findImage(cloud, caller, id);
  if (method.name !== 'glance-download') fail(409, `The local cloud does not implement the '${method.name}' import method.`);
  if (image.status === 'active') fail(409, 'Image with status active cannot be target for import');
  if (image.status !== 'queued') fail(409, "Image needs to be in 'queued' state to use 'glance-download' method");
  if (!image.containerFormat) fail(409, "'container_format' needs to be set before import");
  if (!image.diskFormat) fail(409, "'disk_format' needs to be set before import");
  if (method.glance_region === undefined) fail(400, "'glance_region' needs to be set for glance-download import method");
  if (method.glance_image_id === undefined) fail(400, "'glance_image_id' needs to be set for glance-download import method");
  const remoteId = String(method.glance_image_id);
  if (!UUID.test(remoteId)) fail(400, `Remote image id does not look like a UUID: ${remoteId}`);
  requireOwner(caller, image);

  const taskId = randomUUID();
  image.status = 'importing';
  image.properties.os_glance_import_task = taskId;
  image.updatedAt = glanceTime();
  cloud.state.touch();
  cloud.later(cloud.state.timings.snapshotPhaseMs, () => finishGlanceDownload(cloud, caller, image, String(method.glance_region), remoteId, taskId));
}

/** The flow's tasks in one step: _ImportMetadata (formats, prefixed properties, size), then
 * _DownloadGlanceImage into the store. A failure reverts the image to queued, as the flow's
 * revert does, and records the task's failure in os_glance_failed_import. */
function finishGlanceDownload(cloud: CloudContext, caller: Caller, image: Image, regionName: string, remoteId: string, taskId: string): void {
  if (cloud.state.image(image.id) !== image || image.properties.os_glance_import_task !== taskId) return; // deleted meanwhile
  const main = mainCloud(cloud);
  const region = findRegion(main, regionName);
  const source = region ? regionCloud(main, region).state : undefined;
  const remote = source?.image(remoteId);
  const size = remote && source ? dataSize(source, remote.data) : null;
  delete image.properties.os_glance_import_task;
  image.updatedAt = glanceTime();
  if (!source || !remote || !canSee(caller, remote) || remote.status !== 'active' || size === null) {
    image.status = 'queued';
    image.properties.os_glance_failed_import = '';
    cloud.state.touch();
    return;
  }
  for (const [key, value] of Object.entries(remote.properties)) {
    if (DOWNLOAD_PROPERTY_PREFIXES.some((p) => key.startsWith(p))) image.properties[key] = value;
  }
  let data = remote.data;
  if (data.kind === 'blob') {
    const bytes = source.blobs.get(data.blobId);
    if (bytes) cloud.state.blobs.set(image.id, bytes); // Buffers are immutable here: shared
    data = { kind: 'blob', blobId: image.id };
  }
  Object.assign(image, {
    diskFormat: remote.diskFormat, containerFormat: remote.containerFormat, data, size, virtualSize: remote.virtualSize,
    checksum: remote.checksum, osHashAlgo: remote.osHashAlgo, osHashValue: remote.osHashValue, status: 'active',
  } satisfies Partial<Image>);
  cloud.state.touch();
}
