/**
 * GET /api/images/{id}/file — the image data, streamed from Glance to the browser as it
 * arrives (the body is passed through, never buffered: multi-GB images use no memory here).
 * Content-MD5 is Glance's; X-Image-Checksum / X-Image-Hash repeat the image record. The
 * length is set as Content-Length, which Next.js 16 drops from route handler responses
 * (they would go out chunked), so it is also sent as X-Image-Size, which the production
 * server (scripts/serve.ts) turns back into Content-Length. A single `Range` is passed on
 * (206), so browsers can resume.
 *   409  Glance answered 204: the image has no data (queued, or a volume snapshot's empty
 *        container): nothing to download.
 *   403  Glance refuses data of deactivated images to non-admins: its message is passed on.
 *   416  Glance's answer to a range that does not fit the data (starting past its end, or
 *        ending before it starts), with a Content-Range that names the size (RFC 9110), so
 *        that a browser resuming the download of a changed image starts over.
 */
import 'server-only';
import { OpenStackError } from '@/lib/openstack/errors';
import { downloadImage, getImage, rangeHeaderSchema, type ImageDownload } from '@/lib/openstack/image/images';
import { apiError, withSession } from '@/lib/server/api';
import { downloadHeaders } from '@/lib/images/download';
import { imageIdParams } from '@/lib/images/contract';

export const GET = withSession({ params: imageIdParams }, async ({ req, params, conn }) => {
  const image = await getImage(conn, params.id);
  const range = rangeHeaderSchema.safeParse(req.headers.get('range') ?? undefined);
  let dl: ImageDownload;
  try {
    dl = await downloadImage(conn, image.id, { signal: req.signal, ...(range.success ? { range: range.data } : {}) });
  } catch (err) {
    if (err instanceof OpenStackError && err.is(416)) return rangeNotSatisfiable(image.size, err.requestId);
    throw err;
  }
  if (dl.status === 204 || !dl.body) {
    return apiError(409, `"${image.name ?? image.id}" has no data to download (status ${image.status}${image.size === 0 ? ', size 0: a volume snapshot keeps its data in Cinder' : ''}).`);
  }
  const headers = downloadHeaders({
    name: image.name ?? '', id: image.id, diskFormat: image.diskFormat, contentLength: dl.contentLength,
    // Content-MD5 is the whole image's: wrong on a part.
    contentMd5: dl.status === 206 ? null : dl.contentMd5,
    checksum: image.checksum, hashAlgo: image.hashAlgo, hashValue: image.hashValue,
  });
  if (dl.status === 206 && dl.contentRange) headers.set('Content-Range', dl.contentRange);
  headers.set('Accept-Ranges', 'bytes');
  // Glance's body as it comes: already in ~1 MiB chunks, so Next's pipe writes each MiB once.
  return new Response(dl.body, { status: dl.status, headers });
});

function rangeNotSatisfiable(size: number | null, requestId: string | null): Response {
  const res = apiError(416, `The requested byte range does not fit the image's data${size === null ? '' : ` (${size} bytes)`}.`, requestId);
  if (size !== null) res.headers.set('Content-Range', `bytes */${size}`);
  return res;
}
