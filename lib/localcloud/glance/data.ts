// Image data: PUT /v2/images/{id}/file hashes the upload as it arrives (md5 + sha512, like
// glance_store), GET streams it (synthetic images cost no memory) with Range support.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CloudContext } from '../context';
import { type Caller, findImage, requireOwner } from './access';
import { GlanceError, fail, rangeNotSatisfiable, unsupportedMediaType } from './errors';
import { mediaType } from './patch';
import { dataSize, dataStream } from '../state/image-data';
import { glanceTime, type Image } from '../state/state';

/** image_size_cap for this cloud: uploads are kept in memory, so far below Glance's 1 TiB. */
export const IMAGE_SIZE_CAP = 1024 ** 3;

/** Glance answers 204s with webob's default content type and no body. */
const NO_CONTENT = { 'Content-Type': 'text/html; charset=UTF-8' };
export const noContent = () => new Response(null, { status: 204, headers: NO_CONTENT });

const tooLarge = () => new GlanceError(413, 'The incoming image is too large: The provided image is too large.');

/** Read a body stream to its end, hashing on the way; 413 as soon as it passes `cap`. */
export async function readHashed(body: ReadableStream<Uint8Array> | null, cap: number): Promise<{ data: Buffer; md5: string; sha512: string }> {
  const md5 = createHash('md5');
  const sha512 = createHash('sha512');
  const chunks: Buffer[] = [];
  let size = 0;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > cap) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      md5.update(value);
      sha512.update(value);
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  }
  return { data: Buffer.concat(chunks, size), md5: md5.digest('hex'), sha512: sha512.digest('hex') };
}

/** Image.status's transition rule as glance.domain enforces it when an upload starts. */
function startSaving(image: Image): void {
  if (image.status !== 'queued') fail(409, `Image status transition from ${image.status} to saving is not allowed`);
  const missing = (['disk_format', 'container_format'] as const).filter((k) => (k === 'disk_format' ? !image.diskFormat : !image.containerFormat));
  if (missing.length === 1) fail(400, `Property ${missing[0]} must be set prior to saving data.`);
  if (missing.length === 2) fail(400, `Properties ${missing.join(', ')} must be set prior to saving data.`);
}

export async function upload(cloud: CloudContext, caller: Caller, id: string, req: Request, cap = IMAGE_SIZE_CAP): Promise<Response> {
  const contentType = req.headers.get('Content-Type');
  if (mediaType(contentType ?? undefined) !== 'application/octet-stream') throw unsupportedMediaType(contentType ?? '');
  const image = findImage(cloud, caller, id);
  requireOwner(caller, image);
  startSaving(image);
  const declared = Number(req.headers.get('Content-Length') ?? 0);
  if (declared > cap) throw tooLarge();

  image.status = 'saving';
  image.updatedAt = glanceTime();
  cloud.state.touch();
  let body;
  try {
    body = await readHashed(req.body, cap);
  } catch (err) {
    // Glance restores a failed upload to queued so that it can be retried.
    if (cloud.state.image(id) === image) {
      image.status = 'queued';
      cloud.state.touch();
    }
    throw err;
  }
  if (cloud.state.image(id) !== image) {
    fail(410, `Image ${id} could not be found after upload. The image may have been deleted during the upload: No image found with ID ${id}`);
  }
  cloud.state.blobs.set(id, body.data);
  Object.assign(image, {
    data: { kind: 'blob', blobId: id },
    size: body.data.length,
    checksum: body.md5,
    osHashAlgo: 'sha512',
    osHashValue: body.sha512,
    status: 'active',
    updatedAt: glanceTime(),
  } satisfies Partial<Image>);
  cloud.state.touch();
  return noContent();
}

/** Request.get_range_from_request and webob.byterange.Range.parse: [start, end) or null. */
function parseRange(header: string, size: number): { start: number; end: number | null } {
  if (header.includes(',')) {
    fail(400, 'Requests with multiple ranges are not supported in Glance. You may make multiple single-range requests instead.');
  }
  const m = /^bytes *= *(\d*) *- *(\d*)/i.exec(header);
  let range: { start: number; end: number | null } | null = null;
  if (m && (m[1] || m[2])) {
    if (!m[1]) range = { start: -Number(m[2]), end: null };
    else if (!m[2]) range = { start: Number(m[1]), end: null };
    else if (Number(m[1]) < Number(m[2]) + 1) range = { start: Number(m[1]), end: Number(m[2]) + 1 };
  }
  if (!range) throw rangeNotSatisfiable('Invalid Range header.');
  if (range.start >= size) {
    throw rangeNotSatisfiable(`Invalid start position in Range header. Start position MUST be in the inclusive range [0, ${size - 1}].`);
  }
  return range;
}

export function download(cloud: CloudContext, caller: Caller, id: string, rangeHeader: string | undefined): Response {
  const image = findImage(cloud, caller, id);
  if (image.status === 'deactivated' && !caller.isAdmin) {
    fail(403, 'The requested image has been deactivated. Image data download is forbidden.');
  }
  const stored = dataSize(cloud.state, image.data);
  if (stored === null) return noContent(); // no location: ImageDataNotFound
  const size = image.size ?? stored;
  let offset = 0;
  let length = size;
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
  let status = 200;
  if (rangeHeader !== undefined) {
    // ResponseSerializer.download: a suffix longer than the image means the whole image.
    const range = parseRange(rangeHeader, size);
    let last = size - 1;
    if (range.start >= 0) offset = range.start;
    else if (-range.start < size) offset = size + range.start;
    if (range.end !== null && range.end < size) {
      length = range.end - offset;
      last = range.end - 1;
    } else length = size - offset;
    status = 206;
    headers['Content-Range'] = `bytes ${offset}-${last}/${size}`;
  }
  if (image.checksum) headers['Content-MD5'] = image.checksum;
  headers['Content-Length'] = String(length);
  const stream = dataStream(cloud.state, image.data, offset, offset + length);
  // node:stream/web's ReadableStream and the DOM one are the same object under two types.
  return new Response(Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>, { status, headers });
}
