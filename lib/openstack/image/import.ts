// Glance's interoperable image import (Image API 2.6+): the methods a cloud offers
// (GET /v2/info/import) and POST /v2/images/{id}/import. Only glance-download is sent here:
// the target Glance pulls an image from another region of the same Keystone with the
// caller's token (glance/async_/flows/_internal_plugins/glance_download.py, Zed).
import { z } from 'zod';
import type { Connection } from '../client';
import { request } from '../http';
import { endpointInterfaceSchema } from '../identity/catalog';

const enc = encodeURIComponent;
export const importUrls = {
  info: () => '/info/import',
  importImage: (id: string) => `/images/${enc(id)}/import`,
};

/** `{"import-methods": {"description", "type": "array", "value": [...]}}` (api-ref sample). */
const importInfoSchema = z.looseObject({
  'import-methods': z.looseObject({ value: z.array(z.string()) }),
});

/** The import methods this Glance has enabled. Zed's default is glance-direct, web-download
 * and copy-image: glance-download must be enabled by the operator (enabled_import_methods). */
export async function getImportMethods(conn: Connection): Promise<string[]> {
  const reply = await request(conn, { service: 'image', method: 'GET', path: importUrls.info(), ok: [200], parse: importInfoSchema });
  return reply.data['import-methods'].value;
}

export const glanceDownloadOptsSchema = z.object({
  /** The image in the other region (Glance checks it looks like a UUID: 400 otherwise). */
  glanceImageId: z.guid(),
  /** Matched case-insensitively against the region of the caller's catalog. */
  glanceRegion: z.string().min(1).max(255),
  glanceServiceInterface: endpointInterfaceSchema.default('public'),
});
export type GlanceDownloadOpts = z.input<typeof glanceDownloadOptsSchema>;

/**
 * Asks the target Glance to pull the image from another region (202, no body). The target
 * must be queued with disk and container formats set (409 otherwise); it then goes
 * importing → active, or back to queued when the task fails. Glance copies only the
 * source's properties matching [glance_download_properties] extra_properties (hw_,
 * trait:, os_distro, os_secure_boot, os_type by default): the caller sets the rest when it
 * creates the target.
 */
export async function importGlanceDownload(conn: Connection, imageId: string, opts: GlanceDownloadOpts): Promise<void> {
  const o = glanceDownloadOptsSchema.parse(opts);
  await request(conn, {
    service: 'image', method: 'POST', path: importUrls.importImage(imageId),
    json: {
      method: {
        name: 'glance-download', glance_image_id: o.glanceImageId, glance_region: o.glanceRegion,
        glance_service_interface: o.glanceServiceInterface,
      },
    },
    ok: [202], parse: 'none',
  });
}
